package io.stagehand.scorecard.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagehand.scorecard.definition.Definitions.Check;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation.Result;
import io.stagehand.scorecard.evaluation.Evaluation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Content written by people the operator does not vet (catalog files, annotations, definitions):
 * each attack of issue 27 fails alone, in a fixed form, and the rest goes on.
 */
public class HostileContentTests {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static Definitions load(String yaml) {
        return new DefinitionLoader().load(List.of(new DefinitionLoader.Source("hostile.yaml", yaml.getBytes(StandardCharsets.UTF_8))));
    }

    static Result evaluate(Scorecard card, String descriptor) {
        return Evaluation.evaluate(card, new Evaluation.Subject("component:default/x", "component:default/x", JSON.readTree(descriptor),
                Map.of()), Map.of(), List.of(), new Evaluation.Weights(8, 4, 2, 1), NOW);
    }

    static Check check(String id, Rule rule) {
        return new Check(id, null, null, Weight.MEDIUM, null, rule, null);
    }

    static Scorecard card(Check... checks) {
        return new Scorecard("card", null, null, Definitions.AppliesTo.EVERYTHING, List.of(), List.of(checks), "hostile.yaml", 1);
    }

    // Row 6: a duration past the calendar

    @Test
    void aDurationPastTheCalendarIsAProblemNamingFileAndFieldAtLoad() {
        Definitions loaded = load("""
                kind: Scorecard
                metadata: {name: card}
                spec:
                  checks:
                    - {id: fresh, weight: high, rule: {fact: entity.metadata.annotations.built, operator: withinLast, value: P9999999999999D}}
                ---
                kind: Scorecard
                metadata: {name: other}
                spec:
                  checks:
                    - {id: owned, weight: high, rule: {fact: entity.spec.owner, operator: exists}}
                """);
        assertThat(loaded.scorecards()).containsOnlyKeys("other");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("hostile.yaml");
            assertThat(p.message()).contains("spec.checks[0].rule.value").contains("withinLast takes a duration");
        });
    }

    @Test
    void aCheckThatThrowsIsItsOwnErrorAndTheOtherChecksAreEvaluated() {
        // built past the loader, as a definition loaded before the limit existed would be
        Rule overflowing = new Rule.Condition(FactRef.parse("entity.metadata.annotations.built"), Operator.WITHIN_LAST,
                JsonNodeFactory.instance.stringNode("P9999999999999D"));
        Rule owned = new Rule.Condition(FactRef.parse("entity.spec.owner"), Operator.EXISTS, JsonNodeFactory.instance.missingNode());
        Result result = evaluate(card(check("fresh", overflowing), check("owned", owned)),
                "{\"metadata\": {\"annotations\": {\"built\": \"2026-12-01\"}}, \"spec\": {\"owner\": \"team\"}}");
        assertThat(result.results()).extracting(Evaluation.CheckResult::state).containsExactly(CheckState.ERROR, CheckState.PASS);
        assertThat(result.results().get(0).message()).isEqualTo("The check could not be evaluated: a value is out of range for it");
    }

    // Rows 4 and 5: regular expressions from users

    static Scorecard matching(String regex) {
        Definitions loaded = new DefinitionLoader().loadScorecards(List.of(new DefinitionLoader.Source("dryRunScorecard(yaml)", """
                kind: Scorecard
                metadata: {name: card}
                spec:
                  checks:
                    - {id: pattern, weight: high, rule: {fact: "entity.metadata.annotations.x", operator: matches, value: '%s'}}
                    - {id: owned, weight: high, rule: {fact: entity.spec.owner, operator: exists}}
                """.formatted(regex).getBytes(StandardCharsets.UTF_8))), Map.of());
        assertThat(loaded.problems()).isEmpty();
        return loaded.scorecards().get("card");
    }

    static String annotated(String value) {
        return "{\"metadata\": {\"annotations\": {\"x\": \"" + value + "\"}}, \"spec\": {\"owner\": \"team\"}}";
    }

    @Test
    void aCatastrophicPatternInADryRunIsMatchedInLinearTime() {
        Scorecard card = matching("(.*a){12}$");
        // java.util.regex backtracks for minutes on this; RE2 answers at once
        Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> evaluate(card, annotated("a".repeat(34) + "b")));
        assertThat(result.results()).extracting(Evaluation.CheckResult::state).containsExactly(CheckState.FAIL, CheckState.PASS);
    }

    @Test
    void backreferencesLookaroundAndHugePatternsAreRefusedAtLoadSayingWhy() {
        assertThat(Operator.MATCHES.check(JsonNodeFactory.instance.stringNode("a".repeat(1001))))
                .isEqualTo("matches takes a regular expression of at most 1000 characters");
        for (String regex : List.of("(a)\\1", "a(?=b)", "(?<!a)b")) {
            Definitions loaded = load("""
                    kind: Scorecard
                    metadata: {name: card}
                    spec:
                      checks:
                        - {id: pattern, weight: high, rule: {fact: "entity.metadata.annotations.x", operator: matches, value: '%s'}}
                    """.formatted(regex));
            assertThat(loaded.scorecards()).as(regex).isEmpty();
            assertThat(loaded.problems()).as(regex).singleElement().extracting(Definitions.Problem::message).asString()
                    .contains("spec.checks[0].rule.value").contains("RE2 syntax").contains("no backreferences or lookaround");
        }
    }

    @Test
    void aMebibyteAnnotationUnderMatchesIsThatChecksErrorAndTheOthersGoOn() {
        Scorecard card = matching("(x+x+)+y");
        Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> evaluate(card, annotated("x".repeat(1024 * 1024))));
        assertThat(result.results()).extracting(Evaluation.CheckResult::state).containsExactly(CheckState.ERROR, CheckState.PASS);
        assertThat(result.results().get(0).message())
                .isEqualTo("entity.metadata.annotations.x is 1048576 characters long; matches reads at most 65536");
    }

    @Test
    void aCountGlobIsMatchedInLinearTimeAsTheJdksGlobWouldMatchIt() {
        String catastrophic = "*a".repeat(20) + "*b";
        com.google.re2j.Pattern pattern = DefinitionFields.glob(catastrophic, "spec.facts.n.count");
        // the JDK's glob of this pattern backtracks for minutes on a path of 60 a's
        assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> pattern.matches("a".repeat(60)))).isFalse();

        List<String> globs = List.of("monitoring/**", "*.md", "**/*.json", "docs/?.md", "{a,b}/*.yaml", "[!x]*.txt", "[a-c]?/**",
                "a\\*b", "with space/*.md", "x.y+z(1)/*");
        List<String> paths = List.of("monitoring/a/b.json", "README.md", "docs/a.md", "docs/ab.md", "a/c.yaml", "b/c/d.yaml", "y.txt",
                "x.txt", "b1/z", "a*b", "axb", "with space/r.md", "x.y+z(1)/q", "deep/er/f.json", "f.json");
        for (String glob : globs) {
            java.nio.file.PathMatcher jdk = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
            com.google.re2j.Pattern re2 = DefinitionFields.glob(glob, "spec.facts.n.count");
            for (String path : paths) {
                assertThat(re2.matches(path)).as(glob + " on " + path).isEqualTo(jdk.matches(java.nio.file.Path.of(path)));
            }
        }
    }
}
