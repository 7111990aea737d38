package io.stagehand.scorecard;

import io.stagehand.catalog.DescriptorParser;
import io.stagehand.catalog.EntityRef;
import io.stagehand.catalog.InvalidRefException;
import io.stagehand.catalog.YamlLimits;
import io.stagehand.scorecard.Definitions.AppliesTo;
import io.stagehand.scorecard.Definitions.Check;
import io.stagehand.scorecard.Definitions.Exemption;
import io.stagehand.scorecard.Definitions.Fact;
import io.stagehand.scorecard.Definitions.FactSource;
import io.stagehand.scorecard.Definitions.GitFactKind;
import io.stagehand.scorecard.Definitions.Problem;
import io.stagehand.scorecard.Definitions.Scorecard;
import io.stagehand.scorecard.Definitions.SourceType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Reads scorecard, fact source and exemption documents and checks them: every problem names the
 * file, the line its document starts on, the field, and what is wrong. A document with an error is
 * left out and the rest are loaded; fact sources are read first, so rules can be checked against
 * the facts they name.
 */
final class DefinitionLoader {

    /**
     * One definition file's name (as shown in problems) and content; a built-in definition gives way
     * silently to one of the same name from elsewhere.
     */
    record Source(String file, byte[] content, boolean builtIn) {
        Source(String file, byte[] content) {
            this(file, content, false);
        }
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> FACT_TYPES = Set.of("any", "string", "number", "boolean", "datetime");

    private final DescriptorParser parser = new DescriptorParser(new YamlLimits(1024 * 1024, 1000, 1_000_000, 64));

    private record Doc(String file, int line, String kind, String name, JsonNode node, boolean builtIn) {
    }

    /** Thrown while reading one document: the field path and the message. */
    private static final class Invalid extends RuntimeException {
        Invalid(String field, String message) {
            super(field + ": " + message);
        }
    }

    Definitions load(List<Source> sources) {
        return load(sources, Map.of());
    }

    /** Loads scorecards (for a dry run) against fact sources already loaded. */
    Definitions loadScorecards(List<Source> sources, Map<String, FactSource> known) {
        return load(sources, known);
    }

    private Definitions load(List<Source> sources, Map<String, FactSource> known) {
        List<Problem> problems = new ArrayList<>();
        List<Doc> docs = new ArrayList<>();
        for (Source source : sources) {
            DescriptorParser.Result parsed = parser.parse(source.content());
            if (parsed.failed()) {
                problems.add(new Problem(source.file(), parsed.errorLine(), parsed.error()));
                continue;
            }
            for (DescriptorParser.Document document : parsed.documents()) {
                JsonNode node = document.node();
                if (node.isNull()) {
                    continue;
                }
                String kind = node.path("kind").asString("");
                String name = node.path("metadata").path("name").asString(null);
                docs.add(new Doc(source.file(), document.line(), kind, name, node, source.builtIn()));
            }
        }
        Map<String, FactSource> factSources = new LinkedHashMap<>(known);
        for (Doc doc : docs) {
            if (doc.kind().equalsIgnoreCase("FactSource") && !(doc.builtIn() && definedElsewhere(docs, doc))) {
                guarded(doc, problems, () -> {
                    FactSource source = factSource(doc);
                    if (factSources.putIfAbsent(source.name(), source) != null) {
                        throw new Invalid("metadata.name", "a fact source named " + source.name() + " is already defined in "
                                + factSources.get(source.name()).file());
                    }
                });
            }
        }
        Map<String, Scorecard> scorecards = new LinkedHashMap<>();
        for (Doc doc : docs) {
            if (doc.kind().equalsIgnoreCase("Scorecard") && !(doc.builtIn() && definedElsewhere(docs, doc))) {
                guarded(doc, problems, () -> {
                    Scorecard scorecard = scorecard(doc, factSources, problems);
                    if (scorecards.putIfAbsent(scorecard.name(), scorecard) != null) {
                        throw new Invalid("metadata.name", "a scorecard named " + scorecard.name() + " is already defined in "
                                + scorecards.get(scorecard.name()).file());
                    }
                });
            }
        }
        List<Exemption> exemptions = new ArrayList<>();
        for (Doc doc : docs) {
            String kind = doc.kind();
            if (kind.equalsIgnoreCase("Exemption")) {
                guarded(doc, problems, () -> exemptions.add(exemption(doc, scorecards)));
            } else if (!kind.equalsIgnoreCase("Scorecard") && !kind.equalsIgnoreCase("FactSource")) {
                problems.add(new Problem(doc.file(), doc.line(), "kind: \"" + kind + "\" is not Scorecard, FactSource or Exemption"));
            }
        }
        return new Definitions(Map.copyOf(scorecards), Map.copyOf(factSources), List.copyOf(exemptions), List.copyOf(problems));
    }

