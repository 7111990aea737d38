package io.stagehand.scorecard.graphql;

import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.facts.Template;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the scorecard part of the GraphQL schema serves, field for field. */
public final class Views {

    private Views() {
    }

    record ScorecardView(String name, String title, String description, List<String> levels, List<CheckView> checks, String file) {
    }

    record CheckView(String id, String title, String description, Weight weight, String level, String failMessage, List<String> facts,
            String owner, String category, List<LinkView> links, String remediation, OffsetDateTime enforceFrom) {
    }

    public record LinkView(String title, String url) {
    }

    /** {@code key} is the entity's key, for its loader; not in the schema. */
    public record EntityScorecardView(String name, String title, String ref, String key, double score, String level, List<String> levels,
            int failingCritical, int passing, int failing, int exempt, int unknown, int errors, OffsetDateTime evaluatedAt,
            List<CheckResultView> results) {
    }

    public record CheckResultView(String checkId, String title, Weight weight, String level, CheckState state, String message,
            List<FactValueView> facts, ExemptionView exemption, OffsetDateTime since, String owner, String category, List<LinkView> links,
            String remediation, boolean enforced) {

        /** A result as read from storage, before its check's definition describes it. */
        public CheckResultView(String checkId, String title, Weight weight, String level, CheckState state, String message,
                List<FactValueView> facts, ExemptionView exemption, OffsetDateTime since) {
            this(checkId, title, weight, level, state, message, facts, exemption, since, null, null, List.of(), null, true);
        }

        /** This result with what its check's definition says of it now, its links made for the entity; as it is for a check no longer defined. */
        public CheckResultView describedBy(Definitions.Scorecard scorecard, String ref, Instant now) {
            Definitions.Check check = scorecard == null ? null
                    : scorecard.checks().stream().filter(c -> c.id().equals(checkId)).findFirst().orElse(null);
            if (check == null) {
                return this;
            }
            List<LinkView> shown = new java.util.ArrayList<>(check.links().stream()
                    .map(link -> new LinkView(link.title(), Template.renderLink(link.url(), ref)))
                    .filter(link -> link.url() != null)
                    .toList());
            // an external check's submitted result may bring its own link (checked to be http(s) when submitted)
            if (check.rule() instanceof io.stagehand.scorecard.definition.Rule.Submitted submitted) {
                facts.stream().filter(f -> f.name().equals(submitted.result().name()) && f.value() instanceof java.util.Map<?, ?>)
                        .map(f -> ((java.util.Map<?, ?>) f.value()).get(io.stagehand.scorecard.definition.Rule.Submitted.LINK))
                        .filter(String.class::isInstance)
                        .findFirst()
                        .ifPresent(url -> shown.add(0, new LinkView("Submitted result", (String) url)));
            }
            return new CheckResultView(checkId, title, weight, level, state, message, facts, exemption, since, check.owner(), check.category(),
                    List.copyOf(shown), check.remediation(), check.enforcedAt(now));
        }
    }

    public record FactValueView(String name, Object value, OffsetDateTime observedAt) {
    }

    public enum ExemptionOrigin {
        YAML, API
    }

    /** Where an exemption is in its workflow; those of files are approved by whoever merged them. */
    public enum ExemptionStatus {
        REQUESTED, APPROVED, REJECTED
    }

    public record ExemptionView(String id, String scorecard, String check, String entityRef, String reason, String approvedBy,
            OffsetDateTime expires, boolean expired, boolean revoked, ExemptionOrigin origin, OffsetDateTime createdAt,
            ExemptionStatus status, String requestedBy, String decidedBy, OffsetDateTime decidedAt, String decisionComment) {

        /** This exemption with its workflow as stored. */
        ExemptionView withWorkflow(ExemptionStatus status, String requestedBy, String decidedBy, OffsetDateTime decidedAt, String comment) {
            return new ExemptionView(id, scorecard, check, entityRef, reason, approvedBy, expires, expired, revoked, origin, createdAt,
                    status, requestedBy, decidedBy, decidedAt, comment);
        }
    }

    record ResultConnection(int totalCount, io.stagehand.graphql.PageInfo pageInfo, List<ResultEdge> edges, List<EntityScorecardView> nodes) {
    }

    record ResultEdge(String cursor, EntityScorecardView node) {
    }

