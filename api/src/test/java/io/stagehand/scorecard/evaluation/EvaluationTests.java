package io.stagehand.scorecard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.evaluation.Evaluation.Result;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import io.stagehand.scorecard.evaluation.Evaluation.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Scores, levels, exemptions and fact freshness, from definitions as a user writes them. */
class EvaluationTests {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Evaluation.Weights WEIGHTS = new Evaluation.Weights(8, 4, 2, 1);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Definitions DEFINITIONS = new DefinitionLoader().load(List.of(new DefinitionLoader.Source("test.yaml", """
            kind: FactSource
            metadata: {name: ci}
            spec:
              type: http
              schedule: {every: PT30M}
              request: {url: "https://ci.example.com/{{name}}"}
              facts:
                conclusion: {path: $.conclusion, type: string}
            ---
            kind: Scorecard
            metadata: {name: card}
            spec:
              levels: [bronze, silver, gold]
              checks:
                - {id: critical-one, weight: critical, level: bronze, rule: {fact: entity.spec.owner, operator: exists}}
                - {id: ci, weight: high, level: silver, rule: {fact: ci.conclusion, operator: equal, value: success}}
                - {id: tags, weight: medium, level: gold, rule: {fact: entity.metadata.tags, operator: contains, value: java}}
                - {id: gold-critical, weight: critical, level: gold, rule: {fact: entity.spec.tier, operator: equal, value: 1}}
            """.getBytes(StandardCharsets.UTF_8))));

    static Subject subject(String descriptor, StoredFacts ci) {
        return new Subject("component:default/x", "component:default/x", JSON.readTree(descriptor),
                ci == null ? Map.of() : Map.of("ci", ci));
    }

    static StoredFacts ci(String conclusion, Instant at) {
        return new StoredFacts(JSON.readTree("{\"conclusion\": \"" + conclusion + "\"}"), at, null, false);
    }

    Result evaluate(Subject subject, List<Exemption> exemptions) {
        Scorecard card = DEFINITIONS.scorecards().get("card");
        return Evaluation.evaluate(card, subject, DEFINITIONS.factSources(), exemptions, WEIGHTS, NOW);
    }

    @Test
    void everythingPassingReachesTheTopLevel() {
        Result result = evaluate(subject("{\"spec\": {\"owner\": \"t\", \"tier\": 1}, \"metadata\": {\"tags\": [\"java\"]}}",
                ci("success", NOW.minusSeconds(60))), List.of());
        assertThat(result.score()).isEqualTo(100.0);
        assertThat(result.level()).isEqualTo("gold");
    }

    @Test
    void theLevelStopsAtTheFirstLevelWithAFailureAndAFailingCriticalCheckLeavesNone() {
        Result silver = evaluate(subject("{\"spec\": {\"owner\": \"t\", \"tier\": 1}, \"metadata\": {\"tags\": []}}",
                ci("success", NOW)), List.of());
        assertThat(silver.level()).isEqualTo("silver");
        // 8 + 4 + 8 of 22
        assertThat(silver.score()).isEqualTo(90.9);

        Result none = evaluate(subject("{\"spec\": {\"owner\": \"t\", \"tier\": 2}, \"metadata\": {\"tags\": [\"java\"]}}",
                ci("success", NOW)), List.of());
        // the failing critical check is at gold, yet it leaves the entity without any level
        assertThat(none.level()).isNull();
        assertThat(none.failingCritical()).isEqualTo(1);
        assertThat(none.worstFailing()).isEqualTo(4);
    }

    @Test
    void unknownAndStaleFactsCountNeitherWayAndAFailedCollectionIsAnError() {
        String descriptor = "{\"spec\": {\"owner\": \"t\", \"tier\": 1}, \"metadata\": {\"tags\": [\"java\"]}}";
        Result never = evaluate(subject(descriptor, null), List.of());
        assertThat(never.results().get(1).state()).isEqualTo(CheckState.UNKNOWN);
        assertThat(never.results().get(1).message()).isEqualTo("No facts from ci yet");
        // 8 + 2 + 8 of 18: the unknown check is out of both sides
        assertThat(never.score()).isEqualTo(100.0);
        assertThat(never.level()).isEqualTo("bronze");

        // ttl is twice the schedule: facts of 61 minutes ago are stale
        Result stale = evaluate(subject(descriptor, ci("success", NOW.minus(Duration.ofMinutes(61)))), List.of());
        assertThat(stale.results().get(1).state()).isEqualTo(CheckState.UNKNOWN);

        // the last good facts stay until they are stale, whatever the last attempt gave
        StoredFacts failedButFresh = new StoredFacts(JSON.readTree("{\"conclusion\": \"success\"}"), NOW.minusSeconds(600), "HTTP 500", false);
        assertThat(evaluate(subject(descriptor, failedButFresh), List.of()).results().get(1).state()).isEqualTo(CheckState.PASS);
        StoredFacts failed = new StoredFacts(null, null, "HTTP 500", false);
        Result error = evaluate(subject(descriptor, failed), List.of());
        assertThat(error.results().get(1).state()).isEqualTo(CheckState.ERROR);
        assertThat(error.results().get(1).message()).isEqualTo("ci: HTTP 500");
    }

    @Test
    void anActiveExemptionCountsAsPassingAndAnExpiredOneDoesNot() {
        String descriptor = "{\"spec\": {\"owner\": \"t\", \"tier\": 1}, \"metadata\": {\"tags\": []}}";
        Exemption active = new Exemption(null, "card", "tags", "component:default/x", "component:default/x", "legacy", null,
                NOW.plusSeconds(3600), null, null, "YAML");
        Result exempt = evaluate(subject(descriptor, ci("success", NOW)), List.of(active));
        assertThat(exempt.results().get(2).state()).isEqualTo(CheckState.EXEMPT);
        assertThat(exempt.score()).isEqualTo(100.0);
        assertThat(exempt.level()).isEqualTo("gold");

        Exemption expired = new Exemption(null, "card", "tags", "component:default/x", "component:default/x", "legacy", null,
                NOW.minusSeconds(1), null, null, "YAML");
        Result failing = evaluate(subject(descriptor, ci("success", NOW)), List.of(expired));
        assertThat(failing.results().get(2).state()).isEqualTo(CheckState.FAIL);
        assertThat(failing.results().get(2).exemption()).isSameAs(expired);

        Exemption revoked = new Exemption("7", "card", "tags", "component:default/x", "component:default/x", "legacy", null,
                null, NOW, NOW, "API");
        assertThat(evaluate(subject(descriptor, ci("success", NOW)), List.of(revoked)).results().get(2).state()).isEqualTo(CheckState.FAIL);
    }
}
