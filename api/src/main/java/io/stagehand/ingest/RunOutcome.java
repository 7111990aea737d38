package io.stagehand.ingest;

import io.stagehand.store.RunCounts;

/** How a run ended: its id, whether the source could be read, its counts, and the failure if any. */
public record RunOutcome(String source, long runId, boolean succeeded, RunCounts counts, String message, long millis) {
}
