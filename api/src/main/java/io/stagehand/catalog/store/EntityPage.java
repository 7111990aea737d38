package io.stagehand.catalog.store;

import java.util.List;

/**
 * A page of entities in the list's order; each row carries the values its cursor is made of.
 * {@code hasNext} and {@code hasPrevious} tell whether matching entities follow the last row or
 * precede the first (exactly when the window asked for it, see {@link PageWindow#exactEdges()}).
 */
public record EntityPage(List<Row> rows, boolean hasNext, boolean hasPrevious) {

    /** An entity and its sort values (the order's values, then the key). */
    public record Row(StoredEntity entity, List<String> sortValues) {
    }
}
