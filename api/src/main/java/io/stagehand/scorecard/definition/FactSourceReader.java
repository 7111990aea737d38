package io.stagehand.scorecard.definition;

import static io.stagehand.scorecard.definition.DefinitionFields.ID;
import static io.stagehand.scorecard.definition.DefinitionFields.appliesTo;
import static io.stagehand.scorecard.definition.DefinitionFields.duration;
import static io.stagehand.scorecard.definition.DefinitionFields.path;
import static io.stagehand.scorecard.definition.DefinitionFields.regex;
import static io.stagehand.scorecard.definition.DefinitionFields.strings;
import static io.stagehand.scorecard.definition.DefinitionFields.text;

import io.stagehand.scorecard.definition.DefinitionFields.Invalid;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.Definitions.Fact;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.GitFactKind;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.facts.JsonPath;
import io.stagehand.scorecard.facts.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads one FactSource document: its type, appliesTo, schedule, request or repository, and facts. */
final class FactSourceReader {

    private static final Set<String> FACT_TYPES = Set.of("any", "string", "number", "boolean", "datetime");
    private static final Duration PUSH_TTL = Duration.ofDays(7);

    private FactSourceReader() {
    }

    static FactSource read(String name, JsonNode node, String file, int line) {
        DefinitionFields.name(name);
        if (name.equals(FactRef.ENTITY)) {
            throw new Invalid("metadata.name", "\"entity\" is the built-in source of the entity's own values");
        }
        JsonNode spec = node.path("spec");
        SourceType type;
        try {
            type = SourceType.valueOf(text(spec, "spec.type").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Invalid("spec.type", "must be entity, git, http or push");
        }
        AppliesTo appliesTo = appliesTo(spec.path("appliesTo"), "spec.appliesTo");
        Duration every = duration(spec.path("schedule").path("every"), "spec.schedule.every", Duration.ofHours(1));
        // pushed facts come when a pipeline runs, which may be rarely: a week unless the source says otherwise
        Duration ttl = duration(spec.path("ttl"), "spec.ttl", type == SourceType.PUSH ? PUSH_TTL : every.multipliedBy(2));
        Definitions.Http http = type == SourceType.HTTP ? http(spec.path("request")) : null;
        Definitions.Git git = type == SourceType.GIT ? git(spec) : null;
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
            facts.put(entry.getKey(), switch (type) {
                case GIT -> gitFact(entry.getKey(), entry.getValue(), field);
                case PUSH -> pushedFact(entry.getKey(), entry.getValue(), field);
                default -> pathFact(entry.getKey(), entry.getValue(), field);
            });
        }
        return new FactSource(name, type, appliesTo, every, ttl, http, git, Map.copyOf(facts), file, line);
    }

    private static Definitions.Http http(JsonNode request) {
        String url = text(request, "spec.request.url");
        Template.checkUrl(url, "spec.request.url");
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
        List<String> allowedHosts = request.has("allowedHosts")
                ? strings(request.path("allowedHosts"), "spec.request.allowedHosts") : List.of();
        return new Definitions.Http(method, url, Map.copyOf(headers), List.copyOf(allowedHosts));
    }

    private static Definitions.Git git(JsonNode spec) {
        String repository = spec.path("repository").isString() ? spec.path("repository").stringValue() : null;
        String path = spec.path("path").isString() ? spec.path("path").stringValue() : null;
        if (repository != null) {
            Template.check(repository, "spec.repository");
        }
        if (path != null) {
            Template.check(path, "spec.path");
        }
        return new Definitions.Git(repository, path);
    }

    private static Fact pathFact(String name, JsonNode node, String field) {
        JsonPath path = path(node.path("path"), field + ".path");
        String type = node.path("type").asString("any");
        if (!FACT_TYPES.contains(type)) {
            throw new Invalid(field + ".type", "one of " + String.join(", ", FACT_TYPES));
        }
        return new Fact(name, path, type, null, List.of(), null);
    }

    /** A fact submitted under its own name: only its type is declared, and a submission of another type is refused. */
    private static Fact pushedFact(String name, JsonNode node, String field) {
        if (node.has("path")) {
            throw new Invalid(field + ".path", "a pushed fact is submitted under its name; it has a type and no path");
        }
        String type = node.path("type").asString("any");
        if (!FACT_TYPES.contains(type)) {
            throw new Invalid(field + ".type", "one of " + String.join(", ", FACT_TYPES));
        }
        return new Fact(name, null, type, null, List.of(), null);
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
            String glob = text(node, field + ".count");
            return new Fact(name, null, "number", GitFactKind.COUNT, List.of(glob), DefinitionFields.glob(glob, field + ".count"));
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
}
