package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Generated catalogs of chosen sizes: the cost of nested queries, and walks over cycles. */
@Import(StatementCounter.class)
@TestPropertySource(properties = {
        "stagehand.sources[0].name=generated",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/generated",
        // every generated catalog is loaded as a bulk load (indexes dropped and built again)
        "stagehand.ingest.bulk-load-rows=200",
})
class GeneratedCatalogTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/generated");

    @BeforeEach
    void clean() {
        Fixtures.deleteRecursively(ROOT);
    }

    /** n components in 5 systems owned by 4 teams, each depending on the next two (wrapping around: cycles). */
    private void generate(int n) {
        Fixtures.deleteRecursively(ROOT);
        StringBuilder org = new StringBuilder();
        for (int t = 0; t < 4; t++) {
            org.append(Fixtures.group("team-" + t, null)).append("---\n");
        }
        for (int s = 0; s < 5; s++) {
            org.append("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: system-").append(s)
                    .append("}\nspec: {owner: team-").append(s % 4).append("}\n---\n");
        }
        Fixtures.write(ROOT, "org/catalog-info.yaml", org.toString());
        for (int i = 0; i < n; i++) {
            Fixtures.write(ROOT, "c" + i + "/catalog-info.yaml", """
                    apiVersion: backstage.io/v1alpha1
                    kind: Component
                    metadata: {name: c%d}
                    spec:
                      type: service
                      lifecycle: production
                      owner: team-%d
                      system: system-%d
                      dependsOn: [component:c%d, component:c%d]
                    """.formatted(i, i % 4, i % 5, (i + 1) % n, (i + 2) % n));
        }
        assertThat(refresh("generated").succeeded()).isTrue();
    }

    private int statementsOfNestedQuery(int first) {
        StatementCounter.STATEMENTS.set(0);
        graphQl.documentName("nested").variable("first", first).execute()
                .path("entities.edges").entityList(Object.class).hasSize(first)
                .path("entities.edges[0].node.system.owner.ref").entity(String.class).isEqualTo("group:default/team-0")
                .path("entities.edges[*].node.dependsOn.totalCount").entityList(Integer.class)
                .satisfies(counts -> assertThat(counts).containsOnly(2));
        return StatementCounter.STATEMENTS.get();
    }

    @Test
    void aNestedQueryCostsTheSameNumberOfStatementsFor100And250Entities() {
        generate(100);
        int small = statementsOfNestedQuery(100);
        generate(250);
        int large = statementsOfNestedQuery(250);
        assertThat(large).isEqualTo(small);
        // page + relations + problems + owner/system entities + system owners + two connections
        assertThat(small).isLessThanOrEqualTo(10);
    }

    private int statementsOfEntityQuery(String expectedDescription) {
        StatementCounter.STATEMENTS.set(0);
        var response = graphQl.documentName("entityWithOwner").variable("ref", "component:c1").execute();
        response.path("entity.owner.ref").entity(String.class).isEqualTo("group:default/team-1")
                .path("entity.relations[*].type").entityList(String.class).contains("ownedBy", "dependsOn", "partOf");
        if (expectedDescription == null) {
            response.path("entity.description").valueIsNull();
        } else {
            response.path("entity.description").entity(String.class).isEqualTo(expectedDescription);
        }
        return StatementCounter.STATEMENTS.get();
    }

    @Test
    void aRepeatedEntityQueryIsAnsweredFromMemoryUntilTheNextWrite() throws Exception {
        generate(10);
        assertThat(statementsOfEntityQuery(null)).isEqualTo(3);
        assertThat(statementsOfEntityQuery(null)).isZero();

        String changed = Files.readString(ROOT.resolve("c1/catalog-info.yaml"))
                .replace("metadata: {name: c1}", "metadata: {name: c1, description: changed}");
        Fixtures.write(ROOT, "c1/catalog-info.yaml", changed);
        assertThat(refresh("generated").succeeded()).isTrue();
        assertThat(statementsOfEntityQuery("changed")).isEqualTo(3);
        assertThat(statementsOfEntityQuery("changed")).isZero();
    }

    @Test
    void aBulkLoadLeavesEveryIndexInPlace() {
        String indexes = "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename IN ('entities', 'relations') ORDER BY 1";
        String constraints = "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid IN ('entities'::regclass, 'relations'::regclass) ORDER BY 1";
        List<String> before = column(indexes);
        List<String> keys = column(constraints);
        assertThat(before).hasSizeGreaterThan(5);
        assertThat(keys).anyMatch(key -> key.startsWith("relations relations_pkey PRIMARY KEY"));
        generate(100);
        assertThat(column("SELECT count(*) FROM relations")).allMatch(n -> Integer.parseInt(n) > 200);
        assertThat(column(indexes)).isEqualTo(before);
        assertThat(column(constraints)).isEqualTo(keys);
        // a later run that changes a few entities keeps the indexes up to date row by row
        generate(120);
        assertThat(column(indexes)).isEqualTo(before);
        assertThat(column("SELECT count(*) FROM entities WHERE kind = 'Component'")).containsExactly("120");
    }

    @Test
    void walksOverCyclesTerminateAndReportEveryNodeOnce() {
        generate(6);
        graphQl.documentName("walk").variable("roots", List.of("component:c0")).variable("types", List.of("dependsOn"))
                .variable("maxDepth", 10).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes[*].ref").entityList(String.class).satisfies(refs -> assertThat(refs).hasSize(6).doesNotHaveDuplicates())
                .path("graph.edges").entityList(Object.class).hasSize(12)
                .path("graph.nodes[?(@.ref == 'component:default/c3')].depth").entityList(Integer.class).containsExactly(2);
        graphQl.document("{ path(from: \"component:c0\", to: \"component:c5\", relationTypes: [\"dependsOn\"]) { length } }").execute()
                .path("path.length").entity(Integer.class).isEqualTo(3);
    }

    private long analyzeCount(String table) {
        return Long.parseLong(single("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'"));
    }

    @Test
    void aLargeRunRefreshesStatisticsInItsTransactionAndAgainOnceCommitted() throws InterruptedException {
        long entities = analyzeCount("entities");
        long relations = analyzeCount("relations");
        generate(1000);
        // the statistics are counted when the backends report them, about once a second
        for (int i = 0; i < 100 && (analyzeCount("entities") < entities + 2 || analyzeCount("relations") < relations + 2); i++) {
            Thread.sleep(100);
        }
        assertThat(analyzeCount("entities")).isEqualTo(entities + 2);
        assertThat(analyzeCount("relations")).isEqualTo(relations + 2);
        generate(10);
        Thread.sleep(1500);
        assertThat(analyzeCount("entities")).as("a small run: the tables' statistics are left to autovacuum").isEqualTo(entities + 2);
    }

    @Test
    void aWalkIsTruncatedOnlyWhenItsLastLevelLeadsFurther() {
        generate(6);
        // c0 reaches c1, c2 at depth 1, c3, c4 at 2 and c5 at 3; c5's relations lead back to c0 and c1
        graphQl.documentName("walk").variable("roots", List.of("component:c0")).variable("types", List.of("dependsOn"))
                .variable("maxDepth", 3).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes").entityList(Object.class).hasSize(6)
                .path("graph.edges[?(@.source == 'component:default/c5')].target").entityList(String.class)
                .satisfies(targets -> assertThat(targets).containsExactlyInAnyOrder("component:default/c0", "component:default/c1"))
                .path("graph.edges[?(@.source == 'component:default/c5')].depth").entityList(Integer.class).containsExactly(3, 3);
        graphQl.documentName("walk").variable("roots", List.of("component:c0")).variable("types", List.of("dependsOn"))
                .variable("maxDepth", 2).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(true)
                .path("graph.nodes[*].ref").entityList(String.class).doesNotContain("component:default/c5")
                .path("graph.edges").entityList(Object.class).hasSize(8);
        // walking against the relations: c0 is reached from c4 and c5, which are reached from c2, c3 and c3, c4
        graphQl.documentName("walk").variable("roots", List.of("component:c0")).variable("types", List.of("dependsOn"))
                .variable("direction", "INCOMING").variable("maxDepth", 1).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(true)
                .path("graph.nodes[*].ref").entityList(String.class)
                .containsExactly("component:default/c0", "component:default/c4", "component:default/c5")
                .path("graph.edges[*].depth").entityList(Integer.class)
                .satisfies(depths -> assertThat(depths).containsExactlyInAnyOrder(0, 0, 1)); // c4 -> c0, c5 -> c0, c4 -> c5
    }

    @Test
    void aWalksEdgesNameItsNodesAsTheCatalogDoes() {
        Fixtures.deleteRecursively(ROOT);
        Fixtures.write(ROOT, "catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: Ledger-Service}
                spec: {type: service, lifecycle: production, owner: team-a}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: checkout}
                spec: {type: service, lifecycle: production, owner: team-a, dependsOn: [component:ledger-service, resource:missing-db]}
                """);
        assertThat(refresh("generated").succeeded()).isTrue();
        graphQl.documentName("walk").variable("roots", List.of("component:checkout")).variable("types", List.of("dependsOn"))
                .variable("maxDepth", 2).execute()
                .path("graph.truncated").entity(Boolean.class).isEqualTo(false)
                .path("graph.nodes[*].ref").entityList(String.class).containsExactly("component:default/checkout",
                        "component:default/Ledger-Service", "resource:default/missing-db")
                .path("graph.edges[*].target").entityList(String.class)
                .satisfies(targets -> assertThat(targets).containsExactlyInAnyOrder("component:default/Ledger-Service", "resource:default/missing-db"));
    }
}
