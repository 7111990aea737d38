package io.stagehand.scorecard.definition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The comparisons a rule's condition can make between a fact and the rule's value. */
enum Operator {
    EQUAL("equal"), NOT_EQUAL("notEqual"),
    LESS_THAN("lessThan"), LESS_THAN_INCLUSIVE("lessThanInclusive"),
    GREATER_THAN("greaterThan"), GREATER_THAN_INCLUSIVE("greaterThanInclusive"),
    IN("in"), NOT_IN("notIn"),
    CONTAINS("contains"), DOES_NOT_CONTAIN("doesNotContain"),
    EXISTS("exists"), MATCHES("matches"), WITHIN_LAST("withinLast");

    /** The longest pattern a definition may give: compiling is linear in it, but a dry run's may be any size. */
    static final int MAX_PATTERN_CHARS = 1000;

    /** The longest text {@code matches} reads: a longer fact is the check's ERROR (linear time is still time). */
    static final int MAX_MATCHED_CHARS = 64 * 1024;

    /**
     * Compiled patterns by their text. RE2/J, not java.util.regex: matching is linear in the input
     * whatever the pattern, so a catastrophic pattern from a dry run or a definition costs no more
     * than a plain one. Emptied when full (dry runs bring patterns of their own).
     */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** The longest {@code withinLast} duration: longer ones overflow the date arithmetic. */
    static final Duration LONGEST = Duration.ofDays(36500);

    private final String word;

    Operator(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }

    static Optional<Operator> named(String word) {
        return Arrays.stream(values()).filter(o -> o.word.equals(word)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(Operator::word).collect(Collectors.joining(", "));
    }

    /** What is wrong with the rule's value for this operator, or null. */
    String check(JsonNode value) {
        return switch (this) {
            case EXISTS -> value.isMissingNode() || value.isBoolean() ? null : "exists takes true, false or no value";
            case IN, NOT_IN -> value.isArray() ? null : word + " needs a list as its value";
            case MATCHES -> {
                if (!value.isString()) {
                    yield "matches needs a regular expression as its value";
                }
                if (value.stringValue().length() > MAX_PATTERN_CHARS) {
                    yield "matches takes a regular expression of at most " + MAX_PATTERN_CHARS + " characters";
                }
                try {
                    Pattern.compile(value.stringValue());
                    yield null;
                } catch (PatternSyntaxException e) {
                    yield "matches: not a regular expression in RE2 syntax (which has no backreferences or lookaround): "
                            + e.getDescription();
                }
            }
            case WITHIN_LAST -> {
                try {
                    Duration duration = Duration.parse(value.asString(""));
                    // a duration past this cannot be subtracted from now; refused here, not at every evaluation
                    yield duration.isNegative() || duration.compareTo(LONGEST) > 0
                            ? "withinLast takes a duration from PT0S to P36500D (100 years), not " + value : null;
                } catch (DateTimeParseException e) {
                    yield "withinLast needs an ISO-8601 duration such as P7D or PT12H, not " + value;
                }
            }
            case LESS_THAN, LESS_THAN_INCLUSIVE, GREATER_THAN, GREATER_THAN_INCLUSIVE ->
                    value.isNumber() || instant(value) != null ? null : word + " needs a number or a date-time as its value";
            default -> value.isMissingNode() ? word + " needs a value" : null;
        };
    }

    /** Whether the fact satisfies the condition; a missing fact satisfies only {@code exists: false} and the negations. */
    boolean test(JsonNode fact, JsonNode value, Instant now) {
        boolean present = fact != null && !fact.isMissingNode() && !fact.isNull();
        return switch (this) {
            case EXISTS -> present == (value.isMissingNode() || value.asBoolean());
            case EQUAL -> present && same(fact, value);
            case NOT_EQUAL -> !present || !same(fact, value);
            case LESS_THAN -> present && compared(fact, value, c -> c < 0);
            case LESS_THAN_INCLUSIVE -> present && compared(fact, value, c -> c <= 0);
            case GREATER_THAN -> present && compared(fact, value, c -> c > 0);
            case GREATER_THAN_INCLUSIVE -> present && compared(fact, value, c -> c >= 0);
            case IN -> present && contains(value, fact);
            case NOT_IN -> !present || !contains(value, fact);
            case CONTAINS -> present && holds(fact, value);
            case DOES_NOT_CONTAIN -> !present || !holds(fact, value);
            case MATCHES -> present && fact.isValueNode() && pattern(value.stringValue()).matcher(fact.asString()).find();
            case WITHIN_LAST -> {
                Instant at = present ? instant(fact) : null;
                yield at != null && !at.isBefore(now.minus(Duration.parse(value.stringValue())));
            }
        };
    }

    private static Pattern pattern(String text) {
        if (PATTERNS.size() > 1000) {
            PATTERNS.clear();
        }
        return PATTERNS.computeIfAbsent(text, Pattern::compile);
    }

    /** Why the fact cannot be given to this operator at all, or null: for {@code matches}, text over {@link #MAX_MATCHED_CHARS}. */
    String refusal(JsonNode fact) {
        if (this == MATCHES && fact != null && fact.isString() && fact.stringValue().length() > MAX_MATCHED_CHARS) {
            return "is " + fact.stringValue().length() + " characters long; matches reads at most " + MAX_MATCHED_CHARS;
        }
        return null;
    }

    /** Equal as JSON values, numbers by value (1 equals 1.0). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean contains(JsonNode list, JsonNode item) {
        for (JsonNode candidate : list) {
            if (same(candidate, item)) {
                return true;
            }
        }
        return false;
    }

    /** A list holding the value, or a string holding it as a substring. */
    private static boolean holds(JsonNode fact, JsonNode value) {
        if (fact.isArray()) {
            return contains(fact, value);
        }
        return fact.isString() && value.isValueNode() && fact.stringValue().contains(value.asString());
    }

    /** Numbers by value (a numeric string too), date-times as instants; what cannot be compared fails. */
    private static boolean compared(JsonNode fact, JsonNode value, java.util.function.IntPredicate outcome) {
        if (value.isNumber()) {
            BigDecimal number = fact.isNumber() ? fact.decimalValue() : decimal(fact);
            return number != null && outcome.test(number.compareTo(value.decimalValue()));
        }
        Instant a = instant(fact);
        Instant b = instant(value);
        return a != null && b != null && outcome.test(a.compareTo(b));
    }

    private static BigDecimal decimal(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        try {
            return new BigDecimal(node.stringValue().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO-8601 date-time or date (the start of that day, UTC), or epoch milliseconds; null otherwise. */
    static Instant instant(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (!node.isString()) {
            return null;
        }
        String text = node.stringValue().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }
}
