package io.stagehand.scorecard;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Per-entity text of a fact source: {@code {{name}}}, {@code {{namespace}}}, {@code {{kind}}},
 * {@code {{ref}}}, {@code {{annotation 'key'}}} and {@code {{label 'key'}}} from the entity, and
 * {@code ${NAME}} from the environment or Stagehand's settings (secrets stay out of the YAML).
 */
final class Template {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\s*(\\w+)(?:\\s+'([^']*)')?\\s*}}|\\$\\{([^}]+)}");

    /** A value the template needs is not there: the entity lacks it (UNKNOWN) or the setting is missing (ERROR). */
    static final class MissingValueException extends Exception {
        final boolean fromEntity;

        MissingValueException(String message, boolean fromEntity) {
            super(message);
            this.fromEntity = fromEntity;
        }
    }

    private Template() {
    }

    /** Throws {@link IllegalArgumentException} naming the field when the template uses an unknown expression. */
    static void check(String template, String field) {
        Matcher m = EXPRESSION.matcher(template);
        while (m.find()) {
            if (m.group(1) != null) {
                String function = m.group(1);
                boolean keyed = function.equals("annotation") || function.equals("label");
                boolean plain = function.equals("name") || function.equals("namespace") || function.equals("kind") || function.equals("ref");
                if (!(keyed && m.group(2) != null) && !(plain && m.group(2) == null)) {
                    throw new IllegalArgumentException(field + ": {{" + function + (m.group(2) == null ? "" : " '" + m.group(2) + "'")
                            + "}} is not one of {{name}}, {{namespace}}, {{kind}}, {{ref}}, {{annotation 'key'}}, {{label 'key'}}");
                }
            }
        }
        if (template.replaceAll(EXPRESSION.pattern(), "").contains("{{")) {
            throw new IllegalArgumentException(field + ": an unclosed or malformed {{...}} expression");
        }
    }

    /** The text for one entity; {@code settings} answers {@code ${NAME}} (null when unset). */
    static String render(String template, String ref, JsonNode descriptor, Function<String, String> settings) throws MissingValueException {
        Matcher m = EXPRESSION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(3) != null) {
                value = settings.apply(m.group(3));
                if (value == null) {
                    throw new MissingValueException("${" + m.group(3) + "} is not set in the environment or Stagehand's settings", false);
                }
            } else {
                value = entityValue(m.group(1), m.group(2), ref, descriptor);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String entityValue(String function, String key, String ref, JsonNode descriptor) throws MissingValueException {
        JsonNode metadata = descriptor.path("metadata");
        JsonNode value = switch (function) {
            case "name" -> metadata.path("name");
            case "namespace" -> metadata.path("namespace");
            case "kind" -> descriptor.path("kind");
            case "annotation" -> metadata.path("annotations").path(key);
            case "label" -> metadata.path("labels").path(key);
            default -> null;
        };
        if (function.equals("ref")) {
            return ref;
        }
        if (value == null || !value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw new MissingValueException("the entity has no " + function + (key == null ? "" : " " + key), true);
        }
        return value.asString();
    }
}
