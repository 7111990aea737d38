package io.stagehand.auth;

import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 27, the read restriction: with {@code stagehand.permissions.read}, a caller sees only the
 * entities a rule matches, in every answer that holds entities (lookups, pages and their counts,
 * facets, relations, related pages, graphs, paths, problems, scorecard results, roll-ups, history,
 * exemptions), while admins and readers see everything; and what one caller's answers put into the
 * caches never reaches another.
 *
 * <p>The catalog: team-a owns payments and the system shop; team-b owns ledger (which depends on
 * payments and is part of shop), audit-trail (which depends on ledger) and public-docs, labelled
 * public. Alice is in team-a, Bob in team-b.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=restricted",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/read-restriction/catalog",
        "stagehand.scorecards.paths[0]=target/it/read-restriction/definitions",
        "stagehand.scorecards.built-in=false",
        "stagehand.permissions.read[0].is-entity-owner=true",
        "stagehand.permissions.read[1].kind=Group,User,System",
        "stagehand.permissions.read[2].labels.visibility=public",
        "stagehand.permissions.readers[0]=token:inventory",
})
class ReadRestrictionTests extends IntegrationTest {

    static final Path ROOT = Path.of("target/it/read-restriction");
    static final BackstageIssuer backstage = new BackstageIssuer("backstage-read");

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        backstage.configure(registry, new String[] {"tests", TOKEN, "admin"}, new String[] {"reader", "reader-token-0123456789", "read"},
                new String[] {"inventory", "inventory-token-0123456789", "read"});
    }

    @AfterAll
    static void stop() {
        backstage.stop();
    }

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  appliesTo: {filter: {kind: component}}
                  checks:
                    - {id: described, weight: high, rule: {fact: entity.metadata.description, operator: exists}}
                ---
                kind: Campaign
                metadata: {name: docs}
                spec: {scorecard: basics, checks: [described], startDate: 2026-01-01, targetDate: 2026-01-31}
                """);
    }

    @BeforeEach
    void catalog() throws IOException {
        Path catalog = ROOT.resolve("catalog");
        Fixtures.deleteRecursively(catalog);
        Files.createDirectories(catalog);
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, scorecard_exemptions,"
                + " audit_events").then().block();
        write(catalog, "groups/catalog-info.yaml", String.join("---\n", Fixtures.group("team-a", null), Fixtures.group("team-b", null),
                user("alice", "team-a"), user("bob", "team-b")));
        write(catalog, "shop/catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: System
                metadata: {name: shop}
                spec: {owner: team-a}
                """);
        write(catalog, "payments/catalog-info.yaml", component("payments", "team-a", "", "[]") + "  subcomponentOf: ledger\n");
        write(catalog, "ledger/catalog-info.yaml", component("ledger", "team-b", "", "[component:payments]"));
        write(catalog, "audit-trail/catalog-info.yaml", component("audit-trail", "team-b", "", "[component:ledger]"));
        write(catalog, "public-docs/catalog-info.yaml", component("public-docs", "team-b", "  labels: {visibility: public}\n", "[]"));
        // a relation to something outside the catalog: nothing to hide, and it shows as before
        write(catalog, "broken/catalog-info.yaml", component("broken", "team-a", "", "[component:nowhere]"));
        assertThat(refresh("restricted").counts().created()).isEqualTo(10);
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").entity(Integer.class)
                .isEqualTo(5);
    }

    static String user(String name, String group) {
        return "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: " + name + "\nspec:\n  memberOf: [" + group + "]\n";
    }

    static String component(String name, String owner, String labels, String dependsOn) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n" + labels
                + "spec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n  system: shop\n  dependsOn: " + dependsOn + "\n";
    }

    HttpGraphQlTester alice() {
        return as(backstage.token("user:default/alice", "group:default/team-a"));
    }

    HttpGraphQlTester bob() {
        return as(backstage.token("user:default/bob", "group:default/team-b"));
    }

    HttpGraphQlTester as(String bearer) {
        return graphQl.mutate().header("Authorization", "Bearer " + bearer).build();
    }

    List<String> components(HttpGraphQlTester caller) {
        return caller.document("{ entities(filter: {kind: [\"Component\"]}, orderBy: [{field: NAME}]) { totalCount nodes { name } } }")
                .execute().path("entities.nodes[*].name").entityList(String.class).get();
    }

    @Test
    void aCallerSeesWhatTheirTeamOwnsAndWhatRulesShowEveryone() {
        assertThat(components(alice())).containsExactly("broken", "payments", "public-docs");
        assertThat(components(bob())).containsExactly("audit-trail", "ledger", "public-docs");
        assertThat(components(as("reader-token-0123456789"))).as("a token owns nothing: what the other rules show")
                .containsExactly("public-docs");
        assertThat(components(graphQl)).as("anonymous").containsExactly("public-docs");
        assertThat(components(admin())).hasSize(5);
        assertThat(components(as("inventory-token-0123456789"))).as("a reader").hasSize(5);
        // every kind a rule names for everyone is there for everyone
        assertThat(as("reader-token-0123456789").document("{ entities(orderBy: [{field: REF}]) { totalCount nodes { ref } } }").execute()
                .path("entities.totalCount").entity(Integer.class).isEqualTo(6)
                .path("entities.nodes[*].ref").entityList(String.class).get())
                .containsExactly("component:default/public-docs", "group:default/team-a", "group:default/team-b", "system:default/shop",
                        "user:default/alice", "user:default/bob");
    }

    @Test
    void countsFacetsAndPagesHoldOnlyWhatTheCallerSees() {
        alice().document("{ entities(filter: {kind: [\"Component\"]}, first: 2) { totalCount pageInfo { hasNextPage endCursor } } }")
                .execute()
                .path("entities.totalCount").entity(Integer.class).isEqualTo(3)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = alice().document("{ entities(filter: {kind: [\"Component\"]}, first: 2) { pageInfo { endCursor } } }").execute()
                .path("entities.pageInfo.endCursor").entity(String.class).get();
        alice().document("{ entities(filter: {kind: [\"Component\"]}, first: 2, after: \"" + cursor + "\") { nodes { name } pageInfo { hasNextPage } } }")
                .execute()
                .path("entities.nodes[*].name").entityList(String.class).hasSize(1)
                .path("entities.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        Map<String, Integer> kinds = facets(alice(), "KIND");
        assertThat(kinds).containsEntry("Component", 3).containsEntry("Group", 2);
        assertThat(facets(alice(), "OWNER")).containsEntry("group:default/team-a", 3).containsEntry("group:default/team-b", 1);
        assertThat(facets(admin(), "OWNER")).containsEntry("group:default/team-b", 3);
    }

    private static Map<String, Integer> facets(HttpGraphQlTester caller, String field) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        List<String> values = caller.document("{ facets(field: " + field + ") { value } }").execute().path("facets[*].value")
                .entityList(String.class).get();
        List<Integer> numbers = caller.document("{ facets(field: " + field + ") { count } }").execute().path("facets[*].count")
                .entityList(Integer.class).get();
        for (int i = 0; i < values.size(); i++) {
            counts.put(values.get(i), numbers.get(i));
        }
        return counts;
    }

    @Test
    void anEntityTheCallerMayNotSeeIsAbsentWhenAskedForByRef() {
        alice().document("{ entity(ref: \"component:ledger\") { ref } }").execute().path("entity").valueIsNull();
        alice().document("{ entitiesByRefs(refs: [\"component:payments\", \"component:ledger\"]) { ref } }").execute()
                .path("entitiesByRefs[0].ref").entity(String.class).isEqualTo("component:default/payments")
                .path("entitiesByRefs[1]").valueIsNull();
        bob().document("{ entity(ref: \"component:ledger\") { ref } }").execute()
                .path("entity.ref").entity(String.class).isEqualTo("component:default/ledger");
        // a field leading to it is null, as for a ref that is not in the catalog; the ref itself is part of what Alice sees
        alice().document("{ entity(ref: \"component:payments\") { ... on Component { subcomponentOfRef subcomponentOf { ref } } } }").execute()
                .path("entity.subcomponentOfRef").entity(String.class).isEqualTo("component:default/ledger")
                .path("entity.subcomponentOf").valueIsNull();
        String dependents = "{ entity(ref: \"component:payments\") { ... on Component { dependents { totalCount } } } }";
        alice().document(dependents).execute().path("entity.dependents.totalCount").entity(Integer.class).isEqualTo(0);
        admin().document(dependents).execute().path("entity.dependents.totalCount").entity(Integer.class).isEqualTo(1);
    }

    @Test
    void relationsAndRelatedPagesLeaveOutWhatTheCallerMayNotSee() {
        // payments is a dependency of ledger, which Alice may not see
        alice().document("{ entity(ref: \"component:payments\") { relations { type targetRef } } }").execute()
                .path("entity.relations[*].targetRef").entityList(String.class)
                .contains("group:default/team-a", "system:default/shop")
                .doesNotContain("component:default/ledger");
        bob().document("{ entity(ref: \"component:ledger\") { relations { type targetRef } } }").execute()
                .path("entity.relations[*].targetRef").entityList(String.class).doesNotContain("component:default/payments")
                .contains("component:default/audit-trail");
        alice().document("{ entity(ref: \"component:broken\") { relations(type: [\"dependsOn\"]) { targetRef } } }").execute()
                .path("entity.relations[*].targetRef").entityList(String.class).containsExactly("component:default/nowhere");
        alice().document("{ entity(ref: \"group:team-b\") { ... on Group { ownedEntities { totalCount edges { node { ref } } } } } }")
                .execute()
                .path("entity.ownedEntities.totalCount").entity(Integer.class).isEqualTo(1)
                .path("entity.ownedEntities.edges[*].node.ref").entityList(String.class).containsExactly("component:default/public-docs");
        alice().document("{ relations(type: [\"dependsOn\"]) { totalCount edges { node { sourceRef targetRef } } } }").execute()
                .path("relations.totalCount").entity(Integer.class).isEqualTo(1)
                .path("relations.edges[*].node.sourceRef").entityList(String.class).containsExactly("component:default/broken");
        admin().document("{ relations(type: [\"dependsOn\"]) { totalCount } }").execute()
                .path("relations.totalCount").entity(Integer.class).isEqualTo(3);
    }

    @Test
    void graphsAndPathsNeverPassAnEntityTheCallerMayNotSee() {
        String graph = "{ graph(roots: [\"component:payments\"], direction: INCOMING, relationTypes: [\"dependsOn\"]) { nodes { ref } edges { sourceRef } } }";
        assertThat(admin().document(graph).execute().path("graph.nodes[*].ref").entityList(String.class).get())
                .containsExactlyInAnyOrder("component:default/payments", "component:default/ledger", "component:default/audit-trail");
        alice().document(graph).execute()
                .path("graph.nodes[*].ref").entityList(String.class).containsExactly("component:default/payments")
                .path("graph.edges").entityList(Object.class).hasSize(0);
        bob().document("{ graph(roots: [\"component:payments\"]) { nodes { ref } } }").execute()
                .path("graph.nodes").entityList(Object.class).hasSize(0);
        String path = "{ path(from: \"component:audit-trail\", to: \"component:payments\") { length } }";
        admin().document(path).execute().path("path.length").entity(Integer.class).isEqualTo(2);
        bob().document(path).execute().path("path").valueIsNull();
    }

    @Test
    void scorecardResultsRollupsAndHistoryAreThoseOfVisibleEntities() {
        assertThat(alice().document("{ scorecardResults(filter: {scorecard: \"basics\"}) { totalCount nodes { entity { ref } } } }").execute()
                .path("scorecardResults.totalCount").entity(Integer.class).isEqualTo(3)
                .path("scorecardResults.nodes[*].entity.ref").entityList(String.class).get())
                .containsExactlyInAnyOrder("component:default/broken", "component:default/payments", "component:default/public-docs");
        alice().document("{ scorecardSummary(scorecard: \"basics\") { entityCount } }").execute()
                .path("scorecardSummary.entityCount").entity(Integer.class).isEqualTo(3);
        alice().document("{ entity(ref: \"group:team-b\") { ... on Group { scorecardRollups { entityCount } } } }").execute()
                .path("entity.scorecardRollups[0].entityCount").entity(Integer.class).isEqualTo(1);
        bob().document("{ entity(ref: \"group:team-b\") { ... on Group { scorecardRollups { entityCount } } } }").execute()
                .path("entity.scorecardRollups[0].entityCount").entity(Integer.class).isEqualTo(3);
        alice().document("{ scoreHistory(ref: \"component:ledger\", scorecard: \"basics\") { scores { score } } }").execute()
                .path("scoreHistory.scores").entityList(Object.class).hasSize(0);
        bob().document("{ scoreHistory(ref: \"component:ledger\", scorecard: \"basics\") { scores { score } } }").execute()
                .path("scoreHistory.scores").entityList(Object.class).hasSize(1);
    }

    @Test
    void aTrendIsServedOnlyToACallerWhoSeesEveryEntityItCounts() {
        admin().document("mutation { snapshotScorecardTrends { rows } }").execute()
                .path("snapshotScorecardTrends.rows").entity(Integer.class).isEqualTo(3);
        String ofTeamA = "{ scorecardTrend(scorecard: \"basics\", owner: \"team-a\") { points { entityCount } } }";
        // payments and broken are alice's team's; bob sees neither, and the whole scorecard holds team-b's too
        alice().document(ofTeamA).execute().path("scorecardTrend.points[*].entityCount").entityList(Integer.class).containsExactly(2);
        for (var denied : List.of(bob().document(ofTeamA), alice().document("{ scorecardTrend(scorecard: \"basics\") { points { entityCount } } }"))) {
            denied.execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                    .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(org.springframework.graphql.execution.ErrorType.FORBIDDEN)));
        }
        as("inventory-token-0123456789").document("{ scorecardTrend(scorecard: \"basics\") { points { entityCount } } }").execute()
                .path("scorecardTrend.points[*].entityCount").entityList(Integer.class).containsExactly(5);
    }

    @Test
    void aCampaignCountsOnlyWhatTheCallerMaySeeAndItsBurnDownOnlyForACallerWhoSeesItAll() {
        String figures = "{ campaign(name: \"docs\") { status progress { done total } byOwner { group total }"
                + " overdue { totalCount nodes { ref } } } }";
        // nothing is described and the target date is past: every entity is overdue
        alice().document(figures).execute()
                .path("campaign.status").entity(String.class).isEqualTo("DELAYED")
                .path("campaign.progress.total").entity(Integer.class).isEqualTo(3)
                .path("campaign.byOwner[*].group").entityList(String.class).containsExactly("group:default/team-a", "group:default/team-b")
                .path("campaign.byOwner[*].total").entityList(Integer.class).containsExactly(2, 1)
                .path("campaign.overdue.totalCount").entity(Integer.class).isEqualTo(3)
                .path("campaign.overdue.nodes[*].ref").entityList(String.class)
                .containsExactly("component:default/broken", "component:default/payments", "component:default/public-docs");
        admin().document(figures).execute()
                .path("campaign.progress.total").entity(Integer.class).isEqualTo(5)
                .path("campaign.byOwner[*].total").entityList(Integer.class).containsExactly(2, 3)
                .path("campaign.overdue.totalCount").entity(Integer.class).isEqualTo(5);
        String ofTeamB = "{ entity(ref: \"group:team-b\") { ... on Group { campaigns { progress { total } campaign { progress { total } } } } } }";
        alice().document(ofTeamB).execute().path("entity.campaigns[0].progress.total").entity(Integer.class).isEqualTo(1)
                .path("entity.campaigns[0].campaign.progress.total").entity(Integer.class).isEqualTo(3);
        bob().document(ofTeamB).execute().path("entity.campaigns[0].progress.total").entity(Integer.class).isEqualTo(3);
        // the daily counts hold every entity: only for a caller who may see them all
        String burnDown = "{ campaign(name: \"docs\") { burnDown { date } } }";
        alice().document(burnDown).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(org.springframework.graphql.execution.ErrorType.FORBIDDEN)));
        as("inventory-token-0123456789").document(burnDown).execute().path("campaign.burnDown").hasValue();
    }

    @Test
    void exemptionsAndProblemsOfEntitiesTheCallerMayNotSeeAreLeftOut() {
        String expires = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        for (String entity : List.of("component:ledger", "component:payments")) {
            admin().documentName("requestExemption").variable("check", "described").variable("entity", entity).variable("reason", "r")
                    .variable("expires", expires).execute().path("createExemption.id").hasValue();

        }
        alice().document("{ exemptions(includeExpired: true) { entityRef } }").execute()
                .path("exemptions[*].entityRef").entityList(String.class).containsExactly("component:default/payments");
        admin().document("{ exemptions(includeExpired: true) { entityRef } }").execute()
                .path("exemptions").entityList(Object.class).hasSize(2);

        db.sql("INSERT INTO problems (source, severity, location, line, entity_ref, message) VALUES"
                + " ('restricted', 'WARNING', 'ledger.yaml', 1, 'component:default/ledger', 'about ledger'),"
                + " ('restricted', 'WARNING', 'payments.yaml', 1, 'component:default/payments', 'about payments'),"
                + " ('restricted', 'ERROR', 'refused.yaml', 1, 'component:default/refused', 'a refused entity')").then().block();
        alice().document("{ problems { message } }").execute()
                .path("problems[*].message").entityList(String.class).contains("about payments")
                .doesNotContain("about ledger", "a refused entity");
        admin().document("{ problems { message } }").execute()
                .path("problems[*].message").entityList(String.class).contains("about payments", "about ledger", "a refused entity");
    }

    @Test
    void oneCallersCachedAnswersNeverReachAnother() {
        for (int round = 0; round < 2; round++) { // the second round answers from the cache
            assertThat(components(bob())).containsExactly("audit-trail", "ledger", "public-docs");
            assertThat(components(alice())).containsExactly("broken", "payments", "public-docs");
            alice().document("{ entity(ref: \"component:ledger\") { ref } }").execute().path("entity").valueIsNull();
            bob().document("{ entity(ref: \"component:ledger\") { ref } }").execute().path("entity.ref").hasValue();
            admin().document("{ entity(ref: \"component:ledger\") { ref } }").execute().path("entity.ref").hasValue();
        }
    }
}
