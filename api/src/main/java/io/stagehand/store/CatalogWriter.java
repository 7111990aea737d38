package io.stagehand.store;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.stagehand.catalog.IngestedEntity;
import io.stagehand.catalog.Problem;
import io.stagehand.catalog.ReadResult;
import io.stagehand.catalog.Relation;
import io.stagehand.store.r2dbc.Unwrapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * to read), replaces the source's problems and closes the run record.
 */
@Repository
public class CatalogWriter {

    private static final long WRITE_LOCK = 0x5354414745L;
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
    private final int batchSize;
    private final int bulkLoadRows;
    private final double maxDeleteRatio;
    private final CatalogCache cache;
    private final ChangeFeed feed;
    private final java.time.Duration changeRetention;
    private final ChangeNotifications notifications;

    public CatalogWriter(DatabaseClient db, TransactionalOperator tx, io.stagehand.config.StagehandProperties properties,
            CatalogCache cache, ChangeFeed feed, ChangeNotifications notifications) {
        this.db = db;
        this.tx = tx;
        this.cache = cache;
        this.feed = feed;
        this.notifications = notifications;
        this.changeRetention = properties.ingest().changeRetention();
        this.batchSize = properties.ingest().writeBatchSize();
        this.bulkLoadRows = properties.ingest().bulkLoadRows();
        this.maxDeleteRatio = properties.ingest().maxDeleteRatio();
    }

