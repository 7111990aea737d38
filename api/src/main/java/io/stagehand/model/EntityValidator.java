package io.stagehand.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates one descriptor document the way Backstage's entity policies and kind schemas do, and
 * returns every problem found, each naming the field it concerns. An empty list means valid.
 */
public final class EntityValidator {

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "relations", "status");
    private static final Set<String> PRESENCE = Set.of("required", "optional");

    private EntityValidator() {
    }

    public static List<String> validate(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            problems.add("Entity must be a YAML mapping (an object), found " + describe(doc));
            return problems;
        }
        for (String field : doc.propertyNames()) {
            if (!ROOT_FIELDS.contains(field)) {
                problems.add("Unknown root field " + quoted(field) + "; expected only apiVersion, kind, metadata, spec, relations and status");
            }
        }
        String apiVersion = requireString(doc, "apiVersion", "apiVersion", problems);
        String kind = requireString(doc, "kind", "kind", problems);
        if (apiVersion != null && !ValidatorFunctions.isValidApiVersion(apiVersion)) {
            problems.add("\"apiVersion\" is not valid; expected a group/version such as backstage.io/v1alpha1 but found " + quoted(apiVersion));
        }
        if (kind != null && !ValidatorFunctions.isValidKind(kind)) {
            problems.add("\"kind\" is not valid; expected a letter followed by letters and digits, at most 63 characters, but found " + quoted(kind));
        }
        validateMetadata(doc.path("metadata"), problems);
        Kind builtin = Kind.of(kind);
        Kind misspelled = Kind.ofIgnoringCase(kind);
        if (builtin == null && misspelled != null) {
            problems.add("\"kind\" \"" + kind + "\" must be written \"" + misspelled.displayName() + "\"; Backstage matches kinds case-sensitively");
        }
        if (builtin != null) {
            if (apiVersion != null && !builtin.acceptsApiVersion(apiVersion)) {
                problems.add("apiVersion \"" + apiVersion + "\" is not supported for kind " + builtin.displayName());
            }
            validateSpec(builtin, doc.path("spec"), problems);
        } else if (!doc.path("spec").isMissingNode() && !doc.path("spec").isObject()) {
            problems.add("\"spec\" must be an object, found " + describe(doc.path("spec")));
        }
        return problems;
    }

    private static void validateMetadata(JsonNode metadata, List<String> problems) {
        if (!metadata.isObject()) {
            problems.add("\"metadata\" is required and must be an object, found " + describe(metadata));
            return;
        }
        String name = requireString(metadata, "name", "metadata.name", problems);
        if (name != null && !ValidatorFunctions.isValidObjectName(name)) {
            problems.add("\"metadata.name\" is not valid; expected a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total but found " + quoted(name));
        }
        JsonNode namespace = metadata.path("namespace");
        if (!namespace.isMissingNode() && !(namespace.isString() && ValidatorFunctions.isValidNamespace(namespace.stringValue()))) {
            problems.add("\"metadata.namespace\" is not valid; expected a DNS label (lower-case letters, digits and -, at most 63 characters) but found " + describe(namespace));
        }
        optionalString(metadata, "title", "metadata.title", problems);
        optionalString(metadata, "description", "metadata.description", problems);
        validateMap(metadata.path("labels"), "metadata.labels", true, problems);
        validateMap(metadata.path("annotations"), "metadata.annotations", false, problems);
        validateTags(metadata.path("tags"), problems);
        validateLinks(metadata.path("links"), problems);
    }

    private static void validateMap(JsonNode map, String path, boolean labels, List<String> problems) {
        if (map.isMissingNode()) {
            return;
        }
        if (!map.isObject()) {
            problems.add("\"" + path + "\" must be an object, found " + describe(map));
            return;
        }
        for (String key : map.propertyNames()) {
            if (!ValidatorFunctions.isValidLabelOrAnnotationKey(key)) {
                problems.add("\"" + path + "\" key \"" + key + "\" is not valid; expected an optional DNS-subdomain prefix and /, followed by a name of [a-zA-Z0-9] separated by [-_.], at most 63 characters");
            }
            JsonNode value = map.get(key);
            if (!value.isString()) {
                problems.add(quoted(path + "." + key) + " must be a string, found " + describe(value));
            } else if (labels && !ValidatorFunctions.isValidLabelValue(value.stringValue())) {
                problems.add("\"" + path + "." + key + "\" value \"" + value.stringValue() + "\" is not valid; expected empty or a name of [a-zA-Z0-9] separated by [-_.], at most 63 characters");
            }
        }
    }

    private static void validateTags(JsonNode tags, List<String> problems) {
        if (tags.isMissingNode()) {
            return;
        }
        if (!tags.isArray()) {
            problems.add("\"metadata.tags\" must be an array of strings, found " + describe(tags));
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isString() || !ValidatorFunctions.isValidTag(tag.stringValue())) {
                problems.add("\"metadata.tags[" + i + "]\" is not valid; expected a string of [a-z0-9:+#] separated by [-], at most 63 characters, but found " + describe(tag));
            }
        }
    }

    private static void validateLinks(JsonNode links, List<String> problems) {
        if (links.isMissingNode()) {
            return;
        }
        if (!links.isArray()) {
            problems.add("\"metadata.links\" must be an array, found " + describe(links));
            return;
        }
        for (int i = 0; i < links.size(); i++) {
            JsonNode link = links.get(i);
            String path = "metadata.links[" + i + "]";
            if (!link.isObject()) {
                problems.add("\"" + path + "\" must be an object with a url, found " + describe(link));
                continue;
            }
            requireString(link, "url", path + ".url", problems);
            optionalString(link, "title", path + ".title", problems);
            optionalString(link, "icon", path + ".icon", problems);
            optionalString(link, "type", path + ".type", problems);
        }
    }

    private static void validateSpec(Kind kind, JsonNode spec, List<String> problems) {
        if (!spec.isObject()) {
            if (!kind.requiredSpecFields().isEmpty() || !spec.isMissingNode()) {
                problems.add("\"spec\" is required for kind " + kind.displayName() + " and must be an object, found " + describe(spec));
            }
            return;
        }
        for (String field : kind.requiredSpecFields()) {
            JsonNode value = spec.path(field);
            if (value.isMissingNode() || value.isNull()) {
                problems.add("\"spec." + field + "\" is required for kind " + kind.displayName());
            } else if (!kind.arrayFields().contains(field) && !(field.equals("definition") && kind == Kind.API)
                    && (!value.isString() || value.stringValue().isEmpty())) {
                problems.add("\"spec." + field + "\" must be a non-empty string, found " + describe(value));
            }
        }
        for (String field : kind.arrayFields()) {
            JsonNode value = spec.path(field);
            if (value.isMissingNode()) {
                continue;
            }
            if (!value.isArray()) {
                problems.add("\"spec." + field + "\" must be an array of strings, found " + describe(value));
                continue;
            }
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isString() || value.get(i).stringValue().isEmpty()) {
                    problems.add("\"spec." + field + "[" + i + "]\" must be a non-empty string, found " + describe(value.get(i)));
                }
            }
        }
        for (String field : List.of("system", "subcomponentOf", "domain", "subdomainOf", "parent", "owner", "type", "lifecycle", "target")) {
            if (!kind.requiredSpecFields().contains(field)) {
                optionalString(spec, field, "spec." + field, problems);
            }
        }
        if (kind == Kind.API) {
            JsonNode definition = spec.path("definition");
            if (!definition.isMissingNode() && !definition.isString() && !definition.isObject()) {
                problems.add("\"spec.definition\" must be a string (or a $text/$json/$yaml placeholder), found " + describe(definition));
            }
        }
        if (kind == Kind.LOCATION) {
            JsonNode presence = spec.path("presence");
            if (!presence.isMissingNode() && !(presence.isString() && PRESENCE.contains(presence.stringValue()))) {
                problems.add("\"spec.presence\" must be \"required\" or \"optional\", found " + describe(presence));
            }
        }
    }

    private static String requireString(JsonNode node, String field, String path, List<String> problems) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            problems.add("\"" + path + "\" is required");
            return null;
        }
        if (!value.isString() || value.stringValue().isEmpty()) {
            problems.add("\"" + path + "\" must be a non-empty string, found " + describe(value));
            return null;
        }
        return value.stringValue();
    }

    private static void optionalString(JsonNode node, String field, String path, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !value.isString()) {
            problems.add("\"" + path + "\" must be a string, found " + describe(value));
        }
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return quoted(node.stringValue());
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shortened(node.toString());
    }

    /** Longest value a problem quotes: a file read by mistake (a key, a .env) must not be served whole in a problem. */
    static final int MAX_QUOTED = 80;

    /** A value in quotes, shortened to {@link #MAX_QUOTED} characters. */
    static String quoted(String value) {
        return "\"" + shortened(value) + "\"";
    }

    private static String shortened(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "... (" + value.length() + " characters)";
    }
}
