package io.stagehand.scorecard.graphql;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.graphql.StatementCounter;
import io.stagehand.catalog.ingest.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Lists of scorecard results: a page of groups or systems with their roll-ups and failing
 * criticals costs the same number of statements whether it lists three parents or nine, every
 * parent gets its own numbers, and pages of results follow one another without gaps or repeats in
 * every order.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=rollups",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/rollups/catalog",
        "stagehand.scorecards.paths[0]=target/it/rollups/definitions",
        "stagehand.scorecards.built-in=false",
        "stagehand.cache.max-megabytes=0",
})
@Import(StatementCounter.class)
class ScorecardPagingTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/rollups");

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  appliesTo: {filter: {kind: component}}
                  levels: [bronze]
                  checks:
                    - {id: described, weight: critical, level: bronze, rule: {fact: entity.metadata.description, operator: exists}}
                ---
                kind: Scorecard
                metadata: {name: naming}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: short, weight: low, rule: {fact: entity.metadata.name, operator: matches, value: '^.{1,12}$'}}
                """);
    }

    /** Group team-i owns i + 1 components, the first of them described; system-i holds the same ones. */
    @BeforeEach
    void catalog() throws IOException {
        Path catalog = ROOT.resolve("catalog");
        Fixtures.deleteRecursively(catalog);
        Files.createDirectories(catalog);
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history").then().block();
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            docs.add(Fixtures.group("team-" + i, null));
            docs.add("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-" + i + "\nspec:\n  owner: team-" + i + "\n");
            for (int c = 0; c <= i; c++) {
                docs.add("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c-" + i + "-" + c + "\n"
                        + (c == 0 ? "  description: described\n" : "")
                        + "spec:\n  type: service\n  lifecycle: production\n  owner: team-" + i + "\n  system: system-" + i + "\n");
            }
        }
        write(catalog, "all/catalog-info.yaml", String.join("---\n", docs));
        refresh("rollups");
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").entity(Integer.class)
                .isEqualTo(45);
    }

    static final String GROUPS = "groupRollups";

    static final String SYSTEMS = "systemRollups";

    private int statements(String documentName, int parents) {
        StatementCounter.STATEMENTS.set(0);
        graphQl.documentName(documentName).variable("first", parents).execute().path("entities.nodes").entityList(Object.class).hasSize(parents);
        return StatementCounter.STATEMENTS.get();
    }

    @Test
    void aPageOfParentsCostsTheSameStatementsWhateverItsLength() {
        assertThat(statements(GROUPS, 9)).as("nine groups, as many statements as three").isEqualTo(statements(GROUPS, 3));
        assertThat(statements(SYSTEMS, 9)).as("nine systems, as many statements as three").isEqualTo(statements(SYSTEMS, 3));
    }

    @Test
    void eachParentGetsItsOwnNumbers() {
        var groups = graphQl.documentName(GROUPS).variable("first", 9).execute();
        for (int i = 0; i < 9; i++) {
            String at = "entities.nodes[" + i + "]";
            groups.path(at + ".name").entity(String.class).isEqualTo("team-" + i)
                    .path(at + ".scorecardRollups[*].scorecard").entityList(String.class).containsExactly("basics", "naming")
                    .path(at + ".scorecardRollups[0].entityCount").entity(Integer.class).isEqualTo(i + 1)
                    .path(at + ".scorecardRollups[0].failingCriticalCount").entity(Integer.class).isEqualTo(i)
                    .path(at + ".scorecardRollups[0].failingCritical").entityList(Object.class).hasSize(Math.min(i, 2))
                    .path(at + ".scorecardRollups[1].failingCritical").entityList(Object.class).hasSize(0);
        }
        graphQl.documentName(GROUPS).variable("first", 9).execute()
                .path("entities.nodes[2].scorecardRollups[0].failingCritical[*].entity.name").entityList(String.class)
                .containsExactly("c-2-1", "c-2-2");
        var systems = graphQl.documentName(SYSTEMS).variable("first", 9).execute();
        systems.path("entities.nodes[4].scorecardRollups[0].entityCount").entity(Integer.class).isEqualTo(5)
                .path("entities.nodes[4].scorecardRollups[0].checks[0].pass").entity(Integer.class).isEqualTo(1)
                .path("entities.nodes[4].scorecardRollups[0].checks[0].fail").entity(Integer.class).isEqualTo(4)
                .path("entities.nodes[4].scorecardRollups[0].levels[0].count").entity(Integer.class).isEqualTo(1);
        graphQl.document("{ scorecardSummary(scorecard: \"basics\") { entityCount failingCriticalCount } }").execute()
                .path("scorecardSummary.entityCount").entity(Integer.class).isEqualTo(45)
                .path("scorecardSummary.failingCriticalCount").entity(Integer.class).isEqualTo(36);
    }

    @Test
    void pagesOfResultsFollowOneAnotherInEveryOrder() {
        for (List<Map<String, String>> order : List.of(List.<Map<String, String>>of(), List.of(Map.of("field", "SCORE", "direction", "DESC")),
                List.of(Map.of("field", "REF")), List.of(Map.of("field", "EVALUATED_AT", "direction", "DESC"), Map.of("field", "SCORE")))) {
            List<String> whole = results(order, 500, null).names;
            assertThat(whole).hasSize(90).doesNotHaveDuplicates();
            List<String> paged = new ArrayList<>();
            String after = null;
            for (int page = 0; page < 20; page++) {
                Page next = results(order, 7, after);
                paged.addAll(next.names);
                after = next.endCursor;
                if (!next.hasNext) {
                    break;
                }
            }
            assertThat(paged).as(order.toString()).containsExactlyElementsOf(whole);
        }
    }

    private record Page(List<String> names, String endCursor, boolean hasNext) {
    }

    /** A page of results in the order given, none being the server's default order. */
    private Page results(List<Map<String, String>> order, int first, String after) {
        var request = graphQl.documentName("scorecardResultsPage").variable("first", first).variable("after", after);
        var response = (order.isEmpty() ? request : request.variable("orderBy", order)).execute();

        response.path("scorecardResults.totalCount").entity(Integer.class).isEqualTo(90);
        List<String> cards = response.path("scorecardResults.nodes[*].name").entityList(String.class).get();
        List<String> names = response.path("scorecardResults.nodes[*].ref").entityList(String.class).get();
        List<String> both = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            both.add(cards.get(i) + "/" + names.get(i));
        }
        return new Page(both, response.path("scorecardResults.pageInfo.endCursor").entity(String.class).get(),
                response.path("scorecardResults.pageInfo.hasNextPage").entity(Boolean.class).get());
    }
}
