package io.stagehand.scorecard.evaluation;

import io.stagehand.scorecard.definition.Definitions.Check;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.FactRef;
import io.stagehand.scorecard.definition.Rule.FactLookup;
import io.stagehand.scorecard.definition.Rule;
import io.stagehand.scorecard.definition.Weight;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The pure part of scoring: one entity against one scorecard, from the facts at hand, into check
 * results, a score and a level. Touches no database.
 */
public final class Evaluation {

    private static final org.apache.commons.logging.Log log = org.apache.commons.logging.LogFactory.getLog(Evaluation.class);

    private Evaluation() {
    }

    /** What is known about one entity: its ref, the entity document entity facts read, and each fact source's facts. */
    public record Subject(String key, String ref, JsonNode document, Map<String, StoredFacts> facts) {
    }

    /**
     * One source's facts about one entity as last collected: the values (null if never collected
     * successfully), when, and the last collection's problem, if any: {@code unknown} when the
     * entity lacks what the source needs, otherwise an error.
     */
    public record StoredFacts(JsonNode values, Instant observedAt, String problem, boolean unknown) {
    }

    public record CheckResult(String checkId, String title, Weight weight, String level, CheckState state, String message,
            Map<String, FactLookup> facts, Exemption exemption) {
    }

    /**
     * An entity's result in one scorecard. Checks in {@code unenforced} (before their enforceFrom)
     * are in the per-state counts as any check, but fail nothing: not the score, the level, the
     * failing checks that filters and roll-ups read, nor the failing critical count.
     */
    public record Result(String scorecard, String key, String ref, double score, String level, List<CheckResult> results,
            java.util.Set<String> unenforced) {

        public Result {
            unenforced = unenforced == null ? java.util.Set.of() : java.util.Set.copyOf(unenforced);
        }

        public Result(String scorecard, String key, String ref, double score, String level, List<CheckResult> results) {
            this(scorecard, key, ref, score, level, results, java.util.Set.of());
        }

        public int count(CheckState state) {
            return (int) results.stream().filter(r -> r.state() == state).count();
        }

        public int failingCritical() {
            return (int) failingChecks().filter(r -> r.weight() == Weight.CRITICAL).count();
        }

        /** The rank of the heaviest failing check's weight, 0 when none fails. */
        public int worstFailing() {
            return failingChecks().mapToInt(r -> r.weight().rank()).max().orElse(0);
        }

        public List<String> failing() {
            return failingChecks().map(CheckResult::checkId).toList();
        }

        private java.util.stream.Stream<CheckResult> failingChecks() {
            return results.stream().filter(r -> r.state() == CheckState.FAIL && !unenforced.contains(r.checkId()));
        }
    }

    /** Weights of the four classes, as configured. */
    public record Weights(double critical, double high, double medium, double low) {
        double of(Weight weight) {
            return switch (weight) {
                case CRITICAL -> critical;
                case HIGH -> high;
                case MEDIUM -> medium;
                case LOW -> low;
            };
        }
    }

    public static Result evaluate(Scorecard scorecard, Subject subject, Map<String, FactSource> sources, List<Exemption> exemptions,
            Weights weights, Instant now) {
        Rule.Facts facts = ref -> lookup(ref, subject, sources, now);
        List<CheckResult> results = new ArrayList<>();
        // checks before their enforceFrom report, but count in neither the score nor the level
        List<CheckResult> counted = new ArrayList<>();
        for (Check check : scorecard.checks()) {
            Map<String, FactLookup> used = new LinkedHashMap<>();
            Rule.Verdict verdict = isolated(check, facts, now, used);
            Exemption exemption = exemptionFor(exemptions, scorecard.name(), check.id(), subject.key(), now);
            CheckState state = verdict.state();
            String message = verdict.message();
            if (state == CheckState.FAIL && check.failMessage() != null) {
                message = check.failMessage() + " (" + verdict.message() + ")";
            }
            if (state != CheckState.PASS && exemption != null && exemption.activeAt(now)) {
                state = CheckState.EXEMPT;
                message = "Exempt: " + exemption.reason();
            }
            CheckResult result = new CheckResult(check.id(), check.title(), check.weight(), check.level(), state, message, used, exemption);
            results.add(result);
            if (check.enforcedAt(now)) {
                counted.add(result);
            }
        }
        java.util.Set<String> unenforced = scorecard.checks().stream().filter(check -> !check.enforcedAt(now)).map(Check::id)
                .collect(java.util.stream.Collectors.toSet());
        return new Result(scorecard.name(), subject.key(), subject.ref(), score(counted, weights), level(scorecard, counted), results,
                unenforced);
    }

