package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.graphql.RequestInstrumentation;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/** Every query of the schema against the demo catalog, whose shape the assertions know. */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class CatalogQueryTests extends IntegrationTest {

    @Autowired
    SchemaInspection inspection;

    @BeforeEach
    void ingestDemo() {
        assertThat(refresh("demo").succeeded()).isTrue();
    }

    private GraphQlTester.Response filtered(Map<String, Object> filter) {
        return graphQl.documentName("filtered").variable("filter", filter).variable("first", 500).execute();
    }

    private List<String> names(Map<String, Object> filter) {
        return filtered(filter).path("entities.edges[*].node.name").entityList(String.class).get();
    }

    @Test
    void everySchemaFieldIsMapped() {
        var report = inspection.report();
        assertThat(report.unmappedFields()).isEmpty();
        assertThat(report.unmappedRegistrations()).isEmpty();
        assertThat(report.unmappedArguments()).isEmpty();
        assertThat(report.skippedTypes()).isEmpty();
    }

    @Test
    void theContractDocumentsWorkVerbatim() {
        graphQl.documentName("contractEntity").execute().path("entity.relations").entityList(Map.class).hasSizeGreaterThan(3);
        graphQl.documentName("contractPage").execute().path("entities.totalCount").entity(Integer.class).isEqualTo(35);
        graphQl.documentName("contractGraph").execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes[0].ref").entity(String.class).isEqualTo("component:default/payment-api")
                .path("graph.nodes[?(@.ref == 'resource:default/primary-postgres-cluster')].depth").entityList(Integer.class).containsExactly(4)
                .path("graph.edges[*].type").entityList(String.class).satisfies(types -> assertThat(types).containsOnly("dependsOn"));
    }

    @Test
    void typedFieldsAndRelationsOfAComponent() {
        graphQl.documentName("component").variable("ref", "component:default/payment-api").execute()
                .path("entity.apiVersion").entity(String.class).isEqualTo("backstage.io/v1alpha1")
                .path("entity.tags").entityList(String.class).containsExactly("java", "pci")
                .path("entity.annotation").entity(String.class).isEqualTo("pinecone/payment-api")
                .path("entity.links[0].title").entity(String.class).isEqualTo("Dashboard")
                .path("entity.type").entity(String.class).isEqualTo("service")
                .path("entity.owner.ref").entity(String.class).isEqualTo("group:default/payments-team")
                .path("entity.owner.profile.displayName").entity(String.class).isEqualTo("Payments")
                .path("entity.system.domain.ref").entity(String.class).isEqualTo("domain:default/commerce")
                .path("entity.dependsOn.totalCount").entity(Integer.class).isEqualTo(2)
                .path("entity.dependsOn.edges[*].ref").entityList(String.class)
                .containsExactly("component:default/fraud-service", "component:default/payment-gateway-adapter")
                .path("entity.dependents.edges[*].ref").entityList(String.class).containsExactly("component:default/checkout-service")
                .path("entity.providesApis.edges[0].node.type").entity(String.class).isEqualTo("openapi")
                .path("entity.line").entity(Integer.class).satisfies(line -> assertThat(line).isPositive());
    }

    @Test
    void relationConnectionsPageWithCursorsAndKeepTheirTotalPastTheEnd() {
        var first = graphQl.documentName("systemComponents").variable("first", 2).execute();
        first.path("entity.components.totalCount").entity(Integer.class).isEqualTo(5)
                .path("entity.components.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true)
                .path("entity.components.edges[*].ref").entityList(String.class)
                .containsExactly("component:default/basket-service", "component:default/checkout-service");
        String cursor = first.path("entity.components.pageInfo.endCursor").entity(String.class).get();
        var rest = graphQl.documentName("systemComponents").variable("first", 10).variable("after", cursor).execute();
        rest.path("entity.components.totalCount").entity(Integer.class).isEqualTo(5)
                .path("entity.components.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false)
                .path("entity.components.edges[*].ref").entityList(String.class).containsExactly("component:default/order-service",
                        "component:default/pricing-service", "component:default/promotions-service");
        String last = rest.path("entity.components.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("systemComponents").variable("after", last).execute()
                .path("entity.components.totalCount").entity(Integer.class).isEqualTo(5)
                .path("entity.components.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void aDanglingRelationStillShowsItsTarget() {
        db.sql("DELETE FROM entities WHERE entity_key = 'resource:default/ledger-db'").then().block();
        graphQl.documentName("danglingDependency").execute()
                .path("entity.dependsOn.totalCount").entity(Integer.class).isEqualTo(2)
                .path("entity.dependsOn.edges[?(@.ref == 'resource:default/ledger-db')].node").entityList(Object.class).containsExactly((Object) null)
                .path("entity.relations[?(@.targetRef == 'resource:default/ledger-db')].target").entityList(Object.class).containsExactly((Object) null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            owner direct     | {"kind": ["component"], "owner": ["payments-team"]}                              | 6
            owner transitive | {"kind": ["component"], "owner": ["group:commerce-tribe"], "ownerTransitive": true} | 21
            owner of tribe   | {"kind": ["component"], "owner": ["group:commerce-tribe"]}                       | 0
            system           | {"system": ["payments"]}                                                          | 11
            domain           | {"kind": ["component"], "domain": ["operations"]}                                 | 14
            type             | {"kind": ["component"], "type": ["WEBSITE"]}                                      | 4
            lifecycle        | {"lifecycle": ["experimental"]}                                                   | 3
            tags any         | {"tagsAny": ["rust", "scala"]}                                                    | 2
            tags all         | {"tagsAll": ["java", "pci"]}                                                      | 3
            annotation       | {"kind": ["component"], "annotations": [{"key": "pagerduty.com/service-id"}]}     | 24
            no annotation    | {"kind": ["component"], "not": {"annotations": [{"key": "github.com/project-slug"}]}} | 5
            annotation value | {"annotations": [{"key": "github.com/project-slug", "value": "pinecone/stagehand"}]} | 1
            text             | {"text": "ledger"}                                                                | 4
            name prefix      | {"text": "paym"}                                                                  | 8
            without owner    | {"kind": ["user", "group"], "hasOwner": false}                                    | 26
            or               | {"or": [{"kind": ["domain"]}, {"kind": ["system"]}]}                              | 9
            and + not        | {"and": [{"kind": ["api"]}], "not": {"type": ["openapi"]}}                        | 3
            namespace        | {"namespace": ["other"]}                                                          | 0
            """)
    void filtersCombine(String name, String filterJson, int expected) throws Exception {
        Map<String, Object> filter = new tools.jackson.databind.json.JsonMapper().readValue(filterJson, Map.class);
        filtered(filter).path("entities.totalCount").entity(Integer.class).isEqualTo(expected)
                .path("entities.edges").entityList(Object.class).hasSize(expected);
    }

    @Test
    void ownerTransitiveMatchesTheSqlOfTheGroupTree() {
        String expected = single("""
                WITH RECURSIVE g(k) AS (SELECT 'group:default/engineering' COLLATE "C" UNION
                    SELECT r.target_key FROM relations r JOIN g ON r.source_key = g.k AND r.type = 'parentOf')
                SELECT count(DISTINCT r.source_key) FROM relations r WHERE r.type = 'ownedBy' AND r.target_key IN (SELECT k FROM g)""");
        filtered(Map.of("owner", List.of("engineering"), "ownerTransitive", true))
                .path("entities.totalCount").entity(Integer.class).isEqualTo(Integer.parseInt(expected));
    }

    @Test
    void ownerTransitiveOfAUserIsWhatTheUserAndTheirGroupsOwn() {
        // Grace is in platform-team and sre-team (people.yaml): what those teams and the groups below them own
        String expected = single("""
                WITH RECURSIVE g(k) AS (SELECT 'user:default/grace.hopper' COLLATE "C" UNION SELECT 'group:default/platform-team'
                    UNION SELECT 'group:default/sre-team'
                    UNION SELECT r.target_key FROM relations r JOIN g ON r.source_key = g.k AND r.type = 'parentOf')
                SELECT count(DISTINCT r.source_key) FROM relations r WHERE r.type = 'ownedBy' AND r.target_key IN (SELECT k FROM g)""");
        assertThat(Integer.parseInt(expected)).isGreaterThan(1);
        filtered(Map.of("owner", List.of("user:grace.hopper"), "ownerTransitive", true))
                .path("entities.totalCount").entity(Integer.class).isEqualTo(Integer.parseInt(expected));
        assertThat(names(Map.of("owner", List.of("user:grace.hopper")))).as("without ownerTransitive, what she owns herself: nothing").isEmpty();
    }

    @Test
    void hasProblemsFindsEntitiesWithRecordedProblems() {
        db.sql("INSERT INTO problems (source, severity, location, entity_ref, message) VALUES ('demo', 'WARNING', 'x', 'component:default/image-resizer', 'm')")
                .then().block();
        assertThat(names(Map.of("hasProblems", true))).containsExactly("image-resizer");
        assertThat(names(Map.of("hasProblems", false))).hasSize(96);
    }

    @Test
    void ordersAndPagesWithCursorsInEveryDirection() {
        List<String> expected = column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY lower(coalesce(title, name)) DESC, entity_key DESC");
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            var response = graphQl.documentName("filtered").variable("filter", Map.of("kind", List.of("Component")))
                    .variable("orderBy", List.of(Map.of("field", "TITLE", "direction", "DESC"))).variable("first", 8)
                    .variable("after", after).execute();
            seen.addAll(response.path("entities.edges[*].node.name").entityList(String.class).get());
            Map<String, Object> info = response.path("entities.pageInfo").entity(Map.class).get();
            more = (Boolean) info.get("hasNextPage");
            after = (String) info.get("endCursor");
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void pagesBackwardWithLastAndBeforeAndTellsExactlyWhatLiesOnEitherSide() {
        List<String> expected = column("SELECT name FROM entities WHERE kind = 'Component' ORDER BY lower(coalesce(title, name)) DESC, entity_key DESC");
        List<String> seen = new ArrayList<>();
        String before = null;
        boolean more = true;
        while (more) {
            var page = componentsByTitle(null, null, 8, before);
            Map<String, Object> info = page.path("entities.pageInfo").entity(Map.class).get();
            seen.addAll(0, page.path("entities.edges[*].node.name").entityList(String.class).get());
            assertThat(info.get("hasNextPage")).isEqualTo(before != null);
            more = (Boolean) info.get("hasPreviousPage");
            before = (String) info.get("startCursor");
        }
        assertThat(seen).isEqualTo(expected);

        Map<String, Object> first = componentsByTitle(8, null, null, null).path("entities.pageInfo").entity(Map.class).get();
        assertThat(first).containsEntry("hasPreviousPage", false).containsEntry("hasNextPage", true);
        var second = componentsByTitle(8, (String) first.get("endCursor"), null, null);
        second.path("entities.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true)
                .path("entities.edges[*].node.name").entityList(String.class).isEqualTo(expected.subList(8, 16));
        // a page beside the first row or the last is empty, and knows what lies on the other side
        componentsByTitle(null, null, 8, (String) first.get("startCursor"))
                .path("entities.edges").entityList(Object.class).hasSize(0)
                .path("entities.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String lastCursor = componentsByTitle(null, null, 1, null).path("entities.pageInfo.endCursor").entity(String.class).get();
        componentsByTitle(8, lastCursor, null, null)
                .path("entities.edges").entityList(Object.class).hasSize(0)
                .path("entities.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        // both cursors bound the window; first and last then take from either end of it
        String secondEnd = second.path("entities.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("filtered").variable("filter", Map.of("kind", List.of("Component")))
                .variable("orderBy", List.of(Map.of("field", "TITLE", "direction", "DESC")))
                .variable("after", first.get("startCursor")).variable("before", secondEnd).variable("last", 3).execute()
                .path("entities.edges[*].node.name").entityList(String.class).isEqualTo(expected.subList(12, 15))
                .path("entities.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void aPathOrderPagesBackwardToTheSameListWithEntitiesLackingTheValueLastInBothDirections() {
        for (String direction : List.of("ASC", "DESC")) {
            List<Map<String, Object>> order = List.of(Map.of("path", "spec.lifecycle", "direction", direction));
            List<String> forward = graphQl.documentName("filtered").variable("orderBy", order).variable("first", 500).execute()
                    .path("entities.edges[*].node.ref").entityList(String.class).get();
            List<String> backward = new ArrayList<>();
            String before = null;
            boolean more = true;
            while (more) {
                var page = graphQl.documentName("filtered").variable("orderBy", order).variable("last", 7).variable("before", before).execute();
                backward.addAll(0, page.path("entities.edges[*].node.ref").entityList(String.class).get());
                more = page.path("entities.pageInfo.hasPreviousPage").entity(Boolean.class).get();
                before = page.path("entities.pageInfo.startCursor").entity(String.class).get();
            }
            assertThat(backward).isEqualTo(forward);
            // users and groups have no lifecycle: they come last either way
            assertThat(forward.get(forward.size() - 1)).matches("(user|group|location|domain|system|template):.*");
        }
    }

    @Test
    void firstAndLastTogetherAreRefused() {
        graphQl.document("{ entities(first: 2, last: 2) { totalCount } }").execute().errors().satisfy(errors -> assertThat(errors)
                .singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("either first or last");
                }));
        graphQl.document("{ entities(last: 501) { totalCount } }").execute().errors().satisfy(errors -> assertThat(errors)
                .singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("last must be between 0 and 500");
                }));
    }

    private GraphQlTester.Response componentsByTitle(Integer first, String after, Integer last, String before) {
        return graphQl.documentName("filtered").variable("filter", Map.of("kind", List.of("Component")))
                .variable("orderBy", List.of(Map.of("field", "TITLE", "direction", "DESC")))
                .variable("first", first).variable("after", after).variable("last", last).variable("before", before).execute();
    }

    @Test
    void validateEntityGivesTheProblemsIngestionRecordsAndStoresNothing() {
        String before = single("SELECT count(*) FROM entities");
        Map<String, Object> descriptor = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Component",
                "metadata", Map.of("name", "checked"), "spec", Map.of("type", "service", "lifecycle", "production", "owner", "team-a"));
        String query = "query V($d: JSON!, $l: String) { validateEntity(descriptor: $d, location: $l) { valid problems } }";
        graphQl.document(query).variable("d", descriptor).variable("l", "url:https://example.com/x.yaml").execute()
                .path("validateEntity.valid").entity(Boolean.class).isEqualTo(true)
                .path("validateEntity.problems").entityList(String.class).hasSize(0);
        graphQl.document(query).variable("d", Map.of("kind", "Component", "metadata", Map.of("name", "checked"), "extra", 1)).execute()
                .path("validateEntity.valid").entity(Boolean.class).isEqualTo(false)
                .path("validateEntity.problems").entityList(String.class).satisfies(problems -> assertThat(problems)
                        .anySatisfy(p -> assertThat(p).contains("apiVersion"))
                        .anySatisfy(p -> assertThat(p).contains("Unknown root field \"extra\"")));
        graphQl.document(query).variable("d", List.of(1, 2)).execute()
                .path("validateEntity.problems[0]").entity(String.class).satisfies(p -> assertThat(p).contains("must be a YAML mapping"));
        graphQl.document(query).variable("d", descriptor).variable("l", "no location").execute().errors().satisfy(errors -> assertThat(errors)
                .singleElement().satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
        assertThat(single("SELECT count(*) FROM entities")).isEqualTo(before);
    }

    @Test
    void aCursorOfAnotherOrderIsRefused() {
        String cursor = graphQl.documentName("filtered").variable("first", 1).execute()
                .path("entities.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("filtered").variable("after", cursor).variable("orderBy", List.of(Map.of("field", "NAME")))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }

    @Test
    void facetsCountValues() {
        graphQl.document("{ facets(field: KIND) { value count } }").execute()
                .path("facets[?(@.value == 'Component')].count").entityList(Integer.class).containsExactly(35)
                .path("facets[0].value").entity(String.class).isEqualTo("Component");
        graphQl.document("{ facets(field: TAG, filter: {system: [\"payments\"]}) { value count } }").execute()
                .path("facets[0]").entity(Map.class).isEqualTo(Map.of("value", "java", "count", 4));
        graphQl.document("{ facets(field: OWNER, filter: {kind: [\"System\"]}) { value count } }").execute()
                .path("facets[*].count").entityList(Integer.class).satisfies(counts -> assertThat(counts.stream().mapToInt(i -> i).sum()).isEqualTo(7));
    }

    @Test
    void relationsQueryPagesThroughEdges() {
        int total = Integer.parseInt(single("SELECT count(DISTINCT (source_key, target_key)) FROM relations WHERE type = 'ownedBy'"));
        List<String> all = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            var response = graphQl.documentName("ownershipRelations").variable("after", after).execute();
            response.path("relations.totalCount").entity(Integer.class).isEqualTo(total);
            all.addAll(response.path("relations.edges[*].node.source").entityList(String.class).get());
            more = response.path("relations.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = response.path("relations.pageInfo.endCursor").entity(String.class).get();
        }
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        graphQl.document("{ relations(source: \"component:payment-api\", type: [\"ownedBy\"]) { edges { node { target } } } }").execute()
                .path("relations.edges[*].node.target").entityList(String.class).containsExactly("group:default/payments-team");
    }

    @Test
    void relationsPageBackwardToTheSameEdgesAndTellExactlyWhatLiesBeside() {
        List<String> expected = column("SELECT DISTINCT source_ref || ' ' || target_ref, source_key, target_key FROM relations"
                + " WHERE type = 'ownedBy' ORDER BY source_key, target_key");
        List<String> backward = new ArrayList<>();
        String before = null;
        boolean more = true;
        while (more) {
            var response = graphQl.documentName("ownershipRelationsBackward").variable("before", before).execute();
            List<String> sources = response.path("relations.edges[*].node.source").entityList(String.class).get();
            List<String> targets = response.path("relations.edges[*].node.target").entityList(String.class).get();
            List<String> page = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                page.add(sources.get(i) + " " + targets.get(i));
            }
            backward.addAll(0, page);
            response.path("relations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(before != null);
            more = response.path("relations.pageInfo.hasPreviousPage").entity(Boolean.class).get();
            before = response.path("relations.pageInfo.startCursor").entity(String.class).get();
        }
        assertThat(backward).hasSize(expected.size()).isEqualTo(expected);
        // the first edge's cursor: nothing before it, the rest after
        graphQl.documentName("ownershipRelationsBackward").variable("before", before).execute()
                .path("relations.edges").entityList(Object.class).hasSize(0)
                .path("relations.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false)
                .path("relations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String secondPageEnd = graphQl.document("{ relations(type: [\"ownedBy\"], first: 2) { pageInfo { endCursor } } }").execute()
                .path("relations.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("ownershipRelationsBackward").variable("after", before).variable("before", secondPageEnd).execute()
                .path("relations.edges").entityList(Object.class).hasSize(0)
                .path("relations.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true)
                .path("relations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void whatBreaksIfTheDatabaseClusterGoesDown() {
        graphQl.documentName("walk").variable("roots", List.of("resource:primary-postgres-cluster"))
                .variable("types", List.of("dependsOn")).variable("direction", "INCOMING").variable("maxDepth", 10).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes[*].ref").entityList(String.class)
                .contains("resource:default/ledger-db", "component:default/ledger-service", "component:default/payment-api",
                        "component:default/checkout-service", "component:default/storefront-web")
                .path("graph.nodes[?(@.ref == 'component:default/storefront-web')].depth").entityList(Integer.class).containsExactly(3);
    }

    @Test
    void boundsTruncateAWalk() {
        graphQl.documentName("walk").variable("roots", List.of("component:storefront-web")).variable("types", List.of("dependsOn"))
                .variable("maxDepth", 1).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(true)
                .path("graph.nodes[*].depth").entityList(Integer.class).satisfies(d -> assertThat(d).containsOnly(0, 1));
        graphQl.documentName("walk").variable("roots", List.of("component:storefront-web")).variable("maxNodes", 3).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(true)
                .path("graph.nodes").entityList(Object.class).hasSize(3);
        graphQl.documentName("walk").variable("roots", List.of("group:pinecone")).variable("types", List.of("parentOf", "childOf"))
                .variable("direction", "BOTH").variable("maxDepth", 10).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes").entityList(Object.class).hasSize(12);
    }

    @Test
    void shortestPathsAndTheirAbsence() {
        graphQl.document("{ path(from: \"component:storefront-web\", to: \"resource:primary-postgres-cluster\", relationTypes: [\"dependsOn\"]) { length nodes edges { type } } }")
                .execute()
                .path("path.length").entity(Integer.class).isEqualTo(3)
                .path("path.nodes[0]").entity(String.class).isEqualTo("component:default/storefront-web")
                .path("path.nodes[3]").entity(String.class).isEqualTo("resource:default/primary-postgres-cluster");
        graphQl.document("{ path(from: \"resource:primary-postgres-cluster\", to: \"component:storefront-web\", relationTypes: [\"dependsOn\"]) { length } }")
                .execute().path("path").valueIsNull();
    }

    @Test
    void entitiesByRefsKeepsOrderAndNulls() {
        graphQl.document("{ entitiesByRefs(refs: [\"system:payments\", \"component:nope\", \"group:sre-team\"]) { ref } }").execute()
                .path("entitiesByRefs[0].ref").entity(String.class).isEqualTo("system:default/payments")
                .path("entitiesByRefs[1]").valueIsNull()
                .path("entitiesByRefs[2].ref").entity(String.class).isEqualTo("group:default/sre-team");
    }

    @Test
    void everyKindHasItsType() {
        graphQl.document("""
                        { entities(first: 500) { nodes { __typename kind } } }""").execute()
                .path("entities.nodes[?(@.kind == 'API')].__typename").entityList(String.class).satisfies(t -> assertThat(t).containsOnly("Api"))
                .path("entities.nodes[?(@.kind == 'Location')].__typename").entityList(String.class).satisfies(t -> assertThat(t).containsOnly("Location"));
        graphQl.document("""
                        { entity(ref: "system:checkout") { ... on System { components(filter: {lifecycle: ["experimental"]}) { edges { ref } } apis { totalCount } resources { totalCount } } } }""")
                .execute()
                .path("entity.components.edges[*].ref").entityList(String.class).containsExactly("component:default/promotions-service")
                .path("entity.apis.totalCount").entity(Integer.class).isEqualTo(3)
                .path("entity.resources.totalCount").entity(Integer.class).isEqualTo(3);
        graphQl.documentName("groupUserAndLocation").execute()
                .path("entity.parent.ref").entity(String.class).isEqualTo("group:default/engineering")
                .path("entity.children.totalCount").entity(Integer.class).isEqualTo(3)
                .path("user.memberOf.edges[*].ref").entityList(String.class).containsExactly("group:default/platform-team", "group:default/sre-team")
                .path("user.profile.email").entity(String.class).isEqualTo("grace.hopper@pinecone.example")
                .path("location.presence").entity(String.class).isEqualTo("required")
                .path("location.targets").entityList(String.class).hasSize(4);
    }

    @Test
    void refreshMutationsStartARun() {
        admin().document("mutation { refreshSource(name: \"demo\") { source status entitiesRead changed } }").execute()
                .path("refreshSource.status").entity(String.class).isEqualTo("SUCCEEDED")
                .path("refreshSource.entitiesRead").entity(Integer.class).isEqualTo(97)
                .path("refreshSource.changed").entity(Integer.class).isEqualTo(0);
        admin().document("mutation { refreshEntity(ref: \"component:payment-api\") { source status } }").execute()
                .path("refreshEntity.source").entity(String.class).isEqualTo("demo");
        admin().document("mutation { refreshSource(name: \"nope\") { status } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.NOT_FOUND)));
    }

    @Test
    void sourcesRunsAndProblems() {
        graphQl.document("{ sources { name state lastSuccessAt entityCount problemCount runs { status } } runs(source: \"demo\") { id } problems(filter: {severity: ERROR}) { message } }")
                .execute()
                .path("sources[0].state").entity(String.class).isEqualTo("OK")
                .path("sources[0].entityCount").entity(Integer.class).isEqualTo(97)
                .path("runs").entityList(Object.class).hasSize(1)
                .path("problems").entityList(Object.class).hasSize(0);
    }

    @Test
    void sourceAndRunFieldsAreTypedAndEdgesNameTheirEndsAsRefs() {
        var response = graphQl.documentName("sourcesRunsAndEdgeRefs").execute();
        response.path("sources[0].type").entity(String.class).isEqualTo("demo")
                .path("sources[0].circuitState").valueIsNull()
                .path("sources[0].runs[0].status").entity(String.class).isEqualTo("SUCCEEDED");
        OffsetDateTime started = OffsetDateTime.parse(response.path("sources[0].runs[0].startedAt").entity(String.class).get());
        OffsetDateTime finished = OffsetDateTime.parse(response.path("sources[0].runs[0].finishedAt").entity(String.class).get());
        OffsetDateTime succeeded = OffsetDateTime.parse(response.path("sources[0].lastSuccessAt").entity(String.class).get());
        assertThat(finished).isAfterOrEqualTo(started).isAtSameInstantAs(succeeded);
        response.path("relations.edges[0].node.sourceRef").entity(String.class).isEqualTo("component:default/payment-api")
                .path("relations.edges[0].node.source").entity(String.class).isEqualTo("component:default/payment-api")
                .path("relations.edges[0].node.targetRef").entity(String.class)
                .satisfies(target -> assertThat(target).startsWith("group:"))
                .path("graph.edges[0].sourceRef").entity(String.class).isEqualTo("component:default/payment-api")
                .path("graph.edges[0].source").entity(String.class).isEqualTo("component:default/payment-api");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            page too big        | { entities(first: 501) { totalCount } }                                           | BAD_REQUEST | between 0 and 500
            graph too deep      | { graph(roots: ["component:a"], maxDepth: 11) { truncated } }                     | BAD_REQUEST | maxDepth
            graph too wide      | { graph(roots: ["component:a"], maxNodes: 5001) { truncated } }                   | BAD_REQUEST | maxNodes
            bad ref             | { entity(ref: "a/b/c") { ref } }                                                  | BAD_REQUEST | missing or empty kind
            bad filter ref      | { entities(filter: {owner: ["a:b:c"]}) { totalCount } }                           | BAD_REQUEST | not on the form
            bad cursor          | { entities(after: "xyz") { totalCount } }                                         | BAD_REQUEST | Invalid cursor
            unknown field       | { entity(ref: "component:a") { nope } }                                           | ValidationError | nope
            malformed           | { entity(ref: "component:a" { ref } }                                             | InvalidSyntax | 
            """)
    void badRequestsGetClassifiedErrors(String name, String document, String classification, String message) {
        graphQl.document(document).execute().errors().satisfy(errors -> {
            assertThat(errors).isNotEmpty();
            if (classification != null) {
                assertThat(errors.get(0).getErrorType().toString()).isEqualTo(classification);
            }
            if (message != null) {
                assertThat(errors.get(0).getMessage()).containsIgnoringCase(message);
            }
        });
    }

    @Test
    void aQueryDeeperThanTheLimitIsRefused() {
        String deep = "{ entity(ref: \"group:sre-team\") { ... on Group { " + "parent { ... on Group { ".repeat(16) + "ref"
                + " } }".repeat(16) + " } } }";
        graphQl.document(deep).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("depth")));
        String shallow = "{ entity(ref: \"group:sre-team\") { ... on Group { parent { ... on Group { parent { ref } } } } } }";
        graphQl.document(shallow).execute().path("entity.parent.parent.ref").entity(String.class).isEqualTo("group:default/engineering");
    }

    @Test
    void queriesCanBeSentWithGetButMutationsCannot() {
        http.get().uri(b -> b.path("/graphql").queryParam("query", "{q}").build("query Q($r: String!) { entity(ref: $r) { name } }"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors[0].message").value(m -> assertThat(m).asString().contains("r"));
        http.get().uri(b -> b.path("/graphql").queryParam("query", "{q}").queryParam("variables", "{v}")
                        .build("query Q($r: String!) { entity(ref: $r) { name } }", "{\"r\": \"component:payment-api\"}"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data.entity.name").isEqualTo("payment-api");
        http.get().uri(b -> b.path("/graphql").queryParam("query", "{q}").build("mutation { refreshSource(name: \"demo\") { id } }"))
                .exchange().expectStatus().isEqualTo(405);
    }

    @Test
    void aRefusedQueryIsRefusedEveryTimeAndAllowedShapesDependOnTheirConditions() {
        String deep = "{ entity(ref: \"group:sre-team\") { ... on Group { " + "parent { ... on Group { ".repeat(16) + "ref"
                + " } }".repeat(16) + " } } }";
        for (int i = 0; i < 2; i++) {
            graphQl.document(deep).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains("maximum query depth exceeded 18 > 15")));
        }
        // the same document is allowed or refused by the variables of its @include
        String conditional = "query Q($deep: Boolean!) { entity(ref: \"group:sre-team\") { ... on Group { ref "
                + "parent @include(if: $deep) { ... on Group { " + "parent { ... on Group { ".repeat(15) + "ref"
                + " } }".repeat(16) + " } } }";
        graphQl.document(conditional).variable("deep", false).execute().path("entity.ref").entity(String.class).isEqualTo("group:default/sre-team");
        graphQl.document(conditional).variable("deep", true).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("maximum query depth exceeded")));
    }

    @Test
    void whatAListAsksForFollowsTheVariablesOfItsConditions() {
        graphQl.documentName("conditionalComponents").variable("d", false).execute()
                .path("entities.edges[*].node.ref").entityList(String.class).hasSize(2)
                .path("entities.totalCount").pathDoesNotExist();
        graphQl.documentName("conditionalComponents").variable("d", true).execute()
                .path("entities.edges[*].node.description")
.entityList(String.class).hasSize(2)
                .path("entities.totalCount").entity(Integer.class).satisfies(n -> assertThat(n).isGreaterThan(2));
    }

    @Autowired
    List<graphql.execution.instrumentation.Instrumentation> instrumentations;

    @Test
    void requestsAreObservedByTheOneInstrumentation() {
        // any other instrumentation bean would be left out by the one installed without Spring's chain
        assertThat(instrumentations).singleElement().isInstanceOf(RequestInstrumentation.class);
        double before = succeededQueries();
        graphQl.document("query Counted { sources { name } }").execute().path("sources").hasValue();
        assertThat(succeededQueries()).isEqualTo(before + 1);
    }

    private double succeededQueries() {
        String series = "graphql_request_seconds_count{error=\"none\",graphql_operation_type=\"query\",graphql_outcome=\"SUCCESS\"} ";
        String text = http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody();
        return text.lines().filter(line -> line.startsWith(series)).mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                .findFirst().orElse(0);
    }

    @Test
    void aQueryMoreComplexThanTheLimitIsRefused() {
        StringBuilder wide = new StringBuilder("{");
        // each alias costs 500 x 3 (a page of 500 entities, each with one field): 300,000 in all
        for (int i = 0; i < 200; i++) {
            wide.append(" a").append(i).append(": entities(first: 500) { nodes { ref } }");
        }
        graphQl.document(wide.append(" }").toString()).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("complexity")));
    }

    @Test
    void thePrintedSchemaAndGraphiQlAreServed() {
        http.get().uri("/graphql/schema").exchange().expectStatus().isOk()
                .expectBody(String.class).value(s -> assertThat(s).contains("interface Entity").contains("type Component implements Entity"));
        http.get().uri("/graphiql").exchange().expectStatus().isOk();
    }
}
