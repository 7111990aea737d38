package io.stagehand.catalog.store;

import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a run has written so far; touched by one part at a time. */
final class RunState {
    final Set<String> emitted = new HashSet<>();
    final List<Problem> problems = new ArrayList<>();
    final Set<String> failedLocations = new HashSet<>();
    final Set<String> rejectedKeys = new HashSet<>();
    final List<CatalogChange> published = new ArrayList<>();
    /** Entities of unchanged files not yet compared with the store. */
    List<IngestedEntity> unchecked = new ArrayList<>();
    int parts;
    int filesRead;
    String revision;
    int created;
    int updated;
    long relationRows;
    Long relationRowsBefore;
    /** Statements that restore the indexes and constraints a bulk load dropped. */
    List<String> restore = List.of();
    /** Whether the source had entities before this run; if not, the run has nothing to delete. */
    boolean sourceHadEntities = true;
    /** Emitted keys another source provides: every other emitted key is stored for this source. */
    final Set<String> claimedElsewhere = new HashSet<>();
}
