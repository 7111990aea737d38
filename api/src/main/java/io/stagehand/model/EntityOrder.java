package io.stagehand.model;

/** One sort key of an entity list; ties are always broken by ref. */
public record EntityOrder(Field field, Direction direction) {

    /** What is compared: names, kinds and titles case-insensitively (a title defaults to the name). */
    public enum Field {
        NAME, KIND, TITLE, REF
    }

    public enum Direction {
        ASC, DESC
    }

    public EntityOrder {
        direction = direction == null ? Direction.ASC : direction;
    }
}