    /**
     * The check's verdict; whatever goes wrong inside it is its own ERROR, so one check with a value
     * nobody foresaw (a duration past the calendar, say) cannot stop the batch it is in.
     */
    private static Rule.Verdict isolated(Check check, Rule.Facts facts, Instant now, Map<String, FactLookup> used) {
        try {
            return check.rule().evaluate(facts, now, used);
        } catch (RuntimeException e) {
            // a fixed message: answers carry no class names or internals; the details are for the log
            log.debug("Check " + check.id() + " could not be evaluated", e);
            return new Rule.Verdict(CheckState.ERROR, "The check could not be evaluated: a value is out of range for it");
        }
    }

    /** The weighted share of passing or exempt checks among those with a result (pass, exempt, fail), 0 to 100. */
    static double score(List<CheckResult> results, Weights weights) {
        double passed = 0;
        double counted = 0;
        for (CheckResult result : results) {
            double weight = weights.of(result.weight());
            switch (result.state()) {
                case PASS, EXEMPT -> {
                    passed += weight;
                    counted += weight;
                }
                case FAIL -> counted += weight;
                default -> {
                }
            }
        }
        return counted == 0 ? 0 : Math.round(1000 * passed / counted) / 10.0;
    }

    /**
     * The highest level whose checks, and those of every lower level, all pass or are exempt; none
     * while a critical check fails, whatever its level.
     */
    static String level(Scorecard scorecard, List<CheckResult> results) {
        if (results.stream().anyMatch(r -> r.state() == CheckState.FAIL && r.weight() == Weight.CRITICAL)) {
            return null;
        }
        String reached = null;
        for (String level : scorecard.levels()) {
            boolean complete = results.stream().filter(r -> level.equals(r.level()))
                    .allMatch(r -> r.state() == CheckState.PASS || r.state() == CheckState.EXEMPT);
            if (!complete) {
                break;
            }
            reached = level;
        }
        return reached;
    }

    /** The exemption for this check and entity: an active one if there is one, else the one that expired last. */
    private static Exemption exemptionFor(List<Exemption> exemptions, String scorecard, String check, String key, Instant now) {
        Exemption found = null;
        for (Exemption e : exemptions) {
            if (e.revokedAt() == null && e.scorecard().equals(scorecard) && e.check().equals(check) && e.entityKey().equals(key)) {
                if (e.activeAt(now)) {
                    return e;
                }
                if (found == null || e.expires().isAfter(found.expires())) {
                    found = e;
                }
            }
        }
        return found;
    }

    private static FactLookup lookup(FactRef ref, Subject subject, Map<String, FactSource> sources, Instant now) {
        if (ref.isEntity()) {
            return FactLookup.of(ref.path().read(subject.document()), now);
        }
        FactSource source = sources.get(ref.source());
        if (source == null) {
            return FactLookup.unknown("Fact source " + ref.source() + " is not defined");
        }
        StoredFacts stored = subject.facts().get(ref.source());
        if (stored == null) {
            return FactLookup.unknown(source.appliesTo().matches(subject.document())
                    ? "No facts from " + ref.source() + " yet" : "Fact source " + ref.source() + " does not apply to this entity");
        }
        boolean fresh = stored.values() != null && stored.observedAt() != null && !stored.observedAt().plus(source.ttl()).isBefore(now);
        if (!fresh) {
            if (stored.problem() != null) {
                return stored.unknown() ? FactLookup.unknown(ref.source() + ": " + stored.problem())
                        : FactLookup.error(ref.source() + ": " + stored.problem());
            }
            return FactLookup.unknown("The facts from " + ref.source() + " are older than its ttl (" + source.ttl() + ")");
        }
        JsonNode value = stored.values().path(ref.fact());
        return FactLookup.of(value.isNull() ? MissingNode.getInstance() : value, stored.observedAt());
    }
}
