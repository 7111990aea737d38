package io.stagehand.scorecard.trends;

import static io.stagehand.catalog.ingest.Fixtures.group;
import static io.stagehand.catalog.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.IntegrationTest;
import io.stagehand.catalog.ingest.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 32, trends end to end: a catalog of groups and sub-groups is evaluated, changed and
 * snapshotted on simulated days (the day is the snapshot's argument, no clock is waited for), and
 * the trend's points are checked against figures worked out by hand from the checks' weights
 * (high 4, low 1). The API's snapshot takes its day from a fixed clock.
 *
 * <p>Groups: platform, its child payments, its child payments-oncall; search apart. On the first
 * day: c1 (payments-oncall) production and described, 100, silver; c2 (payments) production, 80,
 * bronze; c3 (platform) described only, 20, none; c4 (search) neither, 0, none; c5 (user alice,
 * no group) both, 100, silver.
 */
@TestPropertySource(properties = {
        "stagehand.sources[0].name=trends",
        "stagehand.sources[0].type=file",
        "stagehand.sources[0].path=target/it/trends/catalog",
        "stagehand.scorecards.paths[0]=target/it/trends/definitions",
        "stagehand.scorecards.built-in=false",
        "stagehand.scorecards.trends.retention=P30D",
})
@Import(ScorecardTrendTests.FixedClock.class)
class ScorecardTrendTests extends IntegrationTest {

    /** The clock snapshots take their day from, here a fixed instant late on a day (UTC). */
    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-03-10T23:59:30Z"), ZoneOffset.ofHours(2));
        }
    }

    static final Path ROOT = Path.of("target/it/trends");
    static final LocalDate JAN_30 = LocalDate.of(2026, 1, 30);
    static final LocalDate FEB_2 = LocalDate.of(2026, 2, 2);
    static final LocalDate FEB_4 = LocalDate.of(2026, 2, 4);

    @Autowired
    TrendSnapshots snapshots;

    @BeforeAll
    static void definitions() {
        Fixtures.deleteRecursively(ROOT);
        write(ROOT, "definitions/card.yaml", """
                kind: Scorecard
                metadata: {name: trend}
                spec:
                  appliesTo: {filter: {kind: component}}
                  levels: [bronze, silver]
                  checks:
                    - {id: production, weight: high, level: bronze, rule: {fact: entity.spec.lifecycle, operator: equal, value: production}}
                    - {id: described, weight: low, level: silver, rule: {fact: entity.metadata.description, operator: exists}}
                """);
    }

    @BeforeEach
    void empty() {
        db.sql("TRUNCATE scorecard_results, scorecard_facts, scorecard_check_history, scorecard_score_history, scorecard_trends, audit_events")
                .then().block();
    }

    /** The catalog of a day: the components' lifecycles and descriptions, c1 to c5. */
    void catalog(String c1, String c2, String c3, String c4, String c5) {
        Path catalog = ROOT.resolve("catalog");
        Fixtures.deleteRecursively(catalog);
        write(catalog, "groups/catalog-info.yaml", String.join("---\n", group("platform", null), group("payments", "platform"),
                group("payments-oncall", "payments"), group("search", null)));
        String[] owners = {"payments-oncall", "payments", "platform", "search", "user:alice"};
        String[] states = {c1, c2, c3, c4, c5};
        for (int i = 0; i < 5; i++) {
            write(catalog, "c" + (i + 1) + "/catalog-info.yaml", component("c" + (i + 1), owners[i], states[i]));
        }
        assertThat(refresh("trends").succeeded()).isTrue();
        assertThat(single("SELECT count(*) FROM entities")).isEqualTo("9");
        admin().document("mutation { evaluate { entitiesEvaluated } }").execute().path("evaluate.entitiesEvaluated").entity(Integer.class)
                .isEqualTo(5);
    }

    /** {@code P} production, {@code D} described, {@code PD} both, {@code -} neither. */
    static String component(String name, String owner, String state) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n"
                + (state.contains("D") ? "  description: documented\n" : "")
                + "spec:\n  type: service\n  lifecycle: " + (state.contains("P") ? "production" : "experimental") + "\n  owner: " + owner + "\n";
    }

    void snapshot(LocalDate day) {
        assertThat(snapshots.take(day).block().day()).isEqualTo(day);
    }

    GraphQlTester.Response trend(String arguments) {
        return admin().document("{ scorecardTrend(scorecard: \"trend\"" + arguments + ") { owner points { date takenOn entityCount averageScore"
                + " levels { level count } checks { checkId pass fail passRate } } } }").execute();
    }

    /** Three days: the first day's state; the next the second state (taken twice); the third a third state. */
    void threeDays() {
        catalog("PD", "P", "D", "-", "PD");
        snapshot(JAN_30);
        snapshot(FEB_2);
        // c3 goes to production (100, silver) and c4 gets a description (20, none); Feb 2 is taken again
        catalog("PD", "P", "PD", "D", "PD");
        snapshot(FEB_2);
        // c2 leaves production: 0, none
        catalog("PD", "-", "PD", "D", "PD");
        snapshot(FEB_4);
    }

    @Test
    void theWholeScorecardDayByDayWithLevelsAndPassRates() {
        threeDays();
        trend("").path("scorecardTrend.owner").valueIsNull()
                .path("scorecardTrend.points[*].date").entityList(String.class).containsExactly("2026-01-30", "2026-02-02", "2026-02-04")
                // (100 + 80 + 20 + 0 + 100) / 5; (100 + 80 + 100 + 20 + 100) / 5; (100 + 0 + 100 + 20 + 100) / 5
                .path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(60.0, 80.0, 64.0)
                .path("scorecardTrend.points[*].entityCount").entityList(Integer.class).containsExactly(5, 5, 5)
                .path("scorecardTrend.points[0].levels[*].level").entityList(String.class).containsExactly("bronze", "silver", null)
                .path("scorecardTrend.points[0].levels[*].count").entityList(Integer.class).containsExactly(1, 2, 2)
                .path("scorecardTrend.points[2].levels[*].count").entityList(Integer.class).containsExactly(0, 3, 2)
                .path("scorecardTrend.points[0].checks[*].checkId").entityList(String.class).containsExactly("production", "described")
                .path("scorecardTrend.points[0].checks[*].passRate").entityList(Double.class).containsExactly(0.6, 0.6)
                .path("scorecardTrend.points[1].checks[*].pass").entityList(Integer.class).containsExactly(4, 4)
                // production fails for c2 and c4, described for c2 only
                .path("scorecardTrend.points[2].checks[*].fail").entityList(Integer.class).containsExactly(2, 1);
    }

    @Test
    void aGroupCountsItsSubGroupsAndAnEntityOwnedByAUserOnlyTheWhole() {
        threeDays();
        // platform: c1, c2, c3; payments: c1, c2; payments-oncall: c1; search: c4
        trend(", owner: \"platform\"").path("scorecardTrend.owner").entity(String.class).isEqualTo("group:default/platform")
                .path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(66.7, 93.3, 66.7)
                .path("scorecardTrend.points[*].entityCount").entityList(Integer.class).containsExactly(3, 3, 3)
                .path("scorecardTrend.points[0].levels[*].count").entityList(Integer.class).containsExactly(1, 1, 1)
                .path("scorecardTrend.points[0].checks[*].passRate").entityList(Double.class).containsExactly(0.667, 0.667);
        trend(", owner: \"group:default/payments\"")
                .path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(90.0, 90.0, 50.0)
                .path("scorecardTrend.points[0].checks[*].passRate").entityList(Double.class).containsExactly(1.0, 0.5);
        trend(", owner: \"payments-oncall\"").path("scorecardTrend.points[*].averageScore").entityList(Double.class)
                .containsExactly(100.0, 100.0, 100.0);
        trend(", owner: \"search\"").path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(0.0, 20.0, 20.0);
        // alice's c5 is in no group's series; a group that owns nothing has no points
        assertThat(column("SELECT DISTINCT owner_key FROM scorecard_trends ORDER BY 1")).containsExactly("",
                "group:default/payments", "group:default/payments-oncall", "group:default/platform", "group:default/search");
    }

    @Test
    void takingADayAgainReplacesItsRows() {
        threeDays();
        assertThat(column("SELECT count(*) FROM scorecard_trends GROUP BY day ORDER BY day")).containsExactly("5", "5", "5");
        // Feb 2 shows its second snapshot, not the first (which had the average of Jan 30)
        trend(", since: \"2026-02-01\"").path("scorecardTrend.points[*].takenOn").entityList(String.class)
                .containsExactly("2026-02-02", "2026-02-04")
                .path("scorecardTrend.points[0].averageScore").entity(Double.class).isEqualTo(80.0);
    }

    @Test
    void aWeekOrAMonthShowsItsLastSnapshot() {
        threeDays();
        // Jan 30 is in the week from Jan 26; Feb 2 and Feb 4 in the week from Feb 2, which shows Feb 4 (64), not Feb 2 (80) nor their mean
        trend(", interval: WEEK").path("scorecardTrend.points[*].date").entityList(String.class).containsExactly("2026-01-26", "2026-02-02")
                .path("scorecardTrend.points[*].takenOn").entityList(String.class).containsExactly("2026-01-30", "2026-02-04")
                .path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(60.0, 64.0);
        trend(", owner: \"payments\", interval: MONTH").path("scorecardTrend.points[*].date").entityList(String.class)
                .containsExactly("2026-01-01", "2026-02-01")
                .path("scorecardTrend.points[*].averageScore").entityList(Double.class).containsExactly(90.0, 50.0)
                .path("scorecardTrend.points[1].levels[*].count").entityList(Integer.class).containsExactly(0, 1, 1);
    }

    @Test
    void daysPastTheRetentionArePrunedWhenADayIsTaken() {
        threeDays();
        // 30 days before Mar 5 is Feb 3: Jan 30 and Feb 2 go (five rows each), Feb 4 stays
        TrendSnapshots.Snapshot march = snapshots.take(LocalDate.of(2026, 3, 5)).block();
        assertThat(march.rows()).isEqualTo(5);
        assertThat(march.pruned()).isEqualTo(10);
        trend("").path("scorecardTrend.points[*].takenOn").entityList(String.class).containsExactly("2026-02-04", "2026-03-05");
    }

    @Test
    void anAdminTakesTodaysSnapshotThroughTheApiAndItIsAudited() {
        catalog("PD", "P", "D", "-", "PD");
        // the clock's UTC day, whatever its zone
        String today = "2026-03-10";
        admin().document("mutation { snapshotScorecardTrends { day rows pruned } }").execute()
                .path("snapshotScorecardTrends.day").entity(String.class).isEqualTo(today)
                .path("snapshotScorecardTrends.rows").entity(Integer.class).isEqualTo(5);
        assertThat(column("SELECT actor || ' ' || permission || ' ' || result FROM audit_events WHERE operation = 'snapshotScorecardTrends'"))
                .containsExactly("token:tests scorecard.snapshot ALLOWED");
        trend("").path("scorecardTrend.points[*].date").entityList(String.class).containsExactly(today);
    }

    @Test
    void anUnknownScorecardOrAnOwnerThatIsNoGroupIsABadRequest() {
        for (String document : List.of("{ scorecardTrend(scorecard: \"nope\") { points { date } } }",
                "{ scorecardTrend(scorecard: \"trend\", owner: \"user:alice\") { points { date } } }")) {
            admin().document(document).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                    .satisfies(e -> assertThat(e.getErrorType()).isEqualTo(org.springframework.graphql.execution.ErrorType.BAD_REQUEST)));
        }
    }
}
