package io.stagehand.catalog.store;

/** What a run did: entities read, written (created or updated), deleted, and problems recorded. */
public record RunCounts(int filesRead, int entitiesRead, int created, int updated, int deleted, int failed) {

    public int changed() {
        return created + updated;
    }
}
