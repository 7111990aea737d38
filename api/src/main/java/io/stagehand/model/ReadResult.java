package io.stagehand.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run read from a source, or one part of it: runs of files and git arrive in parts, whose
 * entities, problems, failed locations, rejected keys and files add up ({@link #merge}). {@code
 * failedLocations} are files that could not be read or parsed and {@code rejectedKeys} entities
 * that failed validation: the store keeps their previous good versions instead of deleting them.
 * {@code revision} (the commit read) is set on the last part.
 */
public record ReadResult(
        List<IngestedEntity> entities,
        List<Problem> problems,
        Set<String> failedLocations,
        Set<String> rejectedKeys,
        int filesRead,
        String revision) {

    /** The parts of one run as one result. */
    public static ReadResult merge(List<ReadResult> parts) {
        List<IngestedEntity> entities = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> failedLocations = new HashSet<>();
        Set<String> rejectedKeys = new HashSet<>();
        int filesRead = 0;
        String revision = null;
        for (ReadResult part : parts) {
            entities.addAll(part.entities());
            problems.addAll(part.problems());
            failedLocations.addAll(part.failedLocations());
            rejectedKeys.addAll(part.rejectedKeys());
            filesRead += part.filesRead();
            revision = part.revision() == null ? revision : part.revision();
        }
        return new ReadResult(List.copyOf(entities), problems, failedLocations, rejectedKeys, filesRead, revision);
    }
}
