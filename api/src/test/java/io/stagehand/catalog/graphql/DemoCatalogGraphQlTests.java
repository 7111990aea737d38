package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.graphql.Cursors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.test.context.TestPropertySource;

/** The bundled demo catalog, ingested and queried over HTTP with the documents other tools rely on. */
@TestPropertySource(properties = "stagehand.demo.enabled=true")
class DemoCatalogGraphQlTests extends IntegrationTest {

    @BeforeEach
    void ingestDemo() {
        assertThat(refresh("demo").succeeded()).isTrue();
    }

    @Test
    void theDemoIsARealisticCatalogWithoutProblems() {
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'Component'"))).isGreaterThanOrEqualTo(30);
        assertThat(single("SELECT count(*) FROM entities WHERE kind = 'Domain'")).isEqualTo("2");
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'System'"))).isGreaterThanOrEqualTo(3);
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'API'"))).isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'Resource'"))).isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'User'"))).isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'Location'"))).isGreaterThanOrEqualTo(1);
        // a dependsOn chain at least five levels deep, walked in SQL
        String depth = single("""
                WITH RECURSIVE walk(key, depth) AS (
                    SELECT 'component:default/storefront-web' COLLATE "C", 0
                    UNION
                    SELECT r.target_key, w.depth + 1 FROM walk w JOIN relations r ON r.source_key = w.key AND r.type = 'dependsOn'
                    WHERE w.depth < 20)
                SELECT max(depth) FROM walk""");
        assertThat(Integer.parseInt(depth)).isGreaterThanOrEqualTo(5);
        graphQl.documentName("sources").execute()
                .path("sources[0].name").entity(String.class).isEqualTo("demo")
                .path("sources[0].runs[0].status").entity(String.class).isEqualTo("SUCCEEDED")
                .path("problems").entityList(Object.class).hasSize(0);
    }

    @Test
    void entityByRefAnswersTheContractDocument() {
        graphQl.document("""
                        { entity(ref: "component:default/payment-api") { ref kind namespace name title relations { type targetRef } } }""")
                .execute()
                .path("entity.ref").entity(String.class).isEqualTo("component:default/payment-api")
                .path("entity.kind").entity(String.class).isEqualTo("Component")
                .path("entity.namespace").entity(String.class).isEqualTo("default")
                .path("entity.name").entity(String.class).isEqualTo("payment-api")
                .path("entity.relations[*].type").entityList(String.class).containsExactly(
                        "dependencyOf", "dependsOn", "dependsOn", "ownedBy", "partOf", "providesApi")
                .path("entity.relations[*].targetRef").entityList(String.class).containsExactly(
                        "component:default/checkout-service", "component:default/fraud-service",
                        "component:default/payment-gateway-adapter", "group:default/payments-team", "system:default/payments",
                        "api:default/payments-api");
    }

    @Test
    void refsAreCaseInsensitiveAndTheGroupSeesTheInverseRelations() {
        graphQl.documentName("entity").variable("ref", "Group:Default/Payments-Team").execute()
                .path("entity.ref").entity(String.class).isEqualTo("group:default/payments-team")
                .path("entity.relations[?(@.type == 'ownerOf')].targetRef").entityList(String.class)
                .contains("component:default/payment-api", "system:default/payments");
    }

    @Test
    void anUnknownEntityIsNull() {
        graphQl.documentName("entity").variable("ref", "component:default/nope").execute()
                .path("entity").valueIsNull();
    }

    @Test
    void pagesThroughEveryComponentWithCursors() {
        List<String> refs = new ArrayList<>();
        String after = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            var response = graphQl.documentName("entitiesPage").variable("after", after).variable("first", 7)
                    .variable("kind", List.of("component")).execute();
            Map<String, Object> pageInfo = response.path("entities.pageInfo").entity(Map.class).get();
            refs.addAll(response.path("entities.edges[*].node.ref").entityList(String.class).get());
            response.path("entities.totalCount").entity(Integer.class)
                    .isEqualTo(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'Component'")));
            more = (Boolean) pageInfo.get("hasNextPage");
            after = (String) pageInfo.get("endCursor");
            pages++;
        }
        assertThat(refs).doesNotHaveDuplicates().allMatch(r -> r.startsWith("component:"))
                .hasSize(Integer.parseInt(single("SELECT count(*) FROM entities WHERE kind = 'Component'")));
        assertThat(pages).isGreaterThan(4);
        assertThat(refs).isSorted();
    }

    @Test
    void thePageAfterTheLastIsEmpty() {
        String last = single("SELECT entity_key FROM entities ORDER BY entity_key DESC LIMIT 1");
        String cursor = Cursors.encode(List.of(last));
        graphQl.documentName("entitiesPage").variable("after", cursor).execute()
                .path("entities.edges").entityList(Object.class).hasSize(0)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false)
                .path("entities.pageInfo.endCursor").valueIsNull();
    }

    @Test
    void badInputGetsAClassifiedErrorNotAServerError() {
        graphQl.documentName("entitiesPage").variable("after", "not-a-cursor").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("Invalid cursor");
                }));
        graphQl.documentName("entitiesPage").variable("first", 501).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("between 0 and 500");
                }));
        graphQl.documentName("entity").variable("ref", "payment-api").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("missing or empty kind");
                }));
    }
}
