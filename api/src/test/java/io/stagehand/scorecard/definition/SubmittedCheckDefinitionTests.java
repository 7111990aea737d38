package io.stagehand.scorecard.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.scorecard.definition.Definitions.SourceType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** External and manual checks in a definition: no rule of their own, a source of their own for what is submitted, and their validity. */
class SubmittedCheckDefinitionTests {

    static Definitions load(String yaml) {
        return new DefinitionLoader().load(List.of(new DefinitionLoader.Source("card.yaml", yaml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void externalAndManualChecksReadASourceOfTheirOwn() {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: basics}
                spec:
                  checks:
                    - {id: pen-test, type: external, weight: high, ttl: P30D}
                    - {id: runbook, type: manual, weight: medium}
                """);
        assertThat(loaded.problems()).isEmpty();
        var checks = loaded.scorecards().get("basics").checks();
        assertThat(checks.get(0).rule()).isEqualTo(new Rule.Submitted(FactRef.submitted("basics", "pen-test"), false, Duration.ofDays(30)));
        assertThat(checks.get(1).rule()).isEqualTo(new Rule.Submitted(FactRef.submitted("basics", "runbook"), true, Duration.ofDays(90)));
        assertThat(loaded.factSources().get("check:basics/pen-test").type()).isEqualTo(SourceType.PUSH);
        assertThat(loaded.scorecards().get("basics").factSources()).contains("check:basics/pen-test", "check:basics/runbook");
    }

    @Test
    void aSubmittedCheckWithARuleOrTheOtherKindsValidityIsAProblemOfItsOwn() {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: one}
                spec:
                  checks:
                    - {id: a, type: external, weight: high, rule: {fact: entity.spec.type, operator: exists}}
                ---
                kind: Scorecard
                metadata: {name: two}
                spec:
                  checks:
                    - {id: b, type: manual, weight: high, ttl: P1D}
                ---
                kind: Scorecard
                metadata: {name: three}
                spec:
                  checks:
                    - {id: c, type: survey, weight: high}
                """);
        assertThat(loaded.scorecards()).isEmpty();
        assertThat(loaded.problems()).extracting(Definitions.Problem::message).containsExactly(
                "Scorecard one: spec.checks[0].rule: an external check has no rule: its result is submitted (submitCheckResult); it was not loaded",
                "Scorecard two: spec.checks[0].ttl: a manual check takes validFor; it was not loaded",
                "Scorecard three: spec.checks[0].type: rule (the default), external or manual; it was not loaded");
    }
}
