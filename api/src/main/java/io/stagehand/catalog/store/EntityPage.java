package io.stagehand.catalog.store;

import java.util.List;

/** A page of entities; each row carries the values its cursor is made of. */
public record EntityPage(List<Row> rows, boolean hasNext) {

    /** An entity and its sort values (the order's values, then the key). */
    public record Row(StoredEntity entity, List<String> sortValues) {
    }
}
