package io.stagehand.model;

/**
 * One sort key of an entity list; ties are always broken by ref. {@link Field#PATH} orders by the
 * value at a dot path as Backstage's filters read it ({@link EntityFilter.PathMatch}), compared
 * case-insensitively, entities without one last in either direction.
 */
public record EntityOrder(Field field, String path, Direction direction) {

    /** What is compared: names, kinds and titles case-insensitively (a title defaults to the name), or a path's value. */
    public enum Field {
        NAME, KIND, TITLE, REF, PATH
    }

    public enum Direction {
        ASC, DESC
    }

    public EntityOrder {
        direction = direction == null ? Direction.ASC : direction;
        if ((field == Field.PATH) != (path != null)) {
            throw new InvalidFilterException("Invalid order, it names either a field or a path");
        }
        path = path == null ? null : new EntityFilter.PathMatch(path, null, null).path();
    }

    public EntityOrder(Field field, Direction direction) {
        this(field, null, direction);
    }

    /** The order by the value at this path. */
    public static EntityOrder byPath(String path, Direction direction) {
        return new EntityOrder(Field.PATH, path, direction);
    }

    /** The same key the other way round. */
    public EntityOrder reversed() {
        return new EntityOrder(field, path, direction == Direction.ASC ? Direction.DESC : Direction.ASC);
    }
}
