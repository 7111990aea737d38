package io.stagehand.scorecard;

import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.catalog.store.ChangeFeed;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.Candidates;
import io.stagehand.scorecard.evaluation.ScorecardService;
import io.stagehand.scorecard.evaluation.Subjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Scorecards end to end: definitions from a folder, entity facts, git facts from a real local
 * repository, exemptions (active and expired), stored results with history, and the GraphQL surface.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=scored",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/scorecards/catalog",
        "stagehand.scorecards.paths[0]=target/it/scorecards/definitions",
        "stagehand.scorecards.built-in=false",
        // the repo fact source names a local repository: the operator allows its folder (issue 27)
        "stagehand.scorecards.git.allowed-roots[0]=target/it/scorecards",
})
class ScorecardIntegrationTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/scorecards");
    static final Path CATALOG = ROOT.resolve("catalog");

    @Autowired
    ScorecardService service;

    @Autowired
    ScorecardDefinitions definitions;

    @Autowired
    Candidates candidates;

    @Autowired
    EntitySnapshots snapshots;

    @Autowired
    ChangeFeed feed;

    @BeforeAll
    static void definitionsAndRepository() throws IOException, GitAPIException {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: FactSource
                metadata: {name: repo}
                spec:
                  type: git
                  repository: target/it/scorecards/repo
                  path: "{{name}}"
                  facts:
                    hasReadme: {exists: README.md}
                    docs: {count: "docs/**"}
                    javaVersion: {file: pom.xml, matches: "<java.version>(\\\\d+)</java.version>"}
                ---
                kind: Scorecard
                metadata: {name: basics, title: Basics}
                spec:
                  appliesTo: {filter: {kind: component, spec.type: service}}
                  levels: [bronze, silver]
                  checks:
                    - id: has-owner
                      weight: critical
                      level: bronze
                      category: ownership
                      rule: {fact: entity.owner.kind, operator: equal, value: Group}
                      failMessage: The owner must be a Group of the catalog
                    - id: has-readme
                      weight: high
                      level: silver
                      category: documentation
                      rule: {fact: repo.hasReadme, operator: equal, value: true}
                    - id: has-docs
                      weight: low
                      category: documentation
                      rule: {fact: repo.docs, operator: greaterThanInclusive, value: 2}
                    - id: modern-java
                      weight: medium
                      rule: {fact: repo.javaVersion, operator: greaterThanInclusive, value: 17}
                ---
                kind: Exemption
                spec: {scorecard: basics, check: has-readme, entity: component:legacy, reason: "archived soon", expires: 2999-01-01}
                ---
                kind: Exemption
                spec: {scorecard: basics, check: has-docs, entity: component:legacy, reason: "was fine once", expires: 2020-01-01}
                """);
        write(ROOT, "definitions/broken.yaml", """
                kind: Scorecard
                metadata: {name: broken}
                spec:
                  checks:
                    - {id: x, weight: high, rule: {fact: entity.kind, operator: equals, value: Component}}
                """);
        Path repo = ROOT.resolve("repo");
        write(repo, "good/README.md", "# good\n");
        write(repo, "good/docs/index.md", "docs\n");
        write(repo, "good/docs/more.md", "more\n");
        write(repo, "good/pom.xml", "<java.version>21</java.version>\n");
        write(repo, "legacy/pom.xml", "<java.version>8</java.version>\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("services").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }

    @BeforeEach
    void catalog() throws IOException {
        Fixtures.deleteRecursively(CATALOG);
        Files.createDirectories(CATALOG);
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, scorecard_exemptions")
                .then().block();
        write(CATALOG, "team/catalog-info.yaml", group("team-a", null));
        write(CATALOG, "good/catalog-info.yaml", service("good", "team-a"));
        write(CATALOG, "legacy/catalog-info.yaml", service("legacy", "nobody"));
        write(CATALOG, "site/catalog-info.yaml", service("site", "team-a").replace("type: service", "type: website"));
        assertThat(refresh("scored").counts().created()).isEqualTo(4);
    }

    static String service(String name, String owner) {
        return Fixtures.component(name, owner);
    }

    @Test
    void scoresLevelsAndChecksAreServedByTheContractQuery() {
        service.evaluateAll().block();
        Map<?, ?> good = scorecard("component:good");
        assertThat(good.get("score")).isEqualTo(100.0);
        assertThat(good.get("level")).isEqualTo("silver");
        assertThat(states(good)).containsExactly("has-owner CRITICAL PASS", "has-readme HIGH PASS", "has-docs LOW PASS",
                "modern-java MEDIUM PASS");

        Map<?, ?> legacy = scorecard("component:legacy");
        // owner missing (critical fail: no level), readme exempt, docs failing (its exemption expired), java 8 < 17
        assertThat(states(legacy)).containsExactly("has-owner CRITICAL FAIL", "has-readme HIGH EXEMPT", "has-docs LOW FAIL",
                "modern-java MEDIUM FAIL");
        assertThat(legacy.get("level")).isNull();
        // exempt counts as passing: 4 of 8 + 4 + 2 + 1
        assertThat(legacy.get("score")).isEqualTo(26.7);
        assertThat(message(legacy, "has-owner")).startsWith("The owner must be a Group of the catalog (entity.owner.kind missing");

        // the website is not a service: no result
        assertThat(graphQl.document("{ entity(ref: \"component:site\") { scorecards { name } } }").execute()
                .path("entity.scorecards").entityList(Object.class).get()).isEmpty();
    }

    @Test
    void exemptionsShowTheirExpiryAndTheFactsUsedAreServed() {
        service.evaluateAll().block();
        graphQl.documentName("legacyBasicsResults").execute()
                .path("entity.scorecards[0].results[1].exemption.expired").entity(Boolean.class).isEqualTo(false)
                .path("entity.scorecards[0].results[1].exemption.origin").entity(String.class).isEqualTo("YAML")
                .path("entity.scorecards[0].results[2].exemption.expired").entity(Boolean.class).isEqualTo(true)
                .path("entity.scorecards[0].results[2].exemption.expires").entity(String.class).isEqualTo("2020-01-02T00:00:00.000Z")
                .path("entity.scorecards[0].results[3].facts[0].name").entity(String.class).isEqualTo("repo.javaVersion")
                .path("entity.scorecards[0].results[3].facts[0].value").entity(String.class).isEqualTo("8");
    }

    @Test
    void historyIsWrittenOnlyWhenAStateChanges() {
        service.evaluateAll().block();
        assertThat(service.evaluateAll().block().resultsChanged()).isZero();
        assertThat(count("scorecard_check_history")).isZero();
        assertThat(count("scorecard_score_history")).isEqualTo(2);

        write(CATALOG, "legacy/catalog-info.yaml", service("legacy", "team-a"));
        refresh("scored");
        ScorecardService.Outcome outcome = service.evaluate(List.of("component:default/legacy")).block();
        assertThat(outcome.resultsChanged()).isEqualTo(1);
        assertThat(column("SELECT check_id || ' ' || state FROM scorecard_check_history")).containsExactly("has-owner PASS");
        graphQl.document("{ scoreHistory(ref: \"component:legacy\", scorecard: \"basics\") { scores { score level } checks { checkId state } } }")
                .execute()
                .path("scoreHistory.scores[*].score").entityList(Double.class).containsExactly(26.7, 80.0)
                .path("scoreHistory.checks[0].checkId").entity(String.class).isEqualTo("has-owner");
    }

    @Test
    void changesAnEvaluationOfEveryEntityBeganAfterAreNotEvaluatedAgain() {
        String good = "component:default/good";
        long head = feed.head().block();
        service.evaluateAll().block();

        assertThat(service.evaluateChanges(Map.of(good, head), Set.of()).block().entitiesEvaluated())
                .as("a change the evaluation of every entity began after").isZero();
        assertThat(service.evaluateChanges(Map.of(good, head + 1), Set.of()).block().entitiesEvaluated())
                .as("a change after it began").isEqualTo(1);
        assertThat(service.evaluateChanges(Map.of(good, head), Set.of(good)).block().entitiesEvaluated())
                .as("an entity whose facts were just collected").isEqualTo(1);

        write(CATALOG, "legacy/catalog-info.yaml", service("legacy", "team-a"));
        refresh("scored");
        long changed = feed.head().block();
        assertThat(changed).isGreaterThan(head);
        ScorecardService.Outcome outcome = service.evaluateChanges(Map.of("component:default/legacy", changed), Set.of()).block();
        assertThat(outcome.entitiesEvaluated()).isEqualTo(1);
        assertThat(outcome.resultsChanged()).isEqualTo(1);
    }

    @Test
    void aCheckKeepsItsSinceWhileItsStateHolds() {
        service.evaluateAll().block();
        Map<String, String> first = sinces("component:legacy");
        write(CATALOG, "legacy/catalog-info.yaml", service("legacy", "team-a"));
        refresh("scored");
        service.evaluate(List.of("component:default/legacy")).block();
        Map<String, String> second = sinces("component:legacy");
        assertThat(first).hasSize(4).doesNotContainValue(null);
        // has-owner passes now: its since moves, the other checks keep theirs
        assertThat(Instant.parse(second.get("has-owner"))).isAfter(Instant.parse(first.get("has-owner")));
        first.remove("has-owner");
        second.remove("has-owner");
        assertThat(second).isEqualTo(first);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, String> sinces(String ref) {
        List<Map> results = graphQl.document("{ entity(ref: \"" + ref + "\") { scorecards { results { checkId since } } } }")
                .execute()
                .path("entity.scorecards[0].results").entityList(Map.class).get();
        Map<String, String> sinces = new java.util.HashMap<>();
        results.forEach(r -> sinces.put((String) r.get("checkId"), (String) r.get("since")));
        return sinces;
    }

    @Test
    void resultsAreFilteredRolledUpAndPaged() {
        service.evaluateAll().block();
        graphQl.document("""
                        { scorecardResults(filter: {scorecard: "basics", failingWeight: CRITICAL}) { totalCount nodes { ref failingCritical } } }""")
                .execute()
                .path("scorecardResults.totalCount").entity(Integer.class).isEqualTo(1)
                .path("scorecardResults.nodes[0].ref").entity(String.class).isEqualTo("component:default/legacy");
        graphQl.document("{ scorecardResults(orderBy: [{field: SCORE, direction: DESC}], first: 1) { edges { cursor node { ref } } pageInfo { hasNextPage endCursor } } }")
                .execute()
                .path("scorecardResults.edges[0].node.ref").entity(String.class).isEqualTo("component:default/good")
                .path("scorecardResults.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        graphQl.documentName("basicsSummary").execute()
                .path("scorecardSummary.entityCount").entity(Integer.class).isEqualTo(2)
                .path("scorecardSummary.averageScore").entity(Double.class).isEqualTo(63.4)
                .path("scorecardSummary.levels[*].count").entityList(Integer.class).containsExactly(0, 1, 1)
                .path("scorecardSummary.checks[1].passRate").entity(Double.class).isEqualTo(1.0)
                .path("scorecardSummary.failingCritical[0].ref").entity(String.class).isEqualTo("component:default/legacy");
        graphQl.document("{ entity(ref: \"group:team-a\") { ... on Group { scorecardRollups { scorecard entityCount averageScore } } } }")
                .execute()
                .path("entity.scorecardRollups[0].entityCount").entity(Integer.class).isEqualTo(1)
                .path("entity.scorecardRollups[0].averageScore").entity(Double.class).isEqualTo(100.0);
    }

    @Test
    void aRollUpGroupsItsChecksByCategoryOnRequest() {
        service.evaluateAll().block();
        var summary = graphQl.document("""
                        { scorecardSummary(scorecard: "basics") {
                            checks { checkId category pass fail exempt unknown errors }
                            categories { category checkCount pass fail exempt unknown errors passRate } } }""")
                .execute();
        List<Map<String, Object>> checks = summary.path("scorecardSummary.checks").entityList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
        }).get();
        assertThat(checks).extracting(c -> c.get("category")).containsExactly("ownership", "documentation", "documentation", null);
        summary.path("scorecardSummary.categories[*].category").entityList(String.class).containsExactly("ownership", "documentation", null)
                .path("scorecardSummary.categories[*].checkCount").entityList(Integer.class).containsExactly(1, 2, 1);
        for (String state : List.of("pass", "fail", "exempt", "unknown", "errors")) {
            int documentation = checks.subList(1, 3).stream().mapToInt(c -> (Integer) c.get(state)).sum();
            summary.path("scorecardSummary.categories[1]." + state).entity(Integer.class).isEqualTo(documentation)
                    .path("scorecardSummary.categories[0]." + state).entity(Integer.class).isEqualTo((Integer) checks.get(0).get(state))
                    .path("scorecardSummary.categories[2]." + state).entity(Integer.class).isEqualTo((Integer) checks.get(3).get(state));
        }
        int pass = checks.subList(1, 3).stream().mapToInt(c -> (Integer) c.get("pass") + (Integer) c.get("exempt")).sum();
        int decided = pass + checks.subList(1, 3).stream().mapToInt(c -> (Integer) c.get("fail")).sum();
        summary.path("scorecardSummary.categories[1].passRate").entity(Double.class)
                .isEqualTo(Math.round(1000.0 * pass / decided) / 1000.0);
    }

    @Test
    void aBadDefinitionIsReportedWithItsFileAndTheOthersLoad() {
        graphQl.document("{ scorecardDefinitionProblems { file line message } scorecards { name checks { id weight level } } }")
                .execute()
                .path("scorecardDefinitionProblems[0].file").entity(String.class).satisfies(f -> assertThat(f).endsWith("broken.yaml"))
                .path("scorecardDefinitionProblems[0].line").entity(Integer.class).isEqualTo(1)
                .path("scorecardDefinitionProblems[0].message").entity(String.class)
                .satisfies(m -> assertThat(m).contains("spec.checks[0].rule.operator").contains("unknown operator \"equals\""))
                .path("scorecards[*].name").entityList(String.class).containsExactly("basics")
                .path("scorecards[0].checks[0].weight").entity(String.class).isEqualTo("CRITICAL");
    }

    @Test
    void exemptionsCreatedThroughTheApiApplyOnceApprovedAndCanBeRevoked() {
        service.evaluateAll().block();
        String id = admin().documentName("legacyOwnerExemption")
                .variable("expires", Instant.now().plus(java.time.Duration.ofDays(30)).toString())
                .execute()
                .path("createExemption.origin").entity(String.class).isEqualTo("API")
                .path("createExemption.status").entity(String.class).isEqualTo("REQUESTED")
                .path("createExemption.id").entity(String.class).get();
        service.evaluateAll().block();
        assertThat(states(scorecard("component:legacy")).get(0)).isEqualTo("has-owner CRITICAL FAIL");
        admin().document("mutation { approveExemption(id: \"" + id + "\") { status approvedBy } }").execute()
                .path("approveExemption.approvedBy").entity(String.class).isEqualTo("token:tests");
        assertThat(states(scorecard("component:legacy")).get(0)).isEqualTo("has-owner CRITICAL EXEMPT");
        admin().document("mutation { revokeExemption(id: \"" + id + "\") { revoked } }").execute()
                .path("revokeExemption.revoked").entity(Boolean.class).isEqualTo(true);
        assertThat(states(scorecard("component:legacy")).get(0)).isEqualTo("has-owner CRITICAL FAIL");
    }

    @Test
    void aDryRunEvaluatesWithoutStoring() {
        admin().documentName("dryRunScorecard")
                .variable("yaml", trial("{id: named, weight: low, rule: {fact: entity.metadata.name, operator: matches, value: '^g'}}"))
                .variable("refs", List.of("component:good", "component:legacy"))
                .execute()
                .path("dryRunScorecard.results[*].score").entityList(Double.class)
                .satisfies(scores -> assertThat(scores).containsExactlyInAnyOrder(100.0, 0.0));
        assertThat(count("scorecard_results")).isZero();
    }

    @Test
    void aDryRunWithABackreferenceIsAProblemAndEvaluatesNothing() {
        // RE2 syntax (issue 27): a pattern that needs backtracking is refused before any entity is read
        admin().documentName("dryRunScorecard")
                .variable("yaml", trial("{id: named, weight: low, rule: {fact: entity.metadata.name, operator: matches, value: '(g)\\1'}}"))
                .variable("refs", List.of("component:good"))
                .execute()
                .path("dryRunScorecard.problems[0].message").entity(String.class)
                .satisfies(message -> assertThat(message).contains("spec.checks[0].rule.value", "RE2 syntax"))
                .path("dryRunScorecard.results").entityList(Object.class).hasSize(0);
    }

    @Test
    void aRuleOnARelationSeesThatRelation() {
        // the evaluation reads only the relations its definitions name: here ownedBy, and no owner lookup
        admin().documentName("dryRunScorecard")
                .variable("yaml", trial("{id: owned, weight: low, rule: {fact: entity.relations.ownedBy, operator: contains, value: 'group:default/team-a'}}"))
                .variable("refs", List.of("component:good", "component:legacy"))
                .execute()
                .path("dryRunScorecard.results[*].score").entityList(Double.class)
                .satisfies(scores -> assertThat(scores).containsExactlyInAnyOrder(100.0, 0.0));
    }

    @Test
    void aResultGoesWhenItsScorecardNoLongerAppliesToTheEntity() {
        service.evaluateAll().block();
        assertThat(column("SELECT entity_key FROM scorecard_results ORDER BY 1"))
                .containsExactly("component:default/good", "component:default/legacy");
        // the SQL filter no longer reads it: its result goes all the same
        write(CATALOG, "good/catalog-info.yaml", service("good", "team-a").replace("type: service", "type: website"));
        refresh("scored");
        service.evaluateAll().block();
        assertThat(column("SELECT entity_key FROM scorecard_results")).containsExactly("component:default/legacy");
    }

    @Test
    void theSqlFilterReadsEveryEntityItsAppliesToMatches() {
        write(CATALOG, "odd/catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: odd, tags: [java, kotlin]}
                spec: {type: SERVICE, lifecycle: production, owner: team-a, priority: 2, critical: true, team: Équipe, tier: {level: "1"}}
                """);
        // fields the SQL reads from the table's generated columns, as a list and as a number
        write(CATALOG, "listed/catalog-info.yaml", """
                apiVersion: example.com/v1
                kind: Queue
                metadata: {name: listed}
                spec: {type: [queue, service], lifecycle: 3, owner: team-a}
                """);
        refresh("scored");
        List<Snapshot> all = snapshots.page("", 100).block();
        for (AppliesTo filter : List.of(new AppliesTo(Map.of("kind", List.of("component"), "spec.type", List.of("Service"))),
                new AppliesTo(Map.of("metadata.tags", List.of("KOTLIN"))), new AppliesTo(Map.of("spec.priority", List.of("2"))),
                new AppliesTo(Map.of("spec.critical", List.of("true"))), new AppliesTo(Map.of("spec.team", List.of("ÉQUIPE"))),
                new AppliesTo(Map.of("spec.tier.level", List.of("1"))), new AppliesTo(Map.of("spec.type", List.of("wEbSiTe", "other"))),
                new AppliesTo(Map.of("spec.type", List.of("QUEUE"))), new AppliesTo(Map.of("spec.lifecycle", List.of("3"))),
                new AppliesTo(Map.of("kind", List.of("queue"), "metadata.name", List.of("Listed"))),
                AppliesTo.EVERYTHING)) {
            Set<String> matching = all.stream().filter(e -> filter.matches(Subjects.document(e))).map(Snapshot::key).collect(Collectors.toSet());
            assertThat(matching).as(filter.toString()).isNotEmpty();
            assertThat(keys(candidates.page("", 100, EntitySnapshots.Relations.ALL, List.of(filter)).block())).as(filter.toString()).containsAll(matching);
        }
        // and it leaves out what cannot match, a page at a time
        AppliesTo services = new AppliesTo(Map.of("spec.type", List.of("service")));
        assertThat(keys(candidates.page("", 1, EntitySnapshots.Relations.ALL, List.of(services, new AppliesTo(Map.of("kind", List.of("Group"))))).block()))
                .containsExactly("component:default/good");
        assertThat(keys(candidates.page("component:default/good", 100, EntitySnapshots.Relations.ALL, List.of(services)).block()))
                .containsExactly("component:default/legacy", "component:default/odd", "queue:default/listed");
    }

    /** A scorecard named trial with the one check given, as a dry run takes it. */
    private static String trial(String check) {
        return "kind: Scorecard\nmetadata: {name: trial}\nspec:\n  checks:\n    - " + check + "\n";
    }

    private static Set<String> keys(List<Snapshot> snapshots) {

        return snapshots.stream().map(Snapshot::key).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private Map<?, ?> scorecard(String ref) {
        return graphQl.document("{ entity(ref: \"" + ref + "\") { scorecards { name score level results { checkId weight state message } } } }")
                .execute()
                .path("entity.scorecards[0]").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    private static List<String> states(Map<?, ?> scorecard) {
        return ((List<Map<String, Object>>) scorecard.get("results")).stream()
                .map(r -> r.get("checkId") + " " + r.get("weight") + " " + r.get("state")).toList();
    }

    @SuppressWarnings("unchecked")
    private static String message(Map<?, ?> scorecard, String check) {
        return ((List<Map<String, Object>>) scorecard.get("results")).stream().filter(r -> r.get("checkId").equals(check))
                .map(r -> (String) r.get("message")).findFirst().orElseThrow();
    }

    private long count(String table) {
        return Long.parseLong(single("SELECT count(*) FROM " + table));
    }
}
