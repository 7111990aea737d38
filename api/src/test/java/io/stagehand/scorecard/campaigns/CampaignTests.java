package io.stagehand.scorecard.campaigns;

import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.graphql.StatementCounter;
import io.stagehand.catalog.ingest.Fixtures;
import io.stagehand.scorecard.trends.TrendSnapshots;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 32, campaigns end to end on real PostgreSQL: a small catalog is evaluated and the campaigns'
 * status, progress, progress by owning group (sub-groups rolled up), overdue entities and burn-down
 * are checked against figures worked out by hand. Today is March 10, 2026 (a fixed clock).
 *
 * <p>Groups: platform, its child payments, its child payments-oncall; search apart. Components
 * (P production, D described; {@code card} levels: bronze needs production, silver described too):
 * c1 payments-oncall PD service (silver); c2 payments P service (bronze); c3 platform D service
 * (none); c4 search, neither, service, its {@code described} check exempt (none); c5 user alice PD
 * service (silver); c6 platform PD website (silver).
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=campaigns",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/campaigns/catalog",
        "stagehand.scorecards.paths[0]=target/it/campaigns/definitions",
        "stagehand.scorecards.built-in=false",
})
@Import({CampaignTests.FixedClock.class, StatementCounter.class})
class CampaignTests extends IntegrationTest {

    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    static final Path ROOT = Path.of("target/it/campaigns");

