package io.stagehand.catalog.store;

import java.time.OffsetDateTime;

/** The latest run of a source and when it last succeeded. */
public record SourceState(String source, String lastStatus, OffsetDateTime lastRunAt, OffsetDateTime lastSuccessAt, String lastMessage) {
}
