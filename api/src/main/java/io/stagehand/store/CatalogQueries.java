package io.stagehand.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads of the catalog: every method answers for many keys in one statement. */
@Repository
public class CatalogQueries {

    private static final String ENTITY_COLUMNS = "entity_key, ref, kind, namespace, name, title, description, source, location, line";

    private final DatabaseClient db;

    public CatalogQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<StoredEntity> entity(String key) {
        return db.sql("SELECT " + ENTITY_COLUMNS + " FROM entities WHERE entity_key = :key")
                .bind("key", key)
                .map(row -> entity(row))
                .one();
    }

    /** A page of entities ordered by key, after the given key, optionally of some kinds. */
    public Flux<StoredEntity> page(List<String> kinds, String afterKey, int limit) {
        return db.sql("SELECT " + ENTITY_COLUMNS + " FROM entities"
                        + " WHERE (CAST(:kinds AS text[]) IS NULL OR lower(kind) = ANY(CAST(:kinds AS text[])))"
                        + " AND entity_key > :after ORDER BY entity_key LIMIT :limit")
                .bind("kinds", lowerOrNull(kinds))
                .bind("after", afterKey == null ? "" : afterKey)
                .bind("limit", limit)
                .map(row -> entity(row))
                .all();
    }

    public Mono<Long> count(List<String> kinds) {
        return db.sql("SELECT count(*) AS n FROM entities"
                        + " WHERE (CAST(:kinds AS text[]) IS NULL OR lower(kind) = ANY(CAST(:kinds AS text[])))")
                .bind("kinds", lowerOrNull(kinds))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Outgoing relations of each entity, deduplicated across the entities that emitted them. */
    public Mono<Map<String, List<StoredRelation>>> relationsFrom(Collection<String> keys) {
        return db.sql("""
                        SELECT DISTINCT ON (source_key, type, target_key) source_key, source_ref, type, target_key, target_ref
                        FROM relations WHERE source_key = ANY(CAST(:keys AS text[]))
                        ORDER BY source_key, type, target_key""")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> new StoredRelation(row.get("source_key", String.class), row.get("source_ref", String.class),
                        row.get("type", String.class), row.get("target_key", String.class), row.get("target_ref", String.class)))
                .all()
                .collect(Collectors.groupingBy(StoredRelation::sourceKey));
    }

    public Flux<StoredRun> runs(String source, int limit) {
        return db.sql("SELECT * FROM runs WHERE source = :source ORDER BY id DESC LIMIT :limit")
                .bind("source", source)
                .bind("limit", limit)
                .map(row -> new StoredRun(row.get("id", Long.class), row.get("source", String.class),
                        row.get("started_at", java.time.OffsetDateTime.class), row.get("finished_at", java.time.OffsetDateTime.class),
                        row.get("status", String.class), row.get("commit_id", String.class), intOf(row, "files_read"),
                        intOf(row, "entities_read"), intOf(row, "changed"), intOf(row, "deleted"), intOf(row, "failed"),
                        row.get("message", String.class)))
                .all();
    }

    public Flux<StoredProblem> problems(String source, String entityKey, int limit) {
        return db.sql("""
                        SELECT * FROM problems
                        WHERE (CAST(:source AS text) IS NULL OR source = :source)
                          AND (CAST(:entity AS text) IS NULL OR lower(entity_ref) = :entity)
                        ORDER BY id LIMIT :limit""")
                .bind("source", Parameter.fromOrEmpty(source, String.class))
                .bind("entity", Parameter.fromOrEmpty(entityKey, String.class))
                .bind("limit", limit)
                .map(row -> new StoredProblem(row.get("id", Long.class), row.get("source", String.class), row.get("run_id", Long.class),
                        row.get("severity", String.class), row.get("location", String.class), intOf(row, "line"),
                        row.get("entity_ref", String.class), row.get("message", String.class),
                        row.get("created_at", java.time.OffsetDateTime.class)))
                .all();
    }

    /** For each source that ever ran: its latest run and its latest successful one. */
    public Mono<Map<String, SourceState>> sourceStates() {
        return db.sql("""
                        SELECT DISTINCT ON (source) source, status, started_at, message,
                               (SELECT max(finished_at) FROM runs s WHERE s.source = r.source AND s.status = 'SUCCEEDED') AS last_success
                        FROM runs r ORDER BY source, id DESC""")
                .map(row -> new SourceState(row.get("source", String.class), row.get("status", String.class),
                        row.get("started_at", java.time.OffsetDateTime.class), row.get("last_success", java.time.OffsetDateTime.class),
                        row.get("message", String.class)))
                .all()
                .collectMap(SourceState::source);
    }

    public Mono<Map<String, Long>> entityCountsBySource() {
        return db.sql("SELECT source, count(*) AS n FROM entities GROUP BY source")
                .map(row -> Map.entry(row.get("source", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static Object lowerOrNull(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Parameter.empty(String[].class);
        }
        return values.stream().map(v -> v.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    }

    private static int intOf(Readable row, String column) {
        Integer value = row.get(column, Integer.class);
        return value == null ? 0 : value;
    }

    static StoredEntity entity(Readable row) {
        return new StoredEntity(row.get("entity_key", String.class), row.get("ref", String.class), row.get("kind", String.class),
                row.get("namespace", String.class), row.get("name", String.class), row.get("title", String.class),
                row.get("description", String.class), row.get("source", String.class), row.get("location", String.class),
                intOf(row, "line"));
    }
}
