package io.stagehand.scorecard.definition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.facts.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reading the fields every kind of definition shares (names, required text, lists, durations,
 * dates, JSON paths, regular expressions, appliesTo), each failure an {@link Invalid} naming the field.
 */
final class DefinitionFields {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** The longest schedule, ttl or other duration a definition may give. */
    static final Duration LONGEST = Duration.ofDays(3650);

    private DefinitionFields() {
    }

    /** Thrown while reading one document: the field path and the message. */
    static final class Invalid extends RuntimeException {
        Invalid(String field, String message) {
            super(field + ": " + message);
        }
    }

    static String name(String name) {
        if (name == null || !ID.matcher(name).matches()) {
            throw new Invalid("metadata.name", "required: letters, digits, '.', '_' or '-', at most 100");
        }
        return name;
    }

    /** An expiry: a date means the end of that day (UTC), a date-time that instant. */
    static Instant expiry(JsonNode node, String field) {
        String text = node.asString("");
        try {
            return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            Instant instant = Operator.instant(node);
            if (instant == null) {
                throw new Invalid(field, "a date (2027-03-31) or an ISO-8601 date-time");
            }
            return instant;
        }
    }

    /** A start: a date means the beginning of that day (UTC), a date-time that instant. */
    static Instant start(JsonNode node, String field) {
        String text = node.asString("");
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            Instant instant = Operator.instant(node);
            if (instant == null) {
                throw new Invalid(field, "a date (2027-03-31) or an ISO-8601 date-time");
            }
            return instant;
        }
    }

    static AppliesTo appliesTo(JsonNode node, String field) {
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

    static JsonPath path(JsonNode node, String field) {
        if (!node.isString()) {
            throw new Invalid(field, "required: a JSON path such as $.lastRun.conclusion");
        }
        try {
            return JsonPath.parse(node.stringValue());
        } catch (IllegalArgumentException e) {
            throw new Invalid(field, e.getMessage());
        }
    }

    /** A regular expression of a definition, in RE2 syntax: matched in linear time, so no pattern can pin a core. */
    static Pattern regex(JsonNode node, String field) {
        if (node.asString("").length() > Operator.MAX_PATTERN_CHARS) {
            throw new Invalid(field, "a regular expression of at most " + Operator.MAX_PATTERN_CHARS + " characters");
        }
        try {
            return Pattern.compile(node.asString(""), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new Invalid(field, "not a regular expression in RE2 syntax (which has no backreferences or lookaround): "
                    + e.getDescription());
        }
    }

    /**
     * A glob of a count fact ({@code *} within a folder, {@code **} across folders, {@code ?},
     * {@code [a-z]}, {@code {a,b}}, {@code \\} escapes, as {@code java.nio}'s globs) as an RE2 pattern
     * of the whole path: the JDK's globs become backtracking regular expressions, and
     * {@code *a*a*a*a*b} against a long path is exponential there.
     */
    static Pattern glob(String glob, String field) {
        if (glob.length() > Operator.MAX_PATTERN_CHARS) {
            throw new Invalid(field, "a glob of at most " + Operator.MAX_PATTERN_CHARS + " characters");
        }
        StringBuilder re = new StringBuilder();
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    boolean across = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                    re.append(across ? ".*" : "[^/]*");
                    i += across ? 1 : 0;
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    if (inGroup) {
                        throw new Invalid(field, "a glob cannot nest {...} groups");
                    }
                    inGroup = true;
                    re.append("(?:");
                }
                case '}' -> {
                    re.append(inGroup ? ")" : "\\}");
                    inGroup = false;
                }
                case ',' -> re.append(inGroup ? "|" : ",");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new Invalid(field, "an unclosed [...] in the glob");
                    }
                    String body = glob.substring(i + 1, end);
                    boolean negated = body.startsWith("!");
                    re.append('[').append(negated ? "^/" : "");
                    for (char b : (negated ? body.substring(1) : body).toCharArray()) {
                        re.append(Character.isLetterOrDigit(b) || b == '-' || b > 127 ? String.valueOf(b) : "\\" + b);
                    }
                    re.append(']');
                    i = end;
                }
                case '\\' -> {
                    if (++i == glob.length()) {
                        throw new Invalid(field, "a glob cannot end with \\");
                    }
                    re.append(quoted(glob.charAt(i)));
                }
                default -> re.append(quoted(c));
            }
        }
        if (inGroup) {
            throw new Invalid(field, "an unclosed {...} in the glob");
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new Invalid(field, "not a glob: " + e.getDescription());
        }
    }

    private static String quoted(char c) {
        return Character.isLetterOrDigit(c) || c > 127 ? String.valueOf(c) : "\\" + c;
    }

    static Duration duration(JsonNode node, String field, Duration otherwise) {
        if (node.isMissingNode() || node.isNull()) {
            return otherwise;
        }
        try {
            Duration duration = Duration.parse(node.asString(""));
            // the longest keeps ttl (twice the schedule by default) and date arithmetic in range
            if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
                throw new Invalid(field, "a positive duration of at most P3650D (10 years)");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new Invalid(field, "an ISO-8601 duration such as PT30M");
        }
    }

    static String text(JsonNode node, String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        JsonNode value = node.path(last);
        if (!value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw new Invalid(field, "required");
        }
        return value.asString();
    }

    static List<String> strings(JsonNode node, String field) {
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
