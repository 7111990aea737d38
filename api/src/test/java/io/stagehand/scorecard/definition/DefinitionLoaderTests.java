package io.stagehand.scorecard.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionLoaderTests {

    static Definitions load(String... files) {
        List<DefinitionLoader.Source> sources = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new DefinitionLoader.Source("file" + i + ".yaml", files[i].getBytes(StandardCharsets.UTF_8)));
        }
        return new DefinitionLoader().load(sources);
    }

    static final String SOURCE = """
            kind: FactSource
            metadata: {name: ci}
            spec:
              type: http
              request: {url: "https://ci/{{annotation 'ci/project'}}", headers: {Authorization: "Bearer ${CI_TOKEN}"}}
              facts:
                conclusion: {path: $.lastRun.conclusion, type: string}
            """;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{fact: ci.conclusoin, operator: equal, value: x}      | spec.checks[0].rule.fact: source ci has no fact conclusoin (it has conclusion)",
            "{fact: \"entity.spec[*]\", operator: exists}             | spec.checks[0].rule.fact: JSON path spec[*]",
            "{fact: ci.conclusion, operator: equals, value: x}      | spec.checks[0].rule.operator: unknown operator \"equals\"",
            "{fact: ci.conclusion, operator: in, value: x}          | spec.checks[0].rule.value: in needs a list",
            "{all: []}                                              | spec.checks[0].rule.all: a non-empty list of rules",
            "{fact: conclusion, operator: exists}                   | spec.checks[0].rule.fact: fact \"conclusion\" must be <source>.<fact>",
    })
    void aBadRuleIsNamedByFileLineAndFieldAndTheOtherScorecardsLoad(String rule, String expected) {
        Definitions loaded = load(SOURCE, """
                kind: Scorecard
                metadata: {name: good}
                spec:
                  checks: [{id: a, weight: low, rule: {fact: entity.kind, operator: exists}}]
                ---
                kind: Scorecard
                metadata: {name: bad}
                spec:
                  checks:
                    - {id: a, weight: low, rule: %s}
                """.formatted(rule));
        assertThat(loaded.scorecards()).containsOnlyKeys("good");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("file1.yaml");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).startsWith("Scorecard bad: ").contains(expected).endsWith("it was not loaded");
        });
    }

    @Test
    void duplicateIdsUnknownLevelsAndWeightsAreRefused() {
        Definitions loaded = load(SOURCE, """
                kind: Scorecard
                metadata: {name: dup}
                spec:
                  checks:
                    - {id: a, weight: low, rule: {fact: entity.kind, operator: exists}}
                    - {id: a, weight: low, rule: {fact: entity.kind, operator: exists}}
                ---
                kind: Scorecard
                metadata: {name: level}
                spec:
                  levels: [bronze]
                  checks: [{id: a, weight: low, level: platinum, rule: {fact: entity.kind, operator: exists}}]
                ---
                kind: Scorecard
                metadata: {name: weight}
                spec:
                  checks: [{id: a, weight: huge, rule: {fact: entity.kind, operator: exists}}]
                """);
        assertThat(loaded.scorecards()).isEmpty();
        assertThat(loaded.problems()).extracting(Definitions.Problem::message).satisfiesExactly(
                m -> assertThat(m).contains("duplicate check id a"),
                m -> assertThat(m).contains("\"platinum\" is not one of the scorecard's levels [bronze]"),
                m -> assertThat(m).contains("spec.checks[0].weight: one of critical, high, medium, low"));
    }

    @Test
    void anUndefinedFactSourceIsReportedAndTheCheckStays() {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: c}
                spec:
                  checks: [{id: ci-passing, weight: critical, rule: {fact: ci.conclusion, operator: equal, value: success}}]
                """);
        assertThat(loaded.scorecards()).containsOnlyKeys("c");
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("fact source ci is not defined"));
    }

    @Test
    void exemptionsMustNameALoadedScorecardAndCheckAndADateExpiresAtTheEndOfThatDay() {
        Definitions loaded = load(SOURCE, """
                kind: Scorecard
                metadata: {name: c}
                spec:
                  checks: [{id: a, weight: low, rule: {fact: entity.kind, operator: exists}}]
                ---
                kind: Exemption
                spec: {scorecard: c, check: a, entity: component:edge, reason: stateless, expires: 2027-03-31}
                ---
                kind: Exemption
                spec: {scorecard: c, check: b, entity: component:edge, reason: stateless}
                ---
                kind: Exemption
                spec: {scorecard: nope, check: a, entity: component:edge, reason: stateless}
                ---
                kind: Exemption
                spec: {scorecard: c, check: a, entity: component:edge}
                """);
        assertThat(loaded.exemptions()).singleElement().satisfies(e -> {
            assertThat(e.entityKey()).isEqualTo("component:default/edge");
            assertThat(e.expires()).hasToString("2027-04-01T00:00:00Z");
        });
        assertThat(loaded.problems()).extracting(Definitions.Problem::message).satisfiesExactly(
                m -> assertThat(m).contains("scorecard c has no check b"),
                m -> assertThat(m).contains("no scorecard named nope is loaded"),
                m -> assertThat(m).contains("spec.reason: required"));
    }

    @Test
    void aBuiltInDefinitionGivesWayToOneOfTheSameNameSilently() {
        Definitions loaded = new DefinitionLoader().load(List.of(
                new DefinitionLoader.Source("mine.yaml", SOURCE.getBytes(StandardCharsets.UTF_8)),
                new DefinitionLoader.Source("builtin.yaml", SOURCE.replace("lastRun.conclusion", "other").getBytes(StandardCharsets.UTF_8), true)));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.factSources().get("ci").file()).isEqualTo("mine.yaml");
    }

    @Test
    void theBuiltInScorecardLoadsCleanly() throws Exception {
        byte[] builtIn = getClass().getResourceAsStream("/scorecards/production-readiness.yaml").readAllBytes();
        Definitions loaded = new DefinitionLoader().load(List.of(new DefinitionLoader.Source("builtin", builtIn, true)));
        assertThat(loaded.scorecards().get("production-readiness").checks()).extracting(c -> c.id() + " " + c.weight()).containsExactly(
                "ci-passing CRITICAL", "has-owner CRITICAL", "has-techdocs HIGH", "has-monitoring HIGH", "has-backups MEDIUM",
                "has-oncall MEDIUM", "has-cost-tags LOW");
        // only the CI source is left to the user
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("fact source ci is not defined"));
    }

    /** The README shows the format by an abridged default scorecard: it must load as it stands. */
    @Test
    void theReadmesExampleLoadsWithoutProblems() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Scorecards"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));

        Definitions loaded = load(yaml);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.scorecards().get("production-readiness").checks()).extracting(c -> c.id()).containsExactly("has-owner", "has-backups");
        assertThat(loaded.factSources()).containsKey("repo");
        assertThat(loaded.exemptions()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("stateless"));
    }
}