    @Autowired
    TrendSnapshots snapshots;

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: card}
                spec:
                  appliesTo: {filter: {kind: component}}
                  levels: [bronze, silver]
                  checks:
                    - {id: production, weight: high, level: bronze, rule: {fact: entity.spec.lifecycle, operator: equal, value: production}}
                    - {id: described, weight: low, level: silver, rule: {fact: entity.metadata.description, operator: exists}}
                ---
                kind: Exemption
                spec: {scorecard: card, check: described, entity: component:c4, reason: generated client, expires: 2099-12-31}
                """);
        write(ROOT, "definitions/campaigns.yaml", """
                kind: Campaign
                metadata: {name: silver-services, title: Every service silver}
                spec:
                  scorecard: card
                  targetLevel: silver
                  appliesTo: {filter: {spec.type: service}}
                  owner: platform
                  startDate: 2026-03-01
                  targetDate: 2026-03-31
                  brief: Services reach **silver**.
                  links: [{title: Guide, url: "https://wiki.example.com/silver"}]
                ---
                kind: Campaign
                metadata: {name: production}
                spec: {scorecard: card, checks: [production], startDate: 2026-02-01, targetDate: 2026-02-28}
                ---
                kind: Campaign
                metadata: {name: documented}
                spec: {scorecard: card, checks: [described], startDate: 2026-01-01, targetDate: 2026-01-31}
                ---
                kind: Campaign
                metadata: {name: draft}
                spec: {scorecard: card, targetLevel: bronze, targetDate: 2026-12-31}
                ---
                kind: Campaign
                metadata: {name: next-quarter}
                spec: {scorecard: card, targetLevel: bronze, startDate: 2026-04-01, targetDate: 2026-06-30}
                ---
                kind: Campaign
                metadata: {name: alice}
                spec: {scorecard: card, targetLevel: silver, appliesTo: {filter: {metadata.name: c5}}, startDate: 2026-01-01, targetDate: 2026-12-31}
                ---
                kind: Campaign
                metadata: {name: ended}
                spec: {scorecard: card, checks: [production], appliesTo: {filter: {metadata.name: c1}}, startDate: 2026-01-01, targetDate: 2026-01-31}
                ---
                kind: Campaign
                metadata: {name: broken}
                spec: {scorecard: card, targetLevel: platinum, targetDate: 2026-12-31}
                """);
    }

    @BeforeEach
    void catalog() {
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, scorecard_trends,"
                + " scorecard_campaign_days").then().block();
        catalog("P");
    }

    /** The catalog, c2's state given ({@code P} production, {@code D} described). */
    void catalog(String c2) {
        Path catalog = ROOT.resolve("catalog");
        Fixtures.deleteRecursively(catalog);
        write(catalog, "groups/catalog-info.yaml", String.join("---\n", group("platform", null), group("payments", "platform"),
                group("payments-oncall", "payments"), group("search", null)));
        String[][] components = {{"c1", "payments-oncall", "PD", "service"}, {"c2", "payments", c2, "service"},
                {"c3", "platform", "D", "service"}, {"c4", "search", "-", "service"}, {"c5", "user:alice", "PD", "service"},
                {"c6", "platform", "PD", "website"}};
        for (String[] c : components) {
            write(catalog, c[0] + "/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + c[0] + "\n"
                    + (c[2].contains("D") ? "  description: documented\n" : "") + "spec:\n  type: " + c[3] + "\n  lifecycle: "
                    + (c[2].contains("P") ? "production" : "experimental") + "\n  owner: " + c[1] + "\n");
        }
        assertThat(refresh("campaigns").succeeded()).isTrue();
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").entity(Integer.class)
                .isEqualTo(6);
    }

    @Test
    void eachCampaignsStatusAndProgressFollowItsDatesAndItsEntities() {
        admin().document("{ campaigns { name status progress { done total ratio } } }").execute()
                .path("campaigns[*].name").entityList(String.class)
                .containsExactly("alice", "documented", "draft", "ended", "next-quarter", "production", "silver-services")
                .path("campaigns[*].status").entityList(String.class)
                .containsExactly("DONE", "DELAYED", "DRAFT", "ENDED", "SCHEDULED", "DELAYED", "IN_PROGRESS")
                // alice: c5 silver; documented: all but c2 (c4's exemption counts as passing); draft and next-quarter: all
                // but c3 and c4 at bronze or above; ended: c1 in production; production: c1, c2, c5, c6; silver: c1, c5 of five services
                .path("campaigns[*].progress.done").entityList(Integer.class).containsExactly(1, 5, 4, 1, 4, 4, 2)
                .path("campaigns[*].progress.total").entityList(Integer.class).containsExactly(1, 6, 6, 1, 6, 6, 5)
                .path("campaigns[6].progress.ratio").entity(Double.class).isEqualTo(0.4);
    }

    @Test
    void aCampaignServesItsDefinitionAndABadOneIsAProblemWhileTheOthersServe() {
        admin().document("{ campaign(name: \"silver-services\") { title scorecard targetLevel checks owner startDate targetDate brief"
                + " links { title url } file } missing: campaign(name: \"broken\") { name } scorecardDefinitionProblems { file message } }").execute()
                .path("campaign.title").entity(String.class).isEqualTo("Every service silver")
                .path("campaign.targetLevel").entity(String.class).isEqualTo("silver")
                .path("campaign.checks").entityList(String.class).hasSize(0)
                .path("campaign.owner").entity(String.class).isEqualTo("group:default/platform")
                .path("campaign.startDate").entity(String.class).isEqualTo("2026-03-01")
                .path("campaign.targetDate").entity(String.class).isEqualTo("2026-03-31")
                .path("campaign.brief").entity(String.class).isEqualTo("Services reach **silver**.")
                .path("campaign.links[0].url").entity(String.class).isEqualTo("https://wiki.example.com/silver")
                .path("campaign.file").entity(String.class).isEqualTo("target/it/campaigns/definitions/campaigns.yaml")
                .path("missing").valueIsNull()
                .path("scorecardDefinitionProblems").entityList(Object.class).hasSize(1)
                .path("scorecardDefinitionProblems[0].message").entity(String.class).satisfies(m -> assertThat(m)
                        .startsWith("Campaign broken: spec.targetLevel: \"platinum\" is not one of the levels of scorecard card"));
    }

    @Test
    void byOwnerCountsEachGroupWithItsSubGroups() {
        // services only: payments-oncall c1 (done); payments c1, c2; platform c1, c2, c3; search c4; alice's c5 in no group
        admin().document("{ campaign(name: \"silver-services\") { byOwner { group done total ratio } } }").execute()
                .path("campaign.byOwner[*].group").entityList(String.class).containsExactly("group:default/payments",
                        "group:default/payments-oncall", "group:default/platform", "group:default/search")
                .path("campaign.byOwner[*].done").entityList(Integer.class).containsExactly(1, 1, 1, 0)
                .path("campaign.byOwner[*].total").entityList(Integer.class).containsExactly(2, 1, 3, 1)
                .path("campaign.byOwner[*].ratio").entityList(Double.class).containsExactly(0.5, 1.0, 0.333, 0.0);
    }

    @Test
    void aGroupListsTheCampaignsOfWhatItAndItsSubGroupsOwn() {
        admin().document("{ entity(ref: \"group:payments\") { ... on Group { campaigns { campaign { name status progress { total } }"
                + " progress { done total } } } } }").execute()
                // payments and payments-oncall own c1 and c2 (ended's only entity is c1); alice's c5 is neither
                .path("entity.campaigns[*].campaign.name").entityList(String.class)
                .containsExactly("documented", "draft", "ended", "next-quarter", "production", "silver-services")
                .path("entity.campaigns[*].progress.done").entityList(Integer.class).containsExactly(1, 2, 1, 2, 2, 1)
                .path("entity.campaigns[*].progress.total").entityList(Integer.class).containsExactly(2, 2, 1, 2, 2, 2)
                .path("entity.campaigns[5].campaign.progress.total").entity(Integer.class).isEqualTo(5);
        admin().document("{ entity(ref: \"group:search\") { ... on Group { campaigns { campaign { name } } } } }").execute()
                .path("entity.campaigns[*].campaign.name").entityList(String.class)
                .containsExactly("documented", "draft", "next-quarter", "production", "silver-services");
    }

    @Test
    void overdueEntitiesAreThoseNotDoneOnceTheTargetDateHasPassedPagedByRef() {
        String page = "{ campaign(name: \"production\") { overdue(first: 1%s) { totalCount pageInfo { hasNextPage endCursor }"
                + " nodes { ref score level entity { name } } } } }";
        var first = admin().document(page.formatted("")).execute()
                .path("campaign.overdue.totalCount").entity(Integer.class).isEqualTo(2)
                .path("campaign.overdue.nodes[*].ref").entityList(String.class).containsExactly("component:default/c3")
                .path("campaign.overdue.nodes[0].score").entity(Double.class).isEqualTo(20.0)
                .path("campaign.overdue.nodes[0].level").valueIsNull()
                .path("campaign.overdue.nodes[0].entity.name").entity(String.class).isEqualTo("c3")
                .path("campaign.overdue.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("campaign.overdue.pageInfo.endCursor").entity(String.class).get();
        admin().document(page.formatted(", after: \"" + cursor + "\"")).execute()
                .path("campaign.overdue.nodes[*].ref").entityList(String.class).containsExactly("component:default/c4")
                .path("campaign.overdue.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        // before its target date a campaign has nothing overdue
        admin().document("{ campaign(name: \"silver-services\") { overdue { totalCount nodes { ref } } } }").execute()
                .path("campaign.overdue.totalCount").entity(Integer.class).isEqualTo(0)
                .path("campaign.overdue.nodes").entityList(Object.class).hasSize(0);
    }

    @Test
    void theBurnDownHasADayPerSnapshotFromTheStartDate() {
        snapshots.take(LocalDate.of(2026, 2, 27)).block();
        snapshots.take(LocalDate.of(2026, 3, 1)).block();
        // c2 gets a description: silver, and done for silver-services
        catalog("PD");
        snapshots.take(LocalDate.of(2026, 3, 2)).block();
        admin().document("{ silver: campaign(name: \"silver-services\") { burnDown { date done total remaining } }"
                + " production: campaign(name: \"production\") { burnDown { date done } } draft: campaign(name: \"draft\") { burnDown { date } } }")
                .execute()
                .path("silver.burnDown[*].date").entityList(String.class).containsExactly("2026-03-01", "2026-03-02")
                .path("silver.burnDown[*].done").entityList(Integer.class).containsExactly(2, 3)
                .path("silver.burnDown[*].total").entityList(Integer.class).containsExactly(5, 5)
                .path("silver.burnDown[*].remaining").entityList(Integer.class).containsExactly(3, 2)
                .path("production.burnDown[*].date").entityList(String.class).containsExactly("2026-02-27", "2026-03-01", "2026-03-02")
                .path("production.burnDown[*].done").entityList(Integer.class).containsExactly(4, 4, 4)
                .path("draft.burnDown").entityList(Object.class).hasSize(0);
        // taking a day again replaces its counts
        catalog("P");
        snapshots.take(LocalDate.of(2026, 3, 2)).block();
        assertThat(column("SELECT done FROM scorecard_campaign_days WHERE campaign = 'silver-services' ORDER BY day")).containsExactly("2", "2");
    }

    @Test
    void theTrendSnapshotMutationTakesTheCampaignsCountsOfToday() {
        admin().document("mutation { snapshotScorecardTrends { day } }").execute()
                .path("snapshotScorecardTrends.day").entity(String.class).isEqualTo("2026-03-10");
        // the started campaigns only: not draft nor next-quarter
        assertThat(column("SELECT campaign || ' ' || day || ' ' || done || '/' || total FROM scorecard_campaign_days ORDER BY campaign"))
                .containsExactly("alice 2026-03-10 1/1", "documented 2026-03-10 5/6", "ended 2026-03-10 1/1", "production 2026-03-10 4/6",
                        "silver-services 2026-03-10 2/5");
    }

    @Test
    void nestedFieldsCostAStatementEachWhateverTheNumberOfCampaignsOrGroups() {
        StatementCounter.STATEMENTS.set(0);
        admin().document("{ campaigns { progress { total } byOwner { group } overdue { totalCount nodes { ref } } burnDown { date } } }")
                .execute().path("campaigns").entityList(Object.class).hasSize(7);
        // progress, byOwner, the overdue pages of the two delayed campaigns together, burn-down
        assertThat(StatementCounter.STATEMENTS.get()).isEqualTo(4);
        String groups = "{ entities(filter: {kind: [\"Group\"]}, first: %d) { nodes { ... on Group { campaigns { progress { total } } } } } }";
        StatementCounter.STATEMENTS.set(0);
        admin().document(groups.formatted(1)).execute().path("entities.nodes").entityList(Object.class).hasSize(1);
        int one = StatementCounter.STATEMENTS.get();
        StatementCounter.STATEMENTS.set(0);
        admin().document(groups.formatted(4)).execute().path("entities.nodes").entityList(Object.class).hasSize(4);
        assertThat(StatementCounter.STATEMENTS.get()).as("four groups, as many statements as one").isEqualTo(one);
    }

    @Test
    void aMalformedCursorIsABadRequest() {
        admin().document("{ campaign(name: \"production\") { overdue(after: \"nonsense\") { totalCount } } }").execute().errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
    }
}