    private static boolean definedElsewhere(List<Doc> docs, Doc builtIn) {
        return docs.stream().anyMatch(d -> !d.builtIn() && d.kind().equalsIgnoreCase(builtIn.kind()) && builtIn.name() != null
                && builtIn.name().equals(d.name()));
    }

    private static void guarded(Doc doc, List<Problem> problems, Runnable read) {
        try {
            read.run();
        } catch (Invalid | IllegalArgumentException e) {
            String what = doc.kind() + (doc.name() == null ? "" : " " + doc.name());
            problems.add(new Problem(doc.file(), doc.line(), what + ": " + e.getMessage() + "; it was not loaded"));
        }
    }

    private static String name(Doc doc) {
        if (doc.name() == null || !ID.matcher(doc.name()).matches()) {
            throw new Invalid("metadata.name", "required: letters, digits, '.', '_' or '-', at most 100");
        }
        return doc.name();
    }

    private FactSource factSource(Doc doc) {
        String name = name(doc);
        if (name.equals(FactRef.ENTITY)) {
            throw new Invalid("metadata.name", "\"entity\" is the built-in source of the entity's own values");
        }
        JsonNode spec = doc.node().path("spec");
        SourceType type;
        try {
            type = SourceType.valueOf(text(spec, "spec.type").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Invalid("spec.type", "must be entity, git or http");
        }
        AppliesTo appliesTo = appliesTo(spec.path("appliesTo"), "spec.appliesTo");
        Duration every = duration(spec.path("schedule").path("every"), "spec.schedule.every", Duration.ofHours(1));
        Duration ttl = duration(spec.path("ttl"), "spec.ttl", every.multipliedBy(2));
        Definitions.Http http = null;
        Definitions.Git git = null;
        if (type == SourceType.HTTP) {
            JsonNode request = spec.path("request");
            String url = text(request, "spec.request.url");
            Template.check(url, "spec.request.url");
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> header : request.path("headers").properties()) {
                String value = header.getValue().asString("");
                Template.check(value, "spec.request.headers." + header.getKey());
                headers.put(header.getKey(), value);
            }
            String method = request.path("method").asString("GET").toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST")) {
                throw new Invalid("spec.request.method", "GET or POST");
            }
            http = new Definitions.Http(method, url, Map.copyOf(headers));
        } else if (type == SourceType.GIT) {
            String repository = spec.path("repository").isString() ? spec.path("repository").stringValue() : null;
            String path = spec.path("path").isString() ? spec.path("path").stringValue() : null;
            if (repository != null) {
                Template.check(repository, "spec.repository");
            }
            if (path != null) {
                Template.check(path, "spec.path");
            }
            git = new Definitions.Git(repository, path);
        }
        Map<String, Fact> facts = new LinkedHashMap<>();
        JsonNode factNodes = spec.path("facts");
        if (!factNodes.isObject() || factNodes.isEmpty()) {
            throw new Invalid("spec.facts", "required: the facts this source provides, by name");
        }
        for (Map.Entry<String, JsonNode> entry : factNodes.properties()) {
            String field = "spec.facts." + entry.getKey();
            if (!ID.matcher(entry.getKey()).matches() || entry.getKey().contains(".")) {
                throw new Invalid(field, "a fact name is letters, digits, '_' or '-'");
            }
            facts.put(entry.getKey(), type == SourceType.GIT ? gitFact(entry.getKey(), entry.getValue(), field)
                    : pathFact(entry.getKey(), entry.getValue(), field));
        }
        return new FactSource(name, type, appliesTo, every, ttl, http, git, Map.copyOf(facts), doc.file(), doc.line());
    }

    private static Fact pathFact(String name, JsonNode node, String field) {
        JsonPath path = path(node.path("path"), field + ".path");
        String type = node.path("type").asString("any");
        if (!FACT_TYPES.contains(type)) {
            throw new Invalid(field + ".type", "one of " + String.join(", ", FACT_TYPES));
        }
        return new Fact(name, path, type, null, List.of(), null);
    }