    public Mono<Long> startRun(String source) {
        return db.sql("INSERT INTO runs (source, status) VALUES (:source, 'RUNNING') RETURNING id")
                .bind("source", source)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** Closes a run that could not read its source; the catalog is left as it was. */
    public Mono<Void> failRun(long runId, String source, String location, String message) {
        Mono<Void> work = db.sql("""
                        UPDATE runs SET finished_at = clock_timestamp(), status = 'FAILED', message = :message, failed = 1
                        WHERE id = :id""")
                .bind("id", runId).bind("message", message).then()
                .then(db.sql("""
                                INSERT INTO problems (source, run_id, severity, location, line, message)
                                VALUES (:source, :run, 'ERROR', :location, 0, :message)""")
                        .bind("source", source).bind("run", runId).bind("location", location).bind("message", message)
                        .then());
        return tx.transactional(work);
    }

    private record Stored(String source, String hash) {
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

    /** What a run has written so far; touched by one part at a time. */
    private static final class RunState {
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

    private Mono<RunCounts> write(RunTarget target, long runId, Flux<ReadResult> parts) {
        String source = target.source();
        RunState run = new RunState();
        // One writer at a time, across replicas too: two sources claiming the same ref must not interleave.
        // A run may wait for another writer and write for minutes: the connections' statement timeout is lifted for its transaction.
        Mono<Void> lock = db.sql("SET LOCAL statement_timeout = 0").then().then(db.sql("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")").then());
        // Whether the source has entities already (after the lock: no other writer adds any meanwhile).
        Mono<Void> stored = db.sql("SELECT EXISTS (SELECT 1 FROM entities WHERE source = :source) AS stored")
                .bind("source", source)
                .map(row -> row.get("stored", Boolean.class))
                .one()
                .doOnNext(any -> run.sourceHadEntities = any)
                .then();
        Mono<RunCounts> work = lock.then(stored)
                // up to four parts (of 256 files) read ahead while one is written: the first writes of a
                // cold run are slow, and the reader should not wait for them
                .thenMany(parts.concatMap(part -> writePart(source, run, part), 4))
                .then(Mono.defer(() -> finish(target, runId, run)))
                // other replicas hear of the run when it commits
                .flatMap(counts -> notifications.announce(source, runId, run.published).thenReturn(counts));
        return tx.transactional(work)
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
                    if (!run.published.isEmpty()) {
                        feed.committed();
                    }
                });
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
        return db.sql("""
                        SELECT t.k FROM unnest(CAST(:keys AS text[]), CAST(:hashes AS text[])) AS t(k, h)
                        WHERE NOT EXISTS (SELECT 1 FROM entities e
                                          WHERE e.entity_key = t.k AND e.source = :source AND e.content_hash = t.h)""")
                .bind("keys", column(batch, IngestedEntity::key))
                .bind("hashes", column(batch, IngestedEntity::contentHash))
                .bind("source", source)
                .map(row -> row.get("k", String.class))
                .all()
                .collect(Collectors.toSet())
                .flatMap(differing -> differing.isEmpty() ? Mono.empty()
                        : writeChanged(source, run, batch.stream().filter(e -> differing.contains(e.key())).toList()));
    }

    /** Compares entities with the store and writes those that are new or changed. */
    private Mono<Void> writeChanged(String source, RunState run, List<IngestedEntity> entities) {
        if (entities.isEmpty()) {
            return Mono.empty();
        }
        return loadStored(entities).flatMap(stored -> {
            List<IngestedEntity> toWrite = new ArrayList<>();
            Set<String> updated = new HashSet<>();
            for (IngestedEntity entity : entities) {
                Stored existing = stored.get(entity.key());
                if (existing != null && !existing.source().equals(source)) {
                    run.claimedElsewhere.add(entity.key());
                    run.problems.add(Problem.error(entity.location(), entity.line(), entity.ref().toString(),
                            "Entity " + entity.ref() + " is already provided by source \"" + existing.source()
                                    + "\"; this definition is ignored"));
                } else if (existing == null || !existing.hash().equals(entity.contentHash())) {
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
            // A new entity has no relations of its own yet, unless its row vanished behind the writer's back:
            // looked for by index as usual, but not during a bulk load, which removed such orphans first.
            return dropIndexesForBulkLoad(run).then(Mono.defer(() -> upsert(source, toWrite,
                    run.restore.isEmpty() ? toWrite.stream().map(IngestedEntity::key).collect(Collectors.toSet()) : updated)));
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
                .then(Mono.defer(() -> restoreIndexes(run.restore)))
                .then(Mono.defer(() -> run.sourceHadEntities ? vanished(source, run) : Mono.just(Vanished.NONE)))
                .map(vanished -> guard(target, run, vanished))
                .flatMap(toDelete -> {
                    int failed = (int) run.problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
                    RunCounts counts = new RunCounts(run.filesRead, run.emitted.size(), run.created, run.updated,
                            toDelete.size(), failed);
                    // only the columns the queries below join on (a quarter of the time of the whole tables)
                    Mono<Void> analyze = large(counts)
                            ? db.sql("ANALYZE entities (entity_key, source), relations (origin_key, source_key, target_key)").then()
                            : Mono.empty();
                    return deleteEntities(source, toDelete, run.published)
                            .then(Mono.defer(() -> recordChanges(run.published)))
                            .then(analyze)
                            .then(replaceProblems(source, runId, run.problems))
                            .then(finishRun(runId, counts, run.revision))
                            .thenReturn(counts);
                });
    }

    /** The keys of the source's entities that the run no longer emits, of the {@code stored} it held. */
    private record Vanished(List<String> keys, long stored) {
        static final Vanished NONE = new Vanished(List.of(), 0);
    }

    /**
     * The source's stored entities this run did not emit, but for those that failed to read. When
     * the source holds exactly as many entities as the run emitted for it (none vanished, the usual
     * case), a count says so without reading every row back.
     */
    private Mono<Vanished> vanished(String source, RunState run) {
        long emittedHere = run.emitted.size() - run.claimedElsewhere.size();
        return db.sql("SELECT count(*) AS n FROM entities WHERE source = :source")
                .bind("source", source)
                .map(row -> row.get("n", Long.class))
                .one()
                .flatMap(stored -> stored == emittedHere ? Mono.just(new Vanished(List.of(), stored))
                        : storedButNotEmitted(source, run).map(keys -> new Vanished(keys, stored)));
    }

    private record StoredPlace(String key, String location, List<String> via) {
    }

    private Mono<List<String>> storedButNotEmitted(String source, RunState run) {
        return db.sql("SELECT entity_key, location, via FROM entities WHERE source = :source")
                .bind("source", source)
                .map(row -> new StoredPlace(row.get("entity_key", String.class), row.get("location", String.class),
                        List.of(row.get("via", String[].class))))
                .all()
                // never what failed to read: a refused entity, or one whose file or any Location file on the way to it
                // could not be read, keeps its last version
                .filter(row -> !run.emitted.contains(row.key()) && !run.rejectedKeys.contains(row.key())
                        && !run.failedLocations.contains(row.location())
                        && row.via().stream().noneMatch(run.failedLocations::contains))
                .map(StoredPlace::key)
                .collectList();
    }

    /**
     * Lets a run delete more than {@code stagehand.ingest.max-delete-ratio} of its source's entities
     * only when the operator confirmed it and the run read every file cleanly: a folder emptied by
     * a failed checkout or a glob that no longer matches looks the same as a real mass deletion.
     * Otherwise nothing is deleted and an ERROR problem says why.
     */
    private List<String> guard(RunTarget target, RunState run, Vanished vanished) {
        int count = vanished.keys().size();
        if (count == 0 || count <= maxDeleteRatio * vanished.stored()) {
            return vanished.keys();
        }
        boolean clean = run.failedLocations.isEmpty();
        if (target.deletionsConfirmed() && clean) {
            log.warn("Source " + target.source() + ": deleting " + count + " of " + vanished.stored() + " entities, as confirmed");
            return vanished.keys();
        }
        String message = String.format(java.util.Locale.ROOT,
                "This run would delete %d of the %d entities of source \"%s\", more than stagehand.ingest.max-delete-ratio (%s) allows;"
                        + " nothing was deleted. ", count, vanished.stored(), target.source(), maxDeleteRatio)
                + (target.deletionsConfirmed()
                        ? "The deletion was confirmed, but this run could not read every file, so it was not carried out."
                        : "If those entities are really gone, confirm with the mutation refreshSource(name: \"" + target.source()
                                + "\", confirmDeletions: true), or raise the setting.");
        log.warn("Source " + target.source() + ": " + message);
        run.problems.add(Problem.error(target.location(), 0, null, message));
        return List.of();
    }

    private Mono<Map<String, Stored>> loadStored(List<IngestedEntity> entities) {
        return db.sql("SELECT entity_key, source, content_hash FROM entities WHERE entity_key = ANY(CAST(:keys AS text[]))")
                .bind("keys", column(entities, IngestedEntity::key))
                .map(row -> Map.entry(row.get("entity_key", String.class),
                        new Stored(row.get("source", String.class), row.get("content_hash", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /**
     * A run that brings more relation rows than {@code stagehand.ingest.bulk-load-rows} and more than
     * the table held before (a first load, mostly) writes the rest without the secondary indexes and
     * the relations' primary key, and builds them at the end: several times faster than keeping them
     * up to date row by row (the writer deduplicates relations, so the key cannot be violated). The
     * table's size is PostgreSQL's estimate ({@code reltuples}, fresh after the ANALYZE of large
     * runs). The dropped indexes lock the two tables until the run commits (reads wait), and the
     * transaction brings them back whatever happens. Replacing the relations of an entity that was
     * already stored scans the table meanwhile, which a first load does not do.
     */
    private Mono<Void> dropIndexesForBulkLoad(RunState run) {
        if (run.relationRows < bulkLoadRows || !run.restore.isEmpty()) {
            return Mono.empty();
        }
        Mono<Long> before = run.relationRowsBefore != null ? Mono.just(run.relationRowsBefore)
                : db.sql("SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = CAST('relations' AS regclass)")
                        .map(row -> row.get("n", Long.class)).one()
                        .doOnNext(n -> run.relationRowsBefore = n);
        return before.flatMap(existing -> {
            if (existing >= run.relationRows) {
                return Mono.empty();
            }
            Flux<Map.Entry<String, String>> keys = db.sql("""
                            SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
                            WHERE conrelid = CAST('relations' AS regclass) AND contype IN ('p', 'u')""")
                    .map(row -> Map.entry(
                            "ALTER TABLE relations DROP CONSTRAINT " + quote(row.get("conname", String.class)),
                            "ALTER TABLE relations ADD CONSTRAINT " + quote(row.get("conname", String.class)) + " "
                                    + row.get("definition", String.class)))
                    .all();
            Flux<Map.Entry<String, String>> indexes = db.sql("""
                            SELECT indexname, indexdef FROM pg_indexes
                            WHERE schemaname = current_schema() AND tablename IN ('entities', 'relations')
                              AND indexname NOT IN (SELECT conname FROM pg_constraint)""")
                    .map(row -> Map.entry("DROP INDEX " + quote(row.get("indexname", String.class)), row.get("indexdef", String.class)))
                    .all();
            // relations whose entity vanished behind the writer's back would collide with its new ones
            Mono<Void> orphans = db.sql("DELETE FROM relations r WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = r.origin_key)")
                    .then();
            return orphans.then(keys.collectList().zipWith(indexes.collectList())).flatMap(found -> {
                List<Map.Entry<String, String>> all = new ArrayList<>(found.getT1());
                all.addAll(found.getT2());
                return Flux.fromIterable(all)
                        .concatMap(entry -> db.sql(entry.getKey()).then().thenReturn(entry.getValue()))
                        .collectList()
                        .doOnNext(restore -> run.restore = restore)
                        .then();
            });
        });
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private Mono<Void> restoreIndexes(List<String> statements) {
        if (statements.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SET LOCAL maintenance_work_mem = '256MB'").then()
                .thenMany(Flux.fromIterable(statements).concatMap(statement -> db.sql(statement).then()))
                .then();
    }

    /** Writes entities and their relations; the old relations of the entities in {@code replaced} go first. */
    private Mono<Void> upsert(String source, List<IngestedEntity> entities, Set<String> replaced) {
        return Flux.fromIterable(chunks(entities)).concatMap(chunk -> db.sql("""
                        INSERT INTO entities (entity_key, ref, descriptor, source, location, line, content_hash, via)
                        SELECT k, r, CAST(d AS jsonb), :source, l, n, h, string_to_array(v, chr(31))
                        FROM unnest(CAST(:keys AS text[]), CAST(:refs AS text[]), CAST(:descriptors AS text[]),
                                    CAST(:locations AS text[]), CAST(:lines AS int[]), CAST(:hashes AS text[]),
                                    CAST(:via AS text[])) AS t(k, r, d, l, n, h, v)
                        ON CONFLICT (entity_key) DO UPDATE SET
                            ref = excluded.ref, descriptor = excluded.descriptor, location = excluded.location,
                            line = excluded.line, content_hash = excluded.content_hash, via = excluded.via, updated_at = now()
                        WHERE entities.source = excluded.source""")
                .bind("source", source)
                .bind("keys", column(chunk, IngestedEntity::key))
                .bind("refs", column(chunk, e -> e.ref().toString()))
                .bind("descriptors", column(chunk, IngestedEntity::descriptorJson))
                .bind("locations", column(chunk, IngestedEntity::location))
                .bind("lines", chunk.stream().map(IngestedEntity::line).toArray(Integer[]::new))
                .bind("hashes", column(chunk, IngestedEntity::contentHash))
                // one string per entity (arrays of arrays must be rectangular), split on the unit separator
                .bind("via", column(chunk, e -> String.join("\u001f", e.via())))
                .then()
                .then(replaceRelations(chunk, replaced))).then();
    }

    private Mono<Void> replaceRelations(List<IngestedEntity> chunk, Set<String> replaced) {
        // Deduplicated here (an entity may emit the same relation twice), so the insert needs no ON CONFLICT:
        // the old rows are deleted first and every origin is in one chunk only. Speculative insertion made
        // ON CONFLICT DO NOTHING cost several times a plain insert.
        List<String[]> rows = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (IngestedEntity entity : chunk) {
            Set<List<String>> seen = new HashSet<>();
            // most relations start at their entity: its key and ref are formatted once
            String originKey = entity.key();
            String originRef = entity.ref().toString();
            for (Relation r : entity.relations()) {
                boolean fromOrigin = r.source().equals(entity.ref());
                String sourceKey = fromOrigin ? originKey : r.source().key();
                String targetKey = r.target().key();
                if (seen.add(List.of(sourceKey, r.type(), targetKey))) {
                    rows.add(new String[] {originKey, sourceKey, fromOrigin ? originRef : r.source().toString(), r.type(), targetKey,
                            r.target().toString()});
                }
            }
            if (replaced.contains(entity.key())) {
                origins.add(entity.key());
            }
        }
        Mono<Void> delete = origins.isEmpty() ? Mono.empty()
                : db.sql("DELETE FROM relations WHERE origin_key = ANY(CAST(:keys AS text[]))")
                        .bind("keys", origins.toArray(String[]::new))
                        .then();
        if (rows.isEmpty()) {
            return delete;
        }
        return delete.then(copyRelations(rows));
    }

    /**
     * Writes relation rows with {@code COPY} in PostgreSQL's binary format: each value goes as its
     * UTF-8 bytes, where an insert from arrays had the driver quote and escape every value into an
     * array literal and the server parse it back (the driver's thread used about 15 % less CPU in a
     * cold load of 100,000 entities).
     */
    private Mono<Void> copyRelations(List<String[]> rows) {
        // the buffer is made when the driver asks for it, and the driver releases it once sent
        return db.inConnection(connection -> postgres(connection).copyIn(
                        "COPY relations (origin_key, source_key, source_ref, type, target_key, target_ref) FROM STDIN (FORMAT binary)",
                        Mono.fromCallable(() -> BinaryCopy.rows(rows))))
                .then();
    }

    /** The driver's connection under the pool's and the transaction's wrappers. */
    private static PostgresqlConnection postgres(Connection connection) {
        PostgresqlConnection postgres = Unwrapping.find(connection, PostgresqlConnection.class);
        if (postgres == null) {
            throw new IllegalStateException("Not a connection of the PostgreSQL driver: " + connection);
        }
        return postgres;
    }

    private Mono<Void> deleteEntities(String source, List<String> keys, List<CatalogChange> published) {
        return Flux.fromIterable(chunks(keys)).concatMap(chunk -> db.sql("""
                        WITH gone AS (
                            DELETE FROM entities WHERE entity_key = ANY(CAST(:keys AS text[])) AND source = :source
                            RETURNING entity_key, ref),
                        relations_gone AS (DELETE FROM relations WHERE origin_key IN (SELECT entity_key FROM gone))
                        SELECT ref FROM gone""")
                .bind("keys", chunk.toArray(String[]::new))
                .bind("source", source)
                .map(row -> row.get("ref", String.class))
                .all()
                .doOnNext(ref -> published.add(new CatalogChange(source, ref, CatalogChange.Type.DELETED)))).then();
    }

    /**
     * Records the run's changes in the durable feed, in its transaction, and drops records older
     * than {@code stagehand.ingest.change-retention}.
     */
    private Mono<Void> recordChanges(List<CatalogChange> published) {
        Mono<Void> expire = db.sql("DELETE FROM entity_changes WHERE changed_at < now() - CAST(:retention AS interval)")
                .bind("retention", changeRetention.toSeconds() + " seconds")
                .then();
        if (published.isEmpty()) {
            return expire;
        }
        List<String[]> rows = new ArrayList<>(published.size());
        for (CatalogChange change : published) {
            rows.add(new String[] {change.source(), change.ref().toLowerCase(java.util.Locale.ROOT), change.ref(), change.type().name()});
        }
        return expire.then(db.inConnection(connection -> postgres(connection).copyIn(
                        "COPY entity_changes (source, entity_key, ref, type) FROM STDIN (FORMAT binary)",
                        Mono.fromCallable(() -> BinaryCopy.rows(rows))))
                .then());
    }

    private Mono<Void> replaceProblems(String source, long runId, List<Problem> problems) {
        Mono<Void> clear = db.sql("DELETE FROM problems WHERE source = :source").bind("source", source).then();
        Mono<Void> insert = Flux.fromIterable(chunks(problems)).concatMap(chunk -> db.sql("""
                        INSERT INTO problems (source, run_id, severity, location, line, entity_ref, message)
                        SELECT :source, :run, s, l, n, r, m
                        FROM unnest(CAST(:severities AS text[]), CAST(:locations AS text[]), CAST(:lines AS int[]),
                                    CAST(:refs AS text[]), CAST(:messages AS text[])) AS t(s, l, n, r, m)""")
                .bind("source", source)
                .bind("run", runId)
                .bind("severities", column(chunk, p -> p.severity().name()))
                .bind("locations", column(chunk, Problem::location))
                .bind("lines", chunk.stream().map(Problem::line).toArray(Integer[]::new))
                .bind("refs", column(chunk, Problem::entityRef))
                .bind("messages", column(chunk, Problem::message))
                .then()).then();
        // Backstage allows relations to entities that do not exist; they are kept and reported here.
        Mono<Void> dangling = db.sql("""
                        INSERT INTO problems (source, run_id, severity, location, line, entity_ref, message)
                        SELECT e.source, :run, 'WARNING', e.location, e.line, e.ref,
                               'Relation ' || r.type || ' points to ' || r.target_ref || ', which is not in the catalog'
                        FROM relations r JOIN entities e ON e.entity_key = r.origin_key
                        WHERE e.source = :source AND r.source_key = r.origin_key
                          AND NOT EXISTS (SELECT 1 FROM entities t WHERE t.entity_key = r.target_key)""")
                .bind("source", source)
                .bind("run", runId)
                .then();
        return clear.then(insert).then(dangling);
    }

    private Mono<Void> finishRun(long runId, RunCounts counts, String revision) {
        var spec = db.sql("""
                        UPDATE runs SET finished_at = clock_timestamp(), status = 'SUCCEEDED', files_read = :files, entities_read = :read,
                            changed = :changed, deleted = :deleted, failed = :failed, commit_id = :commit
                        WHERE id = :id""")
                .bind("id", runId)
                .bind("files", counts.filesRead())
                .bind("read", counts.entitiesRead())
                .bind("changed", counts.changed())
                .bind("deleted", counts.deleted())
                .bind("failed", counts.failed());
        spec = revision == null ? spec.bindNull("commit", String.class) : spec.bind("commit", revision);
        return spec.then();
    }

    private <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batchSize) {
            chunks.add(items.subList(i, Math.min(items.size(), i + batchSize)));
        }
        return chunks;
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
