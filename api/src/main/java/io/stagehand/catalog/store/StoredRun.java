package io.stagehand.catalog.store;

import java.time.OffsetDateTime;

/** One run of a source, as recorded. */
public record StoredRun(long id, String source, OffsetDateTime startedAt, OffsetDateTime finishedAt, String status,
        String commitId, int filesRead, int entitiesRead, int changed, int deleted, int failed, String message) {
}
