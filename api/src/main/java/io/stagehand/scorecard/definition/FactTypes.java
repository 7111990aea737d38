package io.stagehand.scorecard.definition;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The declared types of HTTP facts (string, number, boolean, datetime, any): reading a reply's value as one, and naming what it was instead. */
public final class FactTypes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FactTypes() {
    }

    /** The value as its declared type, or null when it is not one. Scalars written as text (a number in quotes) are accepted. */
    public static JsonNode coerce(JsonNode raw, String type) {
        return switch (type) {
            case "string" -> raw.isString() ? raw : raw.isNumber() || raw.isBoolean() ? NODES.stringNode(raw.asString()) : null;
            case "number" -> raw.isNumber() ? raw : raw.isString() ? number(raw.stringValue()) : null;
            case "boolean" -> raw.isBoolean() ? raw : raw.isString() ? bool(raw.stringValue()) : null;
            case "datetime" -> {
                Instant instant = Operator.instant(raw);
                yield instant == null ? null : NODES.stringNode(instant.toString());
            }
            default -> raw;
        };
    }

    private static JsonNode number(String text) {
        try {
            return NODES.numberNode(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode bool(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return value.equals("true") ? NODES.booleanNode(true) : value.equals("false") ? NODES.booleanNode(false) : null;
    }

    /** What kind of value the response holds, never the value: no reply text is stored or served. */
    public static String describe(JsonNode raw) {
        if (raw.isObject()) {
            return "an object";
        }
        if (raw.isArray()) {
            return "an array";
        }
        return raw.isString() ? "a string" : raw.isNumber() ? "a number" : raw.isBoolean() ? "a boolean" : "a value";
    }
}
