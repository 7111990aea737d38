package io.stagehand.scorecard.definition;

import io.stagehand.scorecard.facts.JsonPath;

/**
 * A fact a rule reads: {@code <source>.<fact>} for facts of a fact source, so two sources never
 * collide, or {@code entity.<JSON path>} for a value of the entity itself. The name is kept as
 * written ({@code <source>.<fact>}): every evaluated condition records it.
 */
public record FactRef(String source, String fact, JsonPath path, String name) {

    static final String ENTITY = "entity";

    /** Parses a fact name, or throws {@link IllegalArgumentException} saying what is wrong. */
    static FactRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a condition needs a fact, such as entity.spec.owner or ci.conclusion");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("fact \"" + text + "\" must be <source>.<fact>, such as ci.conclusion or entity.spec.type");
        }
        String source = text.substring(0, dot);
        String rest = text.substring(dot + 1);
        if (source.equals(ENTITY)) {
            return new FactRef(source, rest, JsonPath.parse(rest), text);
        }
        return new FactRef(source, rest, null, text);
    }

    /** The prefix of the sources holding submitted check results, which no fact source name can have. */
    public static final String SUBMITTED = "check:";

    /** Where the results of an external or manual check are kept: a source of its own, {@code check:<scorecard>/<check>}. */
    public static FactRef submitted(String scorecard, String check) {
        String source = SUBMITTED + scorecard + "/" + check;
        return new FactRef(source, "result", null, source + ".result");
    }

    public boolean isEntity() {
        return source.equals(ENTITY);
    }
}
