package io.stagehand.catalog.store;

import static io.stagehand.catalog.store.Rows.intOf;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads of source runs: a source's recent runs, one run, and each source's latest state. */
@Repository
public class RunQueries {

    private final DatabaseClient db;

    public RunQueries(DatabaseClient db) {
        this.db = db;
    }

    public Flux<StoredRun> runs(String source, int limit) {
        return db.sql("SELECT * FROM runs WHERE source = :source ORDER BY id DESC LIMIT :limit")
                .bind("source", source)
                .bind("limit", limit)
                .map(row -> run(row))
                .all();
    }

    public Mono<StoredRun> run(long id) {
        return db.sql("SELECT * FROM runs WHERE id = :id").bind("id", id).map(row -> run(row)).one();
    }

    /** The latest runs of several sources, at most {@code perSource} each. */
    public Mono<Map<String, List<StoredRun>>> latestRuns(Collection<String> sources, int perSource) {
        return db.sql("""
                        SELECT * FROM (SELECT r.*, row_number() OVER (PARTITION BY source ORDER BY id DESC) AS rn
                                       FROM runs r WHERE source = ANY(CAST(:sources AS text[]))) x
                        WHERE rn <= :n ORDER BY source, id DESC""")
                .bind("sources", sources.toArray(String[]::new))
                .bind("n", perSource)
                .map(row -> run(row))
                .all()
                .collect(Collectors.groupingBy(StoredRun::source, LinkedHashMap::new, Collectors.toList()));
    }

    /** For each source that ever ran: its latest run and its latest successful one. */
    public Mono<Map<String, SourceState>> sourceStates() {
        return db.sql("""
                        SELECT DISTINCT ON (source) source, status, started_at, message,
                               (SELECT max(finished_at) FROM runs s WHERE s.source = r.source AND s.status = 'SUCCEEDED') AS last_success
                        FROM runs r ORDER BY source, id DESC""")
                .map(row -> new SourceState(row.get("source", String.class), row.get("status", String.class),
                        row.get("started_at", OffsetDateTime.class), row.get("last_success", OffsetDateTime.class),
                        row.get("message", String.class)))
                .all()
                .collectMap(SourceState::source);
    }

    private static StoredRun run(Readable row) {
        return new StoredRun(row.get("id", Long.class), row.get("source", String.class),
                row.get("started_at", OffsetDateTime.class), row.get("finished_at", OffsetDateTime.class),
                row.get("status", String.class), row.get("commit_id", String.class), intOf(row, "files_read"),
                intOf(row, "entities_read"), intOf(row, "changed"), intOf(row, "deleted"), intOf(row, "failed"),
                row.get("message", String.class));
    }
}
