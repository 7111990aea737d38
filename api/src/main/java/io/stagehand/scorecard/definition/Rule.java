package io.stagehand.scorecard.definition;

import io.stagehand.scorecard.evaluation.CheckState;
import java.time.Duration;
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

    /**
     * The rule of an {@code external} check, whose result another tool submits, or of a {@code
     * manual} one, which a person signs off: it reads the last submission (stored as the facts of
     * the check's own source, {@link FactRef#submitted}). A submission older than {@code validFor}
     * (when given) no longer counts: an external result is then UNKNOWN, a sign-off FAILs again, as
     * does a manual check never signed off.
     */
    record Submitted(FactRef result, boolean manual, Duration validFor) implements Rule {

        /** The submission's fields: the state and message of an external result, who submitted and the link. */
        public static final String STATE = "state";
        public static final String MESSAGE = "message";
        public static final String LINK = "link";
        public static final String BY = "by";

        @Override
        public Verdict evaluate(Facts facts, Instant now, Map<String, FactLookup> used) {
            FactLookup lookup = facts.get(result);
            used.put(result.name(), lookup);
            JsonNode value = lookup.value();
            if (lookup.state() != CheckState.PASS || value == null || !value.isObject()) {
                return manual ? new Verdict(CheckState.FAIL, "Not signed off yet")
                        : new Verdict(CheckState.UNKNOWN, "No result submitted yet");
            }
            if (validFor != null && lookup.observedAt() != null && !lookup.observedAt().plus(validFor).isAfter(now)) {
                return manual ? new Verdict(CheckState.FAIL, "The sign-off of " + lookup.observedAt() + " expired after " + validFor)
                        : new Verdict(CheckState.UNKNOWN, "The result submitted at " + lookup.observedAt() + " is older than " + validFor);
            }
            if (manual) {
                return new Verdict(CheckState.PASS, null);
            }
            CheckState state = switch (value.path(STATE).asString("")) {
                case "PASS" -> CheckState.PASS;
                case "FAIL" -> CheckState.FAIL;
                default -> CheckState.UNKNOWN;
            };
            String message = value.path(MESSAGE).isString() ? value.path(MESSAGE).stringValue() : null;
            return new Verdict(state, state == CheckState.PASS ? null : message == null ? "Failed, as submitted" : message);
        }

        @Override
        public void facts(Set<FactRef> into) {
            into.add(result);
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
