package io.stagehand.scorecard.definition;

import static io.stagehand.scorecard.definition.DefinitionFields.ID;
import static io.stagehand.scorecard.definition.DefinitionFields.appliesTo;
import static io.stagehand.scorecard.definition.DefinitionFields.expiry;
import static io.stagehand.scorecard.definition.DefinitionFields.strings;
import static io.stagehand.scorecard.definition.DefinitionFields.text;

import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import io.stagehand.scorecard.definition.DefinitionFields.Invalid;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.Definitions.Check;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.Problem;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.facts.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads Scorecard documents (levels, checks and their rules, against the fact sources loaded) and Exemption documents. */
final class ScorecardReader {

    private ScorecardReader() {
    }

    /** A scorecard; a check naming an undefined fact source is kept (UNKNOWN until it is defined) and reported in {@code problems}. */
    static Scorecard scorecard(String name, JsonNode node, String file, int line, Map<String, FactSource> factSources,
            List<Problem> problems) {
        DefinitionFields.name(name);
        JsonNode metadata = node.path("metadata");
        JsonNode spec = node.path("spec");
        AppliesTo appliesTo = appliesTo(spec.path("appliesTo"), "spec.appliesTo");
        List<String> levels = spec.has("levels") ? strings(spec.path("levels"), "spec.levels") : List.of();
        if (new HashSet<>(levels).size() != levels.size()) {
            throw new Invalid("spec.levels", "a level is named twice");
        }
        JsonNode checkNodes = spec.path("checks");
        if (!checkNodes.isArray() || checkNodes.isEmpty()) {
            throw new Invalid("spec.checks", "required: a list of checks");
        }
        List<Check> checks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode check : checkNodes) {
            String field = "spec.checks[" + i++ + "]";
            checks.add(check(name, appliesTo, check, field, ids, levels, factSources, file, line));
            for (String source : checks.get(checks.size() - 1).factSources()) {
                if (!source.equals(FactRef.ENTITY) && !factSources.containsKey(source)) {
                    problems.add(new Problem(file, line, "Scorecard " + name + ": " + field + ": fact source " + source
                            + " is not defined; the check is UNKNOWN for every entity until it is"));
                }
            }
        }
        return new Scorecard(name, metadata.path("title").asString(null), metadata.path("description").asString(null), appliesTo,
                List.copyOf(levels), List.copyOf(checks), file, line);
    }

    private static Check check(String scorecard, AppliesTo appliesTo, JsonNode node, String field, Set<String> ids, List<String> levels,
            Map<String, FactSource> factSources, String file, int line) {
        String id = text(node, field + ".id");
        if (!ID.matcher(id).matches()) {
            throw new Invalid(field + ".id", "letters, digits, '.', '_' or '-'");
        }
        if (!ids.add(id)) {
            throw new Invalid(field + ".id", "duplicate check id " + id);
        }
        Weight weight;
        try {
            weight = Weight.parse(text(node, field + ".weight"));
        } catch (IllegalArgumentException e) {
            throw new Invalid(field + ".weight", "one of critical, high, medium, low");
        }
        String level = node.path("level").asString(null);
        if (level != null && !levels.contains(level)) {
            throw new Invalid(field + ".level", "\"" + level + "\" is not one of the scorecard's levels " + levels);
        }
        String type = node.path("type").asString("rule");
        Rule rule = switch (type) {
            case "rule" -> rule(node.path("rule"), field + ".rule", factSources);
            case "external", "manual" -> {
                if (node.has("rule")) {
                    throw new Invalid(field + ".rule", "an " + type + " check has no rule: its result is " + (type.equals("manual")
                            ? "signed off (signOffCheck)" : "submitted (submitCheckResult)"));
                }
                boolean manual = type.equals("manual");
                String validity = manual ? "validFor" : "ttl";
                if (node.has(manual ? "ttl" : "validFor")) {
                    throw new Invalid(field + "." + (manual ? "ttl" : "validFor"), "a" + (manual ? " manual" : "n external") + " check takes "
                            + validity);
                }
                Duration valid = DefinitionFields.duration(node.path(validity), field + "." + validity,
                        manual ? MANUAL_VALID_FOR : null);
                FactRef result = FactRef.submitted(scorecard, id);
                // its results are kept as the facts of a source of its own, stored as pushed facts are
                factSources.put(result.source(), new FactSource(result.source(), SourceType.PUSH, appliesTo, Duration.ofHours(1),
                        SUBMITTED_KEPT, null, null, Map.of(result.fact(), new Definitions.Fact(result.fact(), null, "any", null, List.of(), null)),
                        file, line));
                yield new Rule.Submitted(result, manual, valid);
            }
            default -> throw new Invalid(field + ".type", "rule (the default), external or manual");
        };
        return new Check(id, node.path("title").asString(null), node.path("description").asString(null), weight, level, rule,
                node.path("failMessage").asString(null), owner(node.path("owner"), field + ".owner"),
                bounded(node.path("category"), field + ".category", MAX_CATEGORY), links(node.path("links"), field + ".links"),
                bounded(node.path("remediation"), field + ".remediation", MAX_REMEDIATION),
                node.hasNonNull("enforceFrom") ? DefinitionFields.start(node.path("enforceFrom"), field + ".enforceFrom") : null);
    }

    private static final int MAX_CATEGORY = 100;
    /** How long a sign-off holds unless the check says. */
    private static final Duration MANUAL_VALID_FOR = Duration.ofDays(90);
    /** Submitted results never go stale as facts: their rule decides how long they count. */
    private static final Duration SUBMITTED_KEPT = Duration.ofDays(3650);
    private static final int MAX_REMEDIATION = 10_000;
    private static final int MAX_LINKS = 20;

    /** Who answers for a check: an entity ref, a group unless it says otherwise. */
    static String owner(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return EntityRef.parse(node.asString(""), "group", "default").toString();
        } catch (InvalidRefException e) {
            throw new Invalid(field, "an entity ref such as group:default/platform or platform");
        }
    }

    static String bounded(JsonNode node, String field, int max) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > max) {
            throw new Invalid(field, "text of at most " + max + " characters");
        }
        return node.asString();
    }

    /** Links with a title and an http(s) URL whose host is written out; entity values only after it, and no settings. */
    static List<Definitions.Link> links(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_LINKS) {
            throw new Invalid(field, "a list of at most " + MAX_LINKS + " links, each with title and url");
        }
        List<Definitions.Link> links = new ArrayList<>();
        int i = 0;
        for (JsonNode link : node) {
            String at = field + "[" + i++ + "]";
            String title = bounded(link.path("title"), at + ".title", MAX_CATEGORY);
            String url = text(link, at + ".url");
            try {
                Template.checkLink(url, at + ".url");
            } catch (IllegalArgumentException e) {
                throw new Invalid(at + ".url", e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
            links.add(new Definitions.Link(title == null ? url : title, url));
        }
        return List.copyOf(links);
    }

    /** A rule: exactly one of all, any, not, or a condition (fact, operator, value). */
    static Rule rule(JsonNode node, String field, Map<String, FactSource> factSources) {
        if (!node.isObject()) {
            throw new Invalid(field, "required: all, any, not, or a condition with fact and operator");
        }
        if (node.has("all") || node.has("any")) {
            boolean all = node.has("all");
            JsonNode items = node.path(all ? "all" : "any");
            String itemsField = field + (all ? ".all" : ".any");
            if (!items.isArray() || items.isEmpty() || node.size() != 1) {
                throw new Invalid(itemsField, "a non-empty list of rules, alone in its object");
            }
            List<Rule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode item : items) {
                rules.add(rule(item, itemsField + "[" + i++ + "]", factSources));
            }
            return all ? new Rule.All(List.copyOf(rules)) : new Rule.Any(List.copyOf(rules));
        }
        if (node.has("not")) {
            return new Rule.Not(rule(node.path("not"), field + ".not", factSources));
        }
        FactRef fact;
        try {
            fact = FactRef.parse(node.path("fact").asString(null));
        } catch (IllegalArgumentException e) {
            throw new Invalid(field + ".fact", e.getMessage());
        }
        FactSource source = factSources.get(fact.source());
        if (source != null && !source.facts().containsKey(fact.fact())) {
            throw new Invalid(field + ".fact", "source " + source.name() + " has no fact " + fact.fact() + " (it has "
                    + String.join(", ", source.facts().keySet()) + ")");
        }
        String word = node.path("operator").asString(null);
        Operator operator = Operator.named(word).orElseThrow(() -> new Invalid(field + ".operator",
                word == null ? "required" : "unknown operator \"" + word + "\" (one of " + Operator.names() + ")"));
        JsonNode value = node.path("value");
        String wrong = operator.check(value);
        if (wrong != null) {
            throw new Invalid(field + ".value", wrong);
        }
        return new Rule.Condition(fact, operator, value);
    }

    static Exemption exemption(JsonNode node, Map<String, Scorecard> scorecards) {
        JsonNode spec = node.path("spec");
        String scorecardName = text(spec, "spec.scorecard");
        Scorecard scorecard = scorecards.get(scorecardName);
        if (scorecard == null) {
            throw new Invalid("spec.scorecard", "no scorecard named " + scorecardName + " is loaded");
        }
        String check = text(spec, "spec.check");
        if (scorecard.checks().stream().noneMatch(c -> c.id().equals(check))) {
            throw new Invalid("spec.check", "scorecard " + scorecardName + " has no check " + check);
        }
        EntityRef ref;
        try {
            ref = EntityRef.parse(text(spec, "spec.entity"));
        } catch (InvalidRefException e) {
            throw new Invalid("spec.entity", e.getMessage());
        }
        Instant expires = spec.has("expires") ? expiry(spec.path("expires"), "spec.expires") : null;
        return new Exemption(null, scorecardName, check, ref.key(), ref.toString(), text(spec, "spec.reason"),
                spec.path("approvedBy").asString(null), expires, null, null, "YAML");
    }
}
