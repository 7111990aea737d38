package io.stagehand.store;

import io.stagehand.catalog.Relation;
import io.stagehand.ingest.IngestedEntity;
import io.stagehand.ingest.Problem;
import io.stagehand.ingest.ReadResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes the result of a source run in one transaction: upserts the entities whose content hash
 * changed, replaces their relations, deletes what the source no longer emits (never what failed
 * to read), replaces the source's problems and closes the run record.
 */
@Repository
public class CatalogWriter {

    private static final long WRITE_LOCK = 0x5354414745L;
    private static final int ANALYZE_AFTER = 1000;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final int batchSize;
    private final int bulkLoadRows;
    private final CatalogCache cache;
    private final Sinks.Many<CatalogChange> changes = Sinks.many().multicast().directBestEffort();

    public CatalogWriter(DatabaseClient db, TransactionalOperator tx, io.stagehand.config.StagehandProperties properties,
            CatalogCache cache) {
        this.db = db;
        this.tx = tx;
        this.cache = cache;
        this.batchSize = properties.ingest().writeBatchSize();
        this.bulkLoadRows = properties.ingest().bulkLoadRows();
    }

    /** Entity changes as they commit; hot, so late subscribers see only later changes. */
    public Flux<CatalogChange> changes() {
        return changes.asFlux();
    }