    private static Fact gitFact(String name, JsonNode node, String field) {
        if (node.has("exists")) {
            return new Fact(name, null, "boolean", GitFactKind.EXISTS, List.of(text(node, field + ".exists")), null);
        }
        if (node.has("anyExists")) {
            List<String> files = strings(node.path("anyExists"), field + ".anyExists");
            if (files.isEmpty()) {
                throw new Invalid(field + ".anyExists", "a list of files");
            }
            return new Fact(name, null, "boolean", GitFactKind.ANY_EXISTS, files, null);
        }
        if (node.has("count")) {
            return new Fact(name, null, "number", GitFactKind.COUNT, List.of(text(node, field + ".count")), null);
        }
        if (node.has("file")) {
            String file = text(node, field + ".file");
            if (node.has("matches")) {
                return new Fact(name, null, "any", GitFactKind.MATCHES, List.of(file), regex(node.path("matches"), field + ".matches"));
            }
            if (node.has("path")) {
                return new Fact(name, path(node.path("path"), field + ".path"), "any", GitFactKind.VALUE, List.of(file), null);
            }
            throw new Invalid(field, "a file fact needs path (a JSON path in the YAML or JSON file) or matches (a regular expression)");
        }
        throw new Invalid(field, "one of exists, anyExists, count, or file with path or matches");
    }

    private Scorecard scorecard(Doc doc, Map<String, FactSource> factSources, List<Problem> problems) {
        String name = name(doc);
        JsonNode metadata = doc.node().path("metadata");
        JsonNode spec = doc.node().path("spec");
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
        for (JsonNode node : checkNodes) {
            String field = "spec.checks[" + i++ + "]";
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
            Rule rule = rule(node.path("rule"), field + ".rule", factSources);
            Check check = new Check(id, node.path("title").asString(null), node.path("description").asString(null), weight, level, rule,
                    node.path("failMessage").asString(null));
            for (String source : check.factSources()) {
                if (!source.equals(FactRef.ENTITY) && !factSources.containsKey(source)) {
                    problems.add(new Problem(doc.file(), doc.line(), "Scorecard " + name + ": " + field + ": fact source " + source
                            + " is not defined; the check is UNKNOWN for every entity until it is"));
                }
            }
            checks.add(check);
        }
        return new Scorecard(name, metadata.path("title").asString(null), metadata.path("description").asString(null), appliesTo,
                List.copyOf(levels), List.copyOf(checks), doc.file(), doc.line());
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

    private static Exemption exemption(Doc doc, Map<String, Scorecard> scorecards) {
        JsonNode spec = doc.node().path("spec");
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

    /** An expiry: a date means the end of that day (UTC), a date-time that instant. */
    static Instant expiry(JsonNode node, String field) {
        String text = node.asString("");
        try {
            return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            Instant instant = Operator.instant(node);
            if (instant == null) {
                throw new Invalid(field, "a date (2027-03-31) or an ISO-8601 date-time");
            }
            return instant;
        }
    }

    private static AppliesTo appliesTo(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return AppliesTo.EVERYTHING;
        }
        JsonNode filter = node.path("filter");
        if (!filter.isObject()) {
            throw new Invalid(field + ".filter", "an object of descriptor fields and accepted values, e.g. {kind: component}");
        }
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : filter.properties()) {
            JsonNode value = entry.getValue();
            accepted.put(entry.getKey(), value.isArray() ? strings(value, field + ".filter." + entry.getKey()) : List.of(value.asString()));
        }
        return new AppliesTo(Map.copyOf(accepted));
    }

    private static JsonPath path(JsonNode node, String field) {
        if (!node.isString()) {
            throw new Invalid(field, "required: a JSON path such as $.lastRun.conclusion");
        }
        try {
            return JsonPath.parse(node.stringValue());
        } catch (IllegalArgumentException e) {
            throw new Invalid(field, e.getMessage());
        }
    }

    private static Pattern regex(JsonNode node, String field) {
        try {
            return Pattern.compile(node.asString(""), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new Invalid(field, "not a regular expression: " + e.getDescription());
        }
    }

    private static Duration duration(JsonNode node, String field, Duration otherwise) {
        if (node.isMissingNode() || node.isNull()) {
            return otherwise;
        }
        try {
            Duration duration = Duration.parse(node.asString(""));
            if (duration.isNegative() || duration.isZero()) {
                throw new Invalid(field, "a positive duration");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new Invalid(field, "an ISO-8601 duration such as PT30M");
        }
    }

    private static String text(JsonNode node, String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        JsonNode value = node.path(last);
        if (!value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw new Invalid(field, "required");
        }
        return value.asString();
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new Invalid(field, "a list");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                throw new Invalid(field, "a list of strings");
            }
            values.add(item.asString());
        }
        return values;
    }
}
