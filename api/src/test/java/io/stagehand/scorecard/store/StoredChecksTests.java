package io.stagehand.scorecard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Rule.FactLookup;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation.CheckResult;
import io.stagehand.scorecard.graphql.Views.CheckResultView;
import io.stagehand.scorecard.graphql.Views.FactValueView;
import io.stagehand.scorecard.graphql.Views;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The stored form of checks: what is written reads back as it was evaluated, and the bytes stay those of earlier versions. */
class StoredChecksTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String EARLIER = "2026-11-01T08:00:00Z";

    @Test
    void whatIsWrittenReadsBackAsItWasEvaluated() {
        List<CheckResult> evaluated = ResultsTests.varied();
        String states = StoredChecks.states(evaluated, Map.of(), NOW.toString());

        List<CheckResultView> read = StoredChecks.read(StoredChecks.text(StoredChecks.json(evaluated)), states, NOW);

        assertThat(read).hasSize(evaluated.size());
        for (int i = 0; i < evaluated.size(); i++) {
            CheckResult check = evaluated.get(i);
            CheckResultView view = read.get(i);
            assertThat(view.checkId()).isEqualTo(check.checkId());
            assertThat(view.title()).isEqualTo(check.title());
            assertThat(view.weight()).isEqualTo(check.weight());
            assertThat(view.level()).isEqualTo(check.level());
            assertThat(view.state()).isEqualTo(check.state());
            assertThat(view.message()).isEqualTo(check.message());
            assertThat(view.since()).isEqualTo(OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
            assertThat(view.facts()).extracting(FactValueView::name).containsExactlyElementsOf(check.facts().keySet());
        }
        CheckResultView owner = read.get(0);
        assertThat(owner.facts()).extracting(FactValueView::value)
                .containsExactly("team-\u00e9\"quoted\"\n", 2.5, null, null, java.util.Arrays.asList("a", Map.of("b", true), null));
        CheckResultView backups = read.get(1);
        assertThat(backups.exemption().reason()).isEqualTo("stateless");
        assertThat(backups.exemption().approvedBy()).isEqualTo("user:default/alice");
        assertThat(backups.exemption().id()).isEqualTo("yaml:card/has-backups/component:default/edge");
        assertThat(backups.exemption().expires()).isEqualTo(OffsetDateTime.parse("2027-03-31T00:00:00Z"));
        assertThat(backups.exemption().expired()).isFalse();
        assertThat(backups.exemption().origin()).isEqualTo(Views.ExemptionOrigin.YAML);
        assertThat(StoredChecks.read(evaluated, NOW)).as("a dry run goes through the same form").isEqualTo(read);
    }

    @Test
    void aCheckKeepsItsSinceWhileItsStateHolds() {
        List<CheckResult> evaluated = ResultsTests.varied();
        Map<String, StoredChecks.Since> before = Map.of(
                "has-owner", new StoredChecks.Since("PASS", EARLIER), // still passing: keeps its since
                "has-backups", new StoredChecks.Since("FAIL", EARLIER)); // now exempt: since now

        String states = StoredChecks.states(evaluated, before, NOW.toString());

        assertThat(states).isEqualTo("has-owner=PASS@" + EARLIER + ";has-backups=EXEMPT@" + NOW + ";ci-passing=UNKNOWN@" + NOW);
        assertThat(StoredChecks.states(states)).containsEntry("has-owner", new StoredChecks.Since("PASS", EARLIER))
                .containsEntry("ci-passing", new StoredChecks.Since("UNKNOWN", NOW.toString())).hasSize(3);
        assertThat(StoredChecks.states((String) null)).isEmpty();
    }

    @Test
    void theBytesAreThoseEarlierVersionsWroteSoTheDigestsHold() {
        Map<String, FactLookup> facts = new LinkedHashMap<>();
        facts.put("entity.spec.owner", FactLookup.of(NODES.stringNode("team-a"), Instant.parse("2026-11-30T00:00:00Z")));
        facts.put("repo.missing", FactLookup.of(tools.jackson.databind.node.MissingNode.getInstance(), null));
        Exemption exemption = new Exemption("7", "card", "docs", "component:default/edge", "component:default/edge", "later",
                null, Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), null, "API");
        List<CheckResult> checks = List.of(new CheckResult("has-owner", "Owned", Weight.CRITICAL, "bronze", CheckState.PASS, null, facts, null),
                new CheckResult("docs", null, Weight.LOW, null, CheckState.EXEMPT, "no docs", Map.of(), exemption));

        assertThat(StoredChecks.text(StoredChecks.json(checks))).isEqualTo("["
                + "{\"id\":\"has-owner\",\"title\":\"Owned\",\"weight\":\"CRITICAL\",\"level\":\"bronze\",\"state\":\"PASS\","
                + "\"facts\":[{\"name\":\"entity.spec.owner\",\"value\":\"team-a\"},{\"name\":\"repo.missing\"}]},"
                + "{\"id\":\"docs\",\"weight\":\"LOW\",\"state\":\"EXEMPT\",\"message\":\"no docs\",\"facts\":[],"
                + "\"exemption\":{\"id\":\"7\",\"scorecard\":\"card\",\"check\":\"docs\",\"entityRef\":\"component:default/edge\","
                + "\"reason\":\"later\",\"expires\":\"2027-01-01T00:00:00Z\",\"origin\":\"API\",\"createdAt\":\"2026-12-01T00:00:00Z\","
                + "\"revoked\":false}}]");
    }
}