    /** How many subscribers listen to {@link #changes()} now. */
    public int changeSubscribers() {
        return changes.currentSubscriberCount();
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
                        UPDATE runs SET finished_at = now(), status = 'FAILED', message = :message, failed = 1
                        WHERE id = :id""")
                .bind("id", runId).bind("message", message).then()
                .then(db.sql("""
                                INSERT INTO problems (source, run_id, severity, location, line, message)
                                VALUES (:source, :run, 'ERROR', :location, 0, :message)""")
                        .bind("source", source).bind("run", runId).bind("location", location).bind("message", message)
                        .then());
        return tx.transactional(work);
    }

    private record Stored(String source, String hash, String location) {
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

    public Mono<RunCounts> apply(String source, long runId, ReadResult result) {
        List<String> keys = result.entities().stream().map(IngestedEntity::key).toList();
        List<CatalogChange> published = new ArrayList<>();
        // One writer at a time, across replicas too: two sources claiming the same ref must not interleave.
        Mono<Void> lock = db.sql("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")").then();
        Mono<RunCounts> work = lock.then(loadStored(source, keys)).flatMap(stored -> {
            List<Problem> problems = new ArrayList<>(result.problems());
            List<IngestedEntity> toWrite = new ArrayList<>();
            int created = 0;
            for (IngestedEntity entity : result.entities()) {
                Stored existing = stored.get(entity.key());
                if (existing != null && !existing.source().equals(source)) {
                    problems.add(Problem.error(entity.location(), entity.line(), entity.ref().toString(),
                            "Entity " + entity.ref() + " is already provided by source \"" + existing.source()
                                    + "\"; this definition is ignored"));
                } else if (existing == null || !existing.hash().equals(entity.contentHash())) {
                    if (!entity.hasContent()) {
                        return Mono.error(new UnreadEntityException(entity.ref().toString(), entity.location()));
                    }
                    toWrite.add(entity);
                    created += existing == null ? 1 : 0;
                    published.add(new CatalogChange(source, entity.ref().toString(),
                            existing == null ? CatalogChange.Type.CREATED : CatalogChange.Type.UPDATED));
                }
            }
            Set<String> emitted = new HashSet<>(keys);
            List<String> toDelete = new ArrayList<>();
            stored.forEach((key, row) -> {
                if (row.source().equals(source) && !emitted.contains(key) && !result.rejectedKeys().contains(key)
                        && !result.failedLocations().contains(row.location())) {
                    toDelete.add(key);
                }
            });
            int failed = (int) problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
            RunCounts counts = new RunCounts(result.filesRead(), result.entities().size(), created,
                    toWrite.size() - created, toDelete.size(), failed);
            int relationRows = toWrite.stream().mapToInt(e -> e.relations().size()).sum();
            return dropIndexesForBulkLoad(relationRows)
                    .flatMap(dropped -> upsert(source, toWrite).then(createIndexes(dropped)))
                    .then(deleteEntities(source, toDelete, published))
                    .then(replaceProblems(source, runId, problems))
                    .then(finishRun(runId, counts, result.revision()))
                    .thenReturn(counts);
        });
        return tx.transactional(work)
                // Emptied once the change is visible; also when the outcome is unknown (error, cancel).
                .doOnNext(counts -> {
                    if (counts.changed() + counts.deleted() > 0) {
                        cache.invalidate();
                    }
                })
                .doOnError(e -> cache.invalidate())
                .doOnCancel(cache::invalidate)
                .flatMap(counts -> counts.changed() + counts.deleted() >= ANALYZE_AFTER
                        // Fresh statistics after a bulk change, or the planner guesses row counts of an empty catalog.
                        ? db.sql("ANALYZE entities, relations").then().thenReturn(counts)
                        : Mono.just(counts))
                .doOnSuccess(counts -> published.forEach(change ->
                        changes.emitNext(change, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)))));
    }

    private Mono<Map<String, Stored>> loadStored(String source, List<String> keys) {
        return db.sql("""
                        SELECT entity_key, source, content_hash, location FROM entities
                        WHERE source = :source OR entity_key = ANY(CAST(:keys AS text[]))""")
                .bind("source", source)
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> Map.entry(row.get("entity_key", String.class),
                        new Stored(row.get("source", String.class), row.get("content_hash", String.class), row.get("location", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /**
     * A run that brings more relation rows than {@code stagehand.ingest.bulk-load-rows} and more than
     * the table holds (a first load, mostly) writes without the secondary indexes and builds them
     * afterwards, three times faster than keeping them up to date row by row. The dropped indexes
     * lock the two tables until the run commits (reads wait), and the transaction brings them back
     * whatever happens. Returns the definitions of the dropped indexes.
     */
    private Mono<List<String>> dropIndexesForBulkLoad(int relationRows) {
        if (relationRows < bulkLoadRows) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT count(*) AS n FROM relations").map(row -> row.get("n", Long.class)).one().flatMap(existing -> {
            if (existing >= relationRows) {
                return Mono.just(List.<String>of());
            }
            return db.sql("""
                            SELECT indexname, indexdef FROM pg_indexes
                            WHERE schemaname = current_schema() AND tablename IN ('entities', 'relations')
                              AND indexname NOT IN (SELECT conname FROM pg_constraint)""")
                    .map(row -> Map.entry(row.get("indexname", String.class), row.get("indexdef", String.class)))
                    .all()
                    .concatMap(index -> db.sql("DROP INDEX \"" + index.getKey().replace("\"", "\"\"") + "\"").then().thenReturn(index.getValue()))
                    .collectList();
        });
    }

    private Mono<Void> createIndexes(List<String> definitions) {
        if (definitions.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SET LOCAL maintenance_work_mem = '256MB'").then()
                .thenMany(Flux.fromIterable(definitions).concatMap(definition -> db.sql(definition).then()))
                .then();
    }

    private Mono<Void> upsert(String source, List<IngestedEntity> entities) {
        return Flux.fromIterable(chunks(entities)).concatMap(chunk -> db.sql("""
                        INSERT INTO entities (entity_key, ref, descriptor, source, location, line, content_hash)
                        SELECT k, r, CAST(d AS jsonb), :source, l, n, h
                        FROM unnest(CAST(:keys AS text[]), CAST(:refs AS text[]), CAST(:descriptors AS text[]),
                                    CAST(:locations AS text[]), CAST(:lines AS int[]), CAST(:hashes AS text[])) AS t(k, r, d, l, n, h)
                        ON CONFLICT (entity_key) DO UPDATE SET
                            ref = excluded.ref, descriptor = excluded.descriptor, location = excluded.location,
                            line = excluded.line, content_hash = excluded.content_hash, updated_at = now()
                        WHERE entities.source = excluded.source""")
                .bind("source", source)
                .bind("keys", column(chunk, IngestedEntity::key))
                .bind("refs", column(chunk, e -> e.ref().toString()))
                .bind("descriptors", column(chunk, IngestedEntity::descriptorJson))
                .bind("locations", column(chunk, IngestedEntity::location))
                .bind("lines", chunk.stream().map(IngestedEntity::line).toArray(Integer[]::new))
                .bind("hashes", column(chunk, IngestedEntity::contentHash))
                .then()
                .then(replaceRelations(chunk))).then();
    }

    private Mono<Void> replaceRelations(List<IngestedEntity> chunk) {
        // Deduplicated here (an entity may emit the same relation twice), so the insert needs no ON CONFLICT:
        // the chunk's old rows are deleted first and every origin is in one chunk only. Speculative
        // insertion made ON CONFLICT DO NOTHING cost several times a plain insert.
        List<String[]> rows = new ArrayList<>();
        for (IngestedEntity entity : chunk) {
            Set<List<String>> seen = new HashSet<>();
            for (Relation r : entity.relations()) {
                if (seen.add(List.of(r.source().key(), r.type(), r.target().key()))) {
                    rows.add(new String[] {entity.key(), r.source().key(), r.source().toString(), r.type(), r.target().key(), r.target().toString()});
                }
            }
        }
        Mono<Void> delete = db.sql("DELETE FROM relations WHERE origin_key = ANY(CAST(:keys AS text[]))")
                .bind("keys", column(chunk, IngestedEntity::key))
                .then();
        if (rows.isEmpty()) {
            return delete;
        }
        return delete.then(db.sql("""
                        INSERT INTO relations (origin_key, source_key, source_ref, type, target_key, target_ref)
                        SELECT * FROM unnest(CAST(:origins AS text[]), CAST(:sourceKeys AS text[]), CAST(:sourceRefs AS text[]),
                                             CAST(:types AS text[]), CAST(:targetKeys AS text[]), CAST(:targetRefs AS text[]))""")
                .bind("origins", column(rows, r -> r[0]))
                .bind("sourceKeys", column(rows, r -> r[1]))
                .bind("sourceRefs", column(rows, r -> r[2]))
                .bind("types", column(rows, r -> r[3]))
                .bind("targetKeys", column(rows, r -> r[4]))
                .bind("targetRefs", column(rows, r -> r[5]))
                .then());
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
                        UPDATE runs SET finished_at = now(), status = 'SUCCEEDED', files_read = :files, entities_read = :read,
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
