package io.stagehand.scorecard.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.scorecard.definition.Rule.FactLookup;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.facts.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

class RuleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static JsonNode json(String text) {
        return text == null ? MissingNode.getInstance() : JSON.readTree(text);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "MISSING", value = {
            "'\"success\"'     | equal                | '\"success\"'                | true",
            "'\"failure\"'     | equal                | '\"success\"'                | false",
            "'3'               | equal                | '3.0'                        | true",
            "MISSING           | equal                | '\"x\"'                      | false",
            "'\"a\"'           | notEqual             | '\"b\"'                      | true",
            "MISSING           | notEqual             | '\"b\"'                      | true",
            "'2'               | lessThan             | '3'                          | true",
            "'3'               | lessThan             | '3'                          | false",
            "'3'               | lessThanInclusive    | '3'                          | true",
            "'\"12\"'          | greaterThan          | '10'                         | true",
            "'\"abc\"'         | greaterThan          | '10'                         | false",
            "'10'              | greaterThanInclusive | '10'                         | true",
            "'\"2026-11-30T00:00:00Z\"' | greaterThan | '\"2026-01-01\"'             | true",
            "'\"b\"'           | in                   | '[\"a\", \"b\"]'             | true",
            "'\"c\"'           | in                   | '[\"a\", \"b\"]'             | false",
            "'\"c\"'           | notIn                | '[\"a\", \"b\"]'             | true",
            "'[\"x\", \"y\"]'  | contains             | '\"y\"'                      | true",
            "'\"hello world\"' | contains             | '\"lo w\"'                   | true",
            "'[\"x\"]'         | doesNotContain       | '\"y\"'                      | true",
            "'\"v\"'           | exists               | MISSING                      | true",
            "'null'            | exists               | MISSING                      | false",
            "MISSING           | exists               | 'false'                      | true",
            "'\"release-1.2\"' | matches              | '\"^release-\\\\d+\"'        | true",
            "'\"main\"'        | matches              | '\"^release-\"'              | false",
            "'\"2026-11-28T12:00:00Z\"' | withinLast  | '\"P7D\"'                    | true",
            "'\"2026-11-20T12:00:00Z\"' | withinLast  | '\"P7D\"'                    | false",
            "'\"2026-11-30\"'  | withinLast           | '\"P7D\"'                    | true",
            "'\"not a date\"'  | withinLast           | '\"P7D\"'                    | false",
    })
    void operatorsCompareFactsWithValues(String fact, String operator, String value, boolean expected) {
        Operator op = Operator.named(operator).orElseThrow();
        assertThat(op.check(json(value))).isNull();
        assertThat(op.test(json(fact), json(value), NOW)).isEqualTo(expected);
    }

    @Test
    void valuesThatAnOperatorCannotUseAreRefusedAtLoad() {
        assertThat(Operator.IN.check(json("\"a\""))).contains("needs a list");
        assertThat(Operator.MATCHES.check(json("\"[unclosed\""))).contains("not a regular expression");
        assertThat(Operator.WITHIN_LAST.check(json("\"7 days\""))).contains("ISO-8601 duration");
        assertThat(Operator.GREATER_THAN.check(json("\"soon\""))).contains("number or a date-time");
        assertThat(Operator.EQUAL.check(MissingNode.getInstance())).contains("needs a value");
    }

    @Test
    void allAnyAndNotCombineStatesWithUnknownAndErrorNeverPassing() {
        Rule pass = condition("s.pass");
        Rule fail = condition("s.fail");
        Rule unknown = condition("s.unknown");
        Rule error = condition("s.error");
        Map<String, FactLookup> facts = Map.of(
                "s.pass", FactLookup.of(json("true"), NOW),
                "s.fail", FactLookup.of(json("false"), NOW),
                "s.unknown", FactLookup.unknown("no facts yet"),
                "s.error", FactLookup.error("HTTP 500"));
        Rule.Facts lookup = ref -> facts.get(ref.name());
        assertThat(state(new Rule.All(java.util.List.of(pass, unknown)), lookup)).isEqualTo(CheckState.UNKNOWN);
        assertThat(state(new Rule.All(java.util.List.of(unknown, fail)), lookup)).isEqualTo(CheckState.FAIL);
        assertThat(state(new Rule.All(java.util.List.of(error, unknown)), lookup)).isEqualTo(CheckState.ERROR);
        assertThat(state(new Rule.Any(java.util.List.of(unknown, pass)), lookup)).isEqualTo(CheckState.PASS);
        assertThat(state(new Rule.Any(java.util.List.of(fail, unknown)), lookup)).isEqualTo(CheckState.UNKNOWN);
        assertThat(state(new Rule.Any(java.util.List.of(fail, fail)), lookup)).isEqualTo(CheckState.FAIL);
        assertThat(state(new Rule.Not(fail), lookup)).isEqualTo(CheckState.PASS);
        assertThat(state(new Rule.Not(unknown), lookup)).isEqualTo(CheckState.UNKNOWN);
    }

    @Test
    void aFailureSaysWhatTheFactWasAndWhatWasExpected() {
        Rule rule = new Rule.Condition(FactRef.parse("ci.conclusion"), Operator.EQUAL, json("\"success\""));
        Rule.Verdict verdict = rule.evaluate(ref -> FactLookup.of(json("\"failure\""), NOW), NOW, new HashMap<>());
        assertThat(verdict.message()).isEqualTo("ci.conclusion is \"failure\", expected equal \"success\"");
    }

    @Test
    void jsonPathsReadNamesQuotedKeysAndIndexes() {
        JsonNode doc = json("{\"metadata\": {\"annotations\": {\"backstage.io/techdocs-ref\": \"dir:.\"}}, \"items\": [{\"n\": 1}, {\"n\": 2}]}");
        assertThat(JsonPath.parse("$.metadata.annotations['backstage.io/techdocs-ref']").read(doc).asString()).isEqualTo("dir:.");
        assertThat(JsonPath.parse("items[1].n").read(doc).asInt()).isEqualTo(2);
        assertThat(JsonPath.parse("$.nothing.here").read(doc).isMissingNode()).isTrue();
        assertThatThrownBy(() -> JsonPath.parse("$.items[*]")).hasMessageContaining("wildcards");
        assertThatThrownBy(() -> JsonPath.parse("$..x")).hasMessageContaining("a name is missing");
    }

    private static Rule condition(String fact) {
        return new Rule.Condition(FactRef.parse(fact), Operator.EQUAL, json("true"));
    }

    private static CheckState state(Rule rule, Rule.Facts facts) {
        return rule.evaluate(facts, NOW, new HashMap<>()).state();
    }
}
