package io.stagehand.catalog.store;

import java.time.OffsetDateTime;

/** A recorded problem of a source run. */
public record StoredProblem(long id, String source, Long runId, String severity, String location, int line,
        String entityRef, String message, OffsetDateTime createdAt) {
}
