package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's filters on any dot path, over the demo catalog: a filter string matches the same
 * entities in GraphQL as in the REST API, {@code match} follows Backstage's rules, and lists order
 * and facets count by any path. Expected entities come from SQL over the stored descriptors.
 */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class PathFilterTests extends IntegrationTest {

    @BeforeEach
    void ingestDemo() {
        assertThat(refresh("demo").succeeded()).isTrue();
    }

    private GraphQlTester.Response entities(Map<String, Object> filter, List<Map<String, Object>> orderBy, String after) {
        return graphQl.documentName("pathFiltered").variable("filter", filter).variable("orderBy", orderBy).variable("first", 500)
                .variable("after", after).execute();
    }

    private List<String> refs(Map<String, Object> filter) {
        return entities(filter, null, null).path("entities.edges[*].node.ref").entityList(String.class).get();
    }

    /** The refs of the entities an SQL condition over {@code entities} selects, in the API's default order. */
    private List<String> refsWhere(String condition) {
        return column("SELECT ref FROM entities WHERE " + condition + " ORDER BY entity_key");
    }

    private List<String> restRefs(String... filters) {
        JsonNode items = Json.MAPPER.readTree(http.get().uri(b -> {
            b.path("/api/catalog/entities").queryParam("fields", "kind,metadata.namespace,metadata.name");
            for (int i = 0; i < filters.length; i++) {
                b.queryParam("filter", "{f" + i + "}");
            }
            return b.build((Object[]) filters);
        }).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        List<String> refs = new ArrayList<>();
        items.forEach(i -> refs.add((i.path("kind").asString() + ":" + i.path("metadata").path("namespace").asString() + "/"
                + i.path("metadata").path("name").asString()).toLowerCase(java.util.Locale.ROOT)));
        return refs.stream().sorted().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind=component,spec.type=service", "metadata.tags=PYTHON", "Kind=Component,metadata.annotations.backstage.io/techdocs-ref",
            "relations.ownedBy=group:default/payments-team,metadata.tags=java", "kind=api,spec.lifecycle", "spec.owner=payments-team"})
    void aFilterStringMatchesTheSameEntitiesOverRestAndGraphQl(String filter) {
        List<String> graphQlRefs = refs(Map.of("backstage", List.of(filter)));
        assertThat(graphQlRefs).isNotEmpty().isEqualTo(restRefs(filter));
    }

    @Test
    void severalStringsAreAlternativesOverRestAndGraphQlAlike() {
        List<String> expected = refsWhere("kind IN ('Domain', 'System')");
        assertThat(refs(Map.of("backstage", List.of("kind=domain", "KIND=System")))).isNotEmpty().isEqualTo(expected);
        assertThat(restRefs("kind=domain", "KIND=System")).isEqualTo(expected);
        // combined with the other fields of the filter, all required
        assertThat(refs(Map.of("backstage", List.of("kind=domain", "kind=system"), "system", List.of("payments"))))
                .isEqualTo(List.of());
    }

    @Test
    void badSyntaxIsABadRequestNamingWhereItIs() {
        entities(Map.of("backstage", List.of("kind=component", "kind=api,,=x")), null, null).errors().satisfy(errors ->
                assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("'=x' at character 11 of filter 2");
                }));
        entities(Map.of("match", List.of(Map.of("path", "spec.type", "values", List.of("a"), "exists", false))), null, null).errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }

    @Test
    void matchFoldsTheCaseOfPathsAndValues() {
        assertThat(refs(Map.of("match", List.of(Map.of("path", "METADATA.Annotations.GitHub.com/Project-Slug",
                "values", List.of("PINECONE/Feature-Store", "pinecone/nowhere"))))))
                .containsExactly("component:default/feature-store")
                .isEqualTo(refsWhere("descriptor -> 'metadata' -> 'annotations' ->> 'github.com/project-slug' = 'pinecone/feature-store'"));
    }

    @Test
    void matchDescendsArraysAndSeesEachStringItemAsAPathOfItsOwn() {
        List<String> tagged = refsWhere("tags && ARRAY['python', 'scala']");
        assertThat(refs(Map.of("match", List.of(Map.of("path", "metadata.tags", "values", List.of("Python", "scala"))))))
                .hasSizeGreaterThan(1).isEqualTo(tagged);
        assertThat(refs(Map.of("or", List.of(Map.of("match", List.of(Map.of("path", "metadata.tags.python", "values", List.of("TRUE")))),
                Map.of("match", List.of(Map.of("path", "metadata.tags.scala")))))))
                .isEqualTo(tagged);
        // arrays of objects: each object's fields under the array's path
        assertThat(refs(Map.of("match", List.of(Map.of("path", "metadata.links.url")))))
                .isNotEmpty()
                .isEqualTo(refsWhere("jsonb_typeof(descriptor -> 'metadata' -> 'links') = 'array' AND EXISTS"
                        + " (SELECT 1 FROM jsonb_array_elements(descriptor -> 'metadata' -> 'links') l WHERE l ? 'url')"));
    }

    @Test
    void matchOnRelationsNamesTheTargetRefAndCombinesWithNot() {
        assertThat(refs(Map.of("match", List.of(Map.of("path", "relations.ownedBy", "values", List.of("Group:Default/Payments-Team"))),
                "not", Map.of("kind", List.of("Component")))))
                .isNotEmpty()
                .isEqualTo(refsWhere("kind <> 'Component' AND entity_key IN (SELECT source_key FROM relations"
                        + " WHERE type = 'ownedBy' AND target_key = 'group:default/payments-team')"));
    }

    @Test
    void matchWithoutValuesAsksWhetherThePathExists() {
        assertThat(refs(Map.of("kind", List.of("component"), "match", List.of(Map.of("path", "metadata.annotations.pagerduty.com/service-id")))))
                .hasSize(24);
        assertThat(refs(Map.of("match", List.of(Map.of("path", "spec.lifecycle", "exists", false)))))
                .isNotEmpty().isEqualTo(refsWhere("NOT (descriptor -> 'spec' ? 'lifecycle')"));
        assertThat(refs(Map.of("match", List.of(Map.of("path", "relations.memberOf", "exists", true)))))
                .isNotEmpty().isEqualTo(refsWhere("entity_key IN (SELECT source_key FROM relations WHERE type = 'memberOf')"));
    }

    @Test
    void ordersByTitleWithEntitiesWithoutOneLastBothWaysAndPagesThroughThem() {
        for (String direction : List.of("ASC", "DESC")) {
            List<Map<String, Object>> orderBy = List.of(Map.of("path", "metadata.title", "direction", direction));
            List<String> expected = column("SELECT ref FROM entities ORDER BY lower(title) " + direction + " NULLS LAST, entity_key " + direction);
            List<String> all = entities(null, orderBy, null).path("entities.edges[*].node.ref").entityList(String.class).get();
            assertThat(all).isEqualTo(expected);
            assertThat(single("SELECT count(*) FROM entities WHERE title IS NULL AND ref = '" + expected.get(expected.size() - 1) + "'"))
                    .isEqualTo("1");
            List<String> paged = new ArrayList<>();
            String after = null;
            do {
                GraphQlTester.Response page = graphQl.documentName("pathFiltered").variable("orderBy", orderBy).variable("first", 7)
                        .variable("after", after).execute();
                paged.addAll(page.path("entities.edges[*].node.ref").entityList(String.class).get());
                after = page.path("entities.pageInfo.hasNextPage").entity(Boolean.class).get()
                        ? page.path("entities.pageInfo.endCursor").entity(String.class).get() : null;
            } while (after != null);
            assertThat(paged).isEqualTo(expected);
        }
        graphQl.documentName("pathFiltered").variable("orderBy", List.of(Map.of("path", "metadata.title", "field", "NAME"))).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }

    @Test
    void facetsCountTheValuesAtAnyPath() {
        List<Map<String, Object>> expected = db.sql("SELECT spec_type, count(*) AS n FROM entities WHERE kind = 'Component'"
                        + " GROUP BY spec_type ORDER BY n DESC, spec_type")
                .map(row -> Map.<String, Object>of("value", row.get("spec_type", String.class), "count", row.get("n", Long.class).intValue()))
                .all().collectList().block();
        graphQl.documentName("pathFacets").variable("path", "Spec.Type").variable("filter", Map.of("backstage", List.of("kind=component")))
                .execute().path("facets").entityList(Map.class).hasSizeGreaterThan(1).isEqualTo(new ArrayList<>(expected));
        List<Map> byField = graphQl.documentName("pathFacets").variable("field", "TAG").execute().path("facets").entityList(Map.class).get();
        graphQl.documentName("pathFacets").variable("path", "metadata.tags").execute().path("facets").entityList(Map.class).isEqualTo(byField);
        graphQl.documentName("pathFacets").execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }
}
