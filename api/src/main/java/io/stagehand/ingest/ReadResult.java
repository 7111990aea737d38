package io.stagehand.ingest;

import java.util.List;
import java.util.Set;

/**
 * Everything one run read from a source. {@code failedLocations} are files that could not be
 * read or parsed and {@code rejectedKeys} entities that failed validation: the store keeps their
 * previous good versions instead of deleting them.
 */
public record ReadResult(
        List<IngestedEntity> entities,
        List<Problem> problems,
        Set<String> failedLocations,
        Set<String> rejectedKeys,
        int filesRead,
        String revision) {
}
