package io.stagehand.store;

/** One sort key of an entity list; ties are always broken by ref. */
public record EntityOrder(Field field, Direction direction) {

    public enum Field {
        NAME("lower(e.name)"),
        KIND("lower(e.kind)"),
        TITLE("lower(coalesce(e.title, e.name))"),
        REF("e.entity_key");

        final String sql;

        Field(String sql) {
            this.sql = sql;
        }
    }

    public enum Direction {
        ASC, DESC
    }

    public EntityOrder {
        direction = direction == null ? Direction.ASC : direction;
    }
}