    /** {@code filter} keeps what the roll-up was made of, for its {@code failingCritical} field. */
    public record RollupView(String scorecard, int entityCount, Double averageScore, List<LevelCount> levels, int failingCriticalCount,
            List<CheckPassRate> checks, ResultFilter filter) {

        /** The checks' counts summed by category, in the order the categories first appear, checks without one last. */
        public List<CategoryPassRate> categories() {
            Map<String, int[]> sums = new LinkedHashMap<>();
            boolean uncategorised = false;
            for (CheckPassRate check : checks) {
                uncategorised |= check.category() == null;
                if (check.category() != null) {
                    add(sums.computeIfAbsent(check.category(), c -> new int[6]), check);
                }
            }
            if (uncategorised) {
                int[] none = new int[6];
                checks.stream().filter(c -> c.category() == null).forEach(c -> add(none, c));
                sums.put(null, none);
            }
            List<CategoryPassRate> categories = new ArrayList<>();
            sums.forEach((category, n) -> categories.add(new CategoryPassRate(category, n[0], n[1], n[2], n[3], n[4], n[5],
                    CheckPassRate.rate(n[1], n[2], n[3]))));
            return categories;
        }

        private static void add(int[] sums, CheckPassRate check) {
            sums[0]++;
            sums[1] += check.pass();
            sums[2] += check.fail();
            sums[3] += check.exempt();
            sums[4] += check.unknown();
            sums[5] += check.errors();
        }
    }

    /** A category's checks together: each entity counts once per check of it. */
    public record CategoryPassRate(String category, int checkCount, int pass, int fail, int exempt, int unknown, int errors, Double passRate) {
    }

    public record LevelCount(String level, int count) {
    }

    public record CheckPassRate(String checkId, String category, Weight weight, int pass, int fail, int exempt, int unknown, int errors,
            Double passRate) {

        /** (pass + exempt) / (pass + exempt + fail) to three places, null when none of those. */
        public static Double rate(int pass, int fail, int exempt) {
            int decided = pass + fail + exempt;
            return decided == 0 ? null : Math.round(1000.0 * (pass + exempt) / decided) / 1000.0;
        }
    }

    public record ScoreHistoryView(List<ScorePoint> scores, List<CheckStateChange> checks) {
    }

    public record ScorePoint(OffsetDateTime at, double score, String level) {
    }

    public record CheckStateChange(OffsetDateTime at, String checkId, CheckState state, String message) {
    }

    record EvaluationView(int entitiesEvaluated, int resultsChanged, int millis) {
    }

    record DefinitionProblemView(String file, int line, String message) {
    }

    record DryRunView(List<DefinitionProblemView> problems, List<EntityScorecardView> results) {
    }

    /** The schema's ScorecardResultFilter; {@code ownerKeys} etc. are resolved by the queries. */
    public record ResultFilter(String scorecard, String owner, Boolean includeSubgroups, String system, List<String> kind, List<String> level,
            String failingCheck, Weight failingWeight, Double minScore, Double maxScore, String domain) {
        public ResultFilter withScorecard(String name) {
            return new ResultFilter(name, owner, includeSubgroups, system, kind, level, failingCheck, failingWeight, minScore, maxScore, domain);
        }

        public ResultFilter failingCritical() {
            return new ResultFilter(scorecard, owner, includeSubgroups, system, kind, level, failingCheck, Weight.CRITICAL, minScore,
                    maxScore, domain);
        }

        public static ResultFilter ofScorecard(String name) {
            return new ResultFilter(name, null, null, null, null, null, null, null, null, null, null);
        }

        public static ResultFilter ofOwner(String owner, Boolean includeSubgroups) {
            return new ResultFilter(null, owner, includeSubgroups, null, null, null, null, null, null, null, null);
        }

        static ResultFilter ofSystem(String system) {
            return new ResultFilter(null, null, null, system, null, null, null, null, null, null, null);
        }

        static ResultFilter ofDomain(String domain) {
            return new ResultFilter(null, null, null, null, null, null, null, null, null, null, domain);
        }
    }

    public enum OrderField {
        SCORE, REF, EVALUATED_AT
    }

    public record ResultOrder(OrderField field, io.stagehand.model.EntityOrder.Direction direction) {
    }
}
