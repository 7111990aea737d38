package io.stagehand.catalog.store;

import io.stagehand.model.IngestedEntity;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes the result of a source run in one transaction: upserts the entities whose content hash
 * changed, replaces their relations, deletes what the source no longer emits (never what failed
 * to read), records the changes in the feed, replaces the source's problems and closes the run
 * record. The rows themselves are written by {@link EntityRows}, the records by {@link RunRecords}.
 */
@Repository
public class CatalogWriter {

    /** Orders writers, across replicas too: two sources claiming the same ref must not interleave. */
    static final long WRITE_LOCK = 0x5354414745L;
    private static final int ANALYZE_AFTER = 1000;
    /**
     * Entities of unchanged files (read from the memo, without content) are compared with the store
     * in batches of this many, across parts: they are written only if the store lost them (which
     * fails the run), and one query per part for them made a re-ingestion that changes little a
     * few hundred round trips.
     */
    private static final int UNCHANGED_CHECK_BATCH = 5000;
    private static final Log log = LogFactory.getLog(CatalogWriter.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final SourceNames sources;
    private final CatalogCache cache;
    private final ChangeFeed feed;
    private final ChangeNotifications notifications;
    private final EntityRows rows;
    private final BulkLoad bulkLoad;
    private final RunRecords records;
    private final Deletions deletions;

    CatalogWriter(DatabaseClient db, TransactionalOperator tx, CatalogCache cache, ChangeFeed feed,
            ChangeNotifications notifications, EntityRows rows, BulkLoad bulkLoad, RunRecords records, Deletions deletions,
            SourceNames sources) {
        this.db = db;
        this.tx = tx;
        this.cache = cache;
        this.feed = feed;
        this.notifications = notifications;
        this.rows = rows;
        this.bulkLoad = bulkLoad;
        this.records = records;
        this.deletions = deletions;
        this.sources = sources;
    }

    /**
     * A run skipped an unchanged file whose entity the store does not hold as read (another process
     * changed it, or it was refused for a conflict before): the run must read every file again.
     */
    public static final class UnreadEntityException extends RuntimeException {
        public UnreadEntityException(String ref, String location) {
            super("Entity " + ref + " from the unchanged file " + location + " must be written, but its file was not read in this run");
        }
    }

    /**
     * Writes a run in one transaction while it is read: each part's changed entities as it arrives,
     * then, once the source has been read completely, the deletions, the problems and the run
     * record. The transaction (and the lock that orders writers) starts with the first part, so a
     * source that is slow to open (a clone) holds nothing meanwhile. A source that fails while
     * being read leaves the catalog as it was.
     */
    public Mono<RunCounts> apply(String source, long runId, Flux<ReadResult> parts) {
        return apply(new RunTarget(source, source, false), runId, parts);
    }

    /**
     * The source a run writes, where its problems about the whole source are recorded (its target),
     * and whether the operator confirmed that it may delete more than {@code
     * stagehand.ingest.max-delete-ratio} of the source's entities.
     */
    public record RunTarget(String source, String location, boolean deletionsConfirmed) {
    }

    /** As {@link #apply(String, long, Flux)}, with a location for source-wide problems and the deletion guard's confirmation. */
    public Mono<RunCounts> apply(RunTarget target, long runId, Flux<ReadResult> parts) {
        return parts.switchOnFirst((first, all) -> first.isOnError() ? all.then(Mono.<RunCounts>empty())
                        : write(target, runId, all))
                .singleOrEmpty();
    }

    /** The lock that orders writers, with the statement timeout lifted: a run may wait for another and write for minutes. */
    Mono<Void> lock() {
        return db.sql("SET LOCAL statement_timeout = 0").then().then(db.sql("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")").then());
    }

    private Mono<RunCounts> write(RunTarget target, long runId, Flux<ReadResult> parts) {
        String source = target.source();
        RunState run = new RunState();
        // Whether the source has entities already (after the lock: no other writer adds any meanwhile).
        Mono<Void> stored = db.sql("SELECT EXISTS (SELECT 1 FROM entities WHERE source = :source) AS stored")
                .bind("source", source)
                .map(row -> row.get("stored", Boolean.class))
                .one()
                .doOnNext(any -> run.sourceHadEntities = any)
                .then();
        Mono<RunCounts> work = lock().then(stored)
                // up to four parts (of 256 files) read ahead while one is written: the first writes of a
                // cold run are slow, and the reader should not wait for them
                .thenMany(parts.concatMap(part -> writePart(source, run, part), 4))
                .then(Mono.defer(() -> finish(target, runId, run)))
                // other replicas hear of the run when it commits
                .flatMap(counts -> notifications.announce(source, runId, run.published).thenReturn(counts));
        return committed(tx.transactional(work), run.published);
    }

    /** What follows a commit that may have changed the catalog: the cache emptied, the feed's readers woken. */
    Mono<RunCounts> committed(Mono<RunCounts> transaction, List<CatalogChange> published) {
        return transaction
                // Emptied once the change is visible; also when the outcome is unknown (error, cancel).
                .doOnNext(counts -> {
                    if (counts.changed() + counts.deleted() > 0) {
                        cache.invalidate();
                    }
                    if (large(counts)) {
                        analyzeEverything();
                    }
                })
                .doOnError(e -> cache.invalidate())
                .doOnCancel(cache::invalidate)
                // subscriptions and scorecard evaluation read the committed changes from the durable feed
                .doOnSuccess(counts -> {
                    if (!published.isEmpty()) {
                        feed.committed();
                    }
                });
    }

    /**
     * Deletes every entity of a source, with its relations and problems, as one change recorded in
     * the feed: for sources no longer configured. Gives how many entities went.
     */
    Mono<Integer> removeSource(String source) {
        List<CatalogChange> published = new ArrayList<>();
        Mono<RunCounts> work = lock()
                .thenMany(rows.deleteAll(source))
                .doOnNext(ref -> published.add(new CatalogChange(source, ref, CatalogChange.Type.DELETED)))
                .then(Mono.defer(() -> feed.record(published)))
                .then(records.forget(source))
                .then(db.sql("DELETE FROM orphaned_sources WHERE source = :source").bind("source", source).then())
                .then(Mono.defer(() -> notifications.announce(source, 0, published)))
                .then(Mono.fromSupplier(() -> new RunCounts(0, 0, 0, 0, published.size(), 0)));
        return committed(tx.transactional(work), published).map(RunCounts::deleted);
    }

    private static boolean large(RunCounts counts) {
        return counts.changed() + counts.deleted() >= ANALYZE_AFTER;
    }

    /**
     * Statistics of every column after a large change, once it is committed: the run itself only
     * analyzed what its own last queries need. Autovacuum would get there too, but up to a minute
     * later, and until then filters on kinds, owners or tags would be planned from guesses.
     */
    private void analyzeEverything() {
        db.sql("ANALYZE entities, relations").then()
                .subscribe(null, e -> log.warn("Statistics of the catalog tables could not be refreshed: " + e.getMessage()));
    }

    /** Writes the entities of one part that are new or changed; an entity another source provides is refused. */
    private Mono<Void> writePart(String source, RunState run, ReadResult part) {
        run.parts++;
        run.problems.addAll(part.problems());
        run.failedLocations.addAll(part.failedLocations());
        run.rejectedKeys.addAll(part.rejectedKeys());
        run.filesRead += part.filesRead();
        run.revision = part.revision() == null ? run.revision : part.revision();
        List<IngestedEntity> read = new ArrayList<>();
        for (IngestedEntity entity : part.entities()) {
            run.emitted.add(entity.key());
            (entity.hasContent() ? read : run.unchecked).add(entity);
        }
        Mono<Void> unchanged = run.unchecked.size() >= UNCHANGED_CHECK_BATCH ? checkUnchanged(source, run) : Mono.empty();
        return unchanged.then(writeChanged(source, run, read));
    }

    /**
     * Compares the entities of unchanged files gathered so far with the store (nothing to write
     * unless it lost them). The store names the few it does not hold as read, instead of sending
     * every row back; those go the way of changed entities.
     */
    private Mono<Void> checkUnchanged(String source, RunState run) {
        List<IngestedEntity> batch = run.unchecked;
        run.unchecked = new ArrayList<>();
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return rows.notStoredAsRead(source, batch)
                .flatMap(differing -> differing.isEmpty() ? Mono.empty()
                        : writeChanged(source, run, batch.stream().filter(e -> differing.contains(e.key())).toList()));
    }

    /** Compares entities with the store and writes those that are new or changed. */
    private Mono<Void> writeChanged(String source, RunState run, List<IngestedEntity> entities) {
        if (entities.isEmpty()) {
            return Mono.empty();
        }
        Set<String> configured = sources.configured();
        return rows.stored(entities).flatMap(stored -> {
            List<IngestedEntity> toWrite = new ArrayList<>();
            Set<String> updated = new HashSet<>();
            Set<String> adopted = new HashSet<>();
            for (IngestedEntity entity : entities) {
                EntityRows.Stored existing = stored.get(entity.key());
                boolean adopt = existing != null && !existing.source().equals(source) && !configured.contains(existing.source());
                if (adopt) {
                    // a source renamed or removed from the configuration: its entities go to the source that emits them now
                    adopted.add(existing.source());
                }
                if (existing != null && !existing.source().equals(source) && !adopt) {
                    run.claimedElsewhere.add(entity.key());
                    run.problems.add(Problem.error(entity.location(), entity.line(), entity.ref().toString(),
                            "Entity " + entity.ref() + " is already provided by source \"" + existing.source()
                                    + "\"; this definition is ignored"));
                } else if (existing == null || adopt || !existing.hash().equals(entity.contentHash())) {
                    if (!entity.hasContent()) {
                        return Mono.error(new UnreadEntityException(entity.ref().toString(), entity.location()));
                    }
                    toWrite.add(entity);
                    if (existing == null) {
                        run.created++;
                    } else {
                        run.updated++;
                        updated.add(entity.key());
                    }
                    run.published.add(new CatalogChange(source, entity.ref().toString(),
                            existing == null ? CatalogChange.Type.CREATED : CatalogChange.Type.UPDATED));
                }
            }
            if (toWrite.isEmpty()) {
                return Mono.empty();
            }
            run.relationRows += toWrite.stream().mapToInt(e -> e.relations().size()).sum();
            if (!adopted.isEmpty()) {
                log.info("Source " + source + " takes over entities of " + adopted + ", which are no longer configured");
            }
            // A new entity has no relations of its own yet, unless its row vanished behind the writer's back:
            // looked for by index as usual, but not during a bulk load, which removed such orphans first.
            return bulkLoad.dropIndexesIfWorthIt(run).then(Mono.defer(() -> rows.upsert(source, toWrite,
                    run.restore.isEmpty() ? toWrite.stream().map(IngestedEntity::key).collect(java.util.stream.Collectors.toSet()) : updated,
                    adopted)));
        });
    }

    /**
     * Once everything was read: indexes back, what the source no longer emits deleted, statistics
     * refreshed after a large change (in the transaction, so the queries that follow and the first
     * reads after the commit are planned for the catalog's new size; every column's once the run
     * has committed), problems replaced, run closed.
     */
    private Mono<RunCounts> finish(RunTarget target, long runId, RunState run) {
        String source = target.source();
        if (run.parts == 0) {
            return Mono.error(new IllegalStateException("The source gave nothing to write"));
        }
        return Mono.defer(() -> checkUnchanged(source, run))
                .then(Mono.defer(() -> bulkLoad.restoreIndexes(run)))
                .then(Mono.defer(() -> run.sourceHadEntities ? deletions.toDelete(target, run) : Mono.just(List.<String>of())))
                .flatMap(toDelete -> {
                    int failed = (int) run.problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
                    RunCounts counts = new RunCounts(run.filesRead, run.emitted.size(), run.created, run.updated,
                            toDelete.size(), failed);
                    // only the columns the queries below join on (a quarter of the time of the whole tables)
                    Mono<Void> analyze = large(counts)
                            ? db.sql("ANALYZE entities (entity_key, source), relations (origin_key, source_key, target_key)").then()
                            : Mono.empty();
                    return rows.delete(source, toDelete)
                            .doOnNext(ref -> run.published.add(new CatalogChange(source, ref, CatalogChange.Type.DELETED)))
                            .then(Mono.defer(() -> feed.record(run.published)))
                            .then(analyze)
                            .then(records.replaceProblems(source, runId, run.problems))
                            .then(records.succeeded(runId, counts, run.revision))
                            .thenReturn(counts);
                });
    }
}
