package io.stagehand.catalog.store;

import java.util.List;

/** A page of the entities one entity is related to by one relation type. */
public record RelatedPage(int totalCount, List<Row> rows, boolean hasNext) {

    public static final RelatedPage EMPTY = new RelatedPage(0, List.of(), false);

    /** A related entity: its key and ref, and the entity unless the relation dangles. */
    public record Row(String targetKey, String targetRef, StoredEntity entity) {
    }
}
