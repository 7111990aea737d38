package io.stagehand.catalog.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What earlier runs of one source read from each file, so a run reads and parses only the files
 * whose fingerprint changed. Holds no descriptors (the store has them): an entity that must be
 * written although its file did not change makes the store refuse the run, which is then read
 * again without the memo.
 */
public final class FileMemo {
    final Map<String, Remembered> files = new ConcurrentHashMap<>();

    /**
     * A file's fingerprint, where it was read, through which Location files from which root, and
     * what its documents gave.
     */
    record Remembered(String fingerprint, String location, String origin, List<String> via, List<DocumentOutcome> outcomes) {
    }

    public void clear() {
        files.clear();
    }

    /** Files remembered now. */
    public int size() {
        return files.size();
    }
}
