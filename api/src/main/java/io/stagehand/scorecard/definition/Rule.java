package io.stagehand.scorecard.definition;

import io.stagehand.scorecard.evaluation.CheckState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A check's rule: {@code all}, {@code any} and {@code not} over conditions on facts. */
public sealed interface Rule {

    /** What a rule came to, and for anything but a pass, why. */
    record Verdict(CheckState state, String message) {
    }

    /** Where a rule reads facts from. */
    interface Facts {
        FactLookup get(FactRef ref);
    }

    /** A fact as looked up: its value, or why there is none (UNKNOWN: not collected yet; ERROR: collection failed). */
    public record FactLookup(CheckState state, JsonNode value, Instant observedAt, String reason) {
        public static FactLookup of(JsonNode value, Instant observedAt) {
            return new FactLookup(CheckState.PASS, value, observedAt, null);
        }

        public static FactLookup unknown(String reason) {
            return new FactLookup(CheckState.UNKNOWN, null, null, reason);
        }

        public static FactLookup error(String reason) {
            return new FactLookup(CheckState.ERROR, null, null, reason);
        }
    }

    /** Evaluates the rule; the facts it read are added to {@code used} by name. */
    Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used);

    /** Every fact the rule reads. */
    void facts(Set<FactRef> into);

    record All(List<Rule> rules) implements Rule {
        @Override
        public Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used) {
            return combine(rules, facts, now, used, true);
        }

        @Override
        public void facts(Set<FactRef> into) {
            rules.forEach(r -> r.facts(into));
        }
    }

    record Any(List<Rule> rules) implements Rule {
        @Override
        public Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used) {
            return combine(rules, facts, now, used, false);
        }

        @Override
        public void facts(Set<FactRef> into) {
            rules.forEach(r -> r.facts(into));
        }
    }

    record Not(Rule rule) implements Rule {
        @Override
        public Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used) {
            Verdict inner = rule.evaluate(facts, now, used);
            CheckState state = inner.state().negate();
            return new Verdict(state, state == CheckState.FAIL ? "the negated rule holds" : inner.message());
        }

        @Override
        public void facts(Set<FactRef> into) {
            rule.facts(into);
        }
    }

    record Condition(FactRef fact, Operator operator, JsonNode value) implements Rule {
        @Override
        public Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used) {
            FactLookup lookup = facts.get(fact);
            used.put(fact.name(), lookup);
            if (lookup.state() != CheckState.PASS) {
                return new Verdict(lookup.state(), lookup.reason());
            }
            String refused = operator.refusal(lookup.value());
            if (refused != null) {
                return new Verdict(CheckState.ERROR, fact.name() + " " + refused);
            }
            if (operator.test(lookup.value(), value, now)) {
                return new Verdict(CheckState.PASS, null);
            }
            JsonNode actual = lookup.value();
            String shown = actual == null || actual.isMissingNode() || actual.isNull() ? "missing" : "is " + shown(actual);
            return new Verdict(CheckState.FAIL, fact.name() + " " + shown + ", expected " + operator.word()
                    + (value.isMissingNode() ? "" : " " + shown(value)));
        }

        @Override
        public void facts(Set<FactRef> into) {
            into.add(fact);
        }
    }

    /** A value as JSON; numbers and booleans without a serializer (one per failing condition of 100,000 entities). */
    static String shown(JsonNode value) {
        return value.isNumber() || value.isBoolean() ? value.asString() : value.toString();
    }

    private static Verdict combine(List<Rule> rules, Facts facts, Instant now, Map<String, FactLookup> used, boolean all) {
        List<Verdict> verdicts = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            verdicts.add(rule.evaluate(facts, now, used));
        }
        List<CheckState> states = verdicts.stream().map(Verdict::state).toList();
        CheckState state = all ? CheckState.all(states) : CheckState.any(states);
        if (state == CheckState.PASS) {
            return new Verdict(state, null);
        }
        // the first verdict in the combined state explains it; for a failing any, all of them
        if (!all && state == CheckState.FAIL) {
            return new Verdict(state, String.join("; ", verdicts.stream().map(Verdict::message).toList()));
        }
        return verdicts.stream().filter(v -> v.state() == state).findFirst().orElse(new Verdict(state, null));
    }
}
