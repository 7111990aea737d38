package io.stagehand.catalog.store;

import io.stagehand.catalog.CatalogProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
@Component
class BulkLoad {

    private final DatabaseClient db;
    private final int bulkLoadRows;

    BulkLoad(DatabaseClient db, CatalogProperties properties) {
        this.db = db;
        this.bulkLoadRows = properties.ingest().bulkLoadRows();
    }

    /** Drops the indexes if the run has become a bulk load, remembering in the run how to restore them. */
    Mono<Void> dropIndexesIfWorthIt(RunState run) {
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

    /** Builds again what {@link #dropIndexesIfWorthIt} dropped. */
    Mono<Void> restoreIndexes(RunState run) {
        if (run.restore.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SET LOCAL maintenance_work_mem = '256MB'").then()
                .thenMany(Flux.fromIterable(run.restore).concatMap(statement -> db.sql(statement).then()))
                .then();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
