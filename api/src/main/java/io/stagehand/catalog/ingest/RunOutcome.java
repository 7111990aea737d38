package io.stagehand.catalog.ingest;

import io.stagehand.catalog.store.RunCounts;
import org.springframework.modulith.NamedInterface;

/**
 * How a run ended: its id, whether the source could be read, its counts, the failure if any, and
 * how long it took in all and until the source was read.
 */
@NamedInterface("sources")
public record RunOutcome(String source, long runId, boolean succeeded, RunCounts counts, String message, long millis, long readMillis) {
}
