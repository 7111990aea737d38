package io.stagehand.catalog.store;

import io.stagehand.model.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The records a run leaves: its row in {@code runs} and its source's problems. */
@Repository
public class RunRecords {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EntityRows rows;

    RunRecords(DatabaseClient db, TransactionalOperator tx, EntityRows rows) {
        this.db = db;
        this.tx = tx;
        this.rows = rows;
    }

    public Mono<Long> startRun(String source) {
        return db.sql("INSERT INTO runs (source, status) VALUES (:source, 'RUNNING') RETURNING id")
                .bind("source", source)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /**
     * Closes a run that could not read its source; the catalog and the problems of earlier runs are
     * left as they were, and the failure is a problem of its own (once, however often it repeats).
     */
    public Mono<Void> failRun(long runId, String source, String location, String message) {
        Problem problem = Problem.error(location, 0, null, message);
        Mono<Void> work = db.sql("""
                        UPDATE runs SET finished_at = clock_timestamp(), status = 'FAILED', message = :message, failed = 1
                        WHERE id = :id""")
                .bind("id", runId).bind("message", problem.message()).then()
                .then(db.sql("""
                                INSERT INTO problems (source, run_id, severity, location, line, message)
                                SELECT :source, :run, 'ERROR', :location, 0, :message
                                WHERE NOT EXISTS (SELECT 1 FROM problems WHERE source = :source AND severity = 'ERROR'
                                                  AND location = :location AND line = 0 AND entity_ref IS NULL AND message = :message)""")
                        .bind("source", source).bind("run", runId).bind("location", location).bind("message", problem.message())
                        .then());
        return tx.transactional(work);
    }

    Mono<Void> succeeded(long runId, RunCounts counts, String revision) {
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

    private record StoredProblemRow(long id, Problem problem) {
    }

    /**
     * Makes the source's problems those the run found, plus a warning per relation to an entity
     * not in the catalog (Backstage keeps such relations). A problem found again keeps its row and
     * the time it was first recorded, only moving to this run (which retention keeps while it is
     * the source's newest success); one found twice in one run is recorded once.
     */
    Mono<Void> replaceProblems(String source, long runId, List<Problem> found) {
        Flux<Problem> dangling = db.sql("""
                        SELECT e.location, e.line, e.ref,
                               'Relation ' || r.type || ' points to ' || r.target_ref || ', which is not in the catalog' AS message
                        FROM relations r JOIN entities e ON e.entity_key = r.origin_key
                        WHERE e.source = :source AND r.source_key = r.origin_key
                          AND NOT EXISTS (SELECT 1 FROM entities t WHERE t.entity_key = r.target_key)""")
                .bind("source", source)
                .map(row -> Problem.warning(row.get("location", String.class), row.get("line", Integer.class),
                        row.get("ref", String.class), row.get("message", String.class)))
                .all();
        Flux<StoredProblemRow> stored = db.sql("SELECT id, severity, location, line, entity_ref, message FROM problems WHERE source = :source")
                .bind("source", source)
                .map(row -> new StoredProblemRow(row.get("id", Long.class), new Problem(
                        Problem.Severity.valueOf(row.get("severity", String.class)), row.get("location", String.class),
                        row.get("line", Integer.class), row.get("entity_ref", String.class), row.get("message", String.class))))
                .all();
        return dangling.collectList().zipWith(stored.collectList()).flatMap(both -> {
            Set<Problem> wanted = new LinkedHashSet<>(found);
            wanted.addAll(both.getT1());
            Set<Problem> kept = new HashSet<>();
            List<Long> stale = new ArrayList<>();
            List<Long> again = new ArrayList<>();
            for (StoredProblemRow row : both.getT2()) {
                if (wanted.contains(row.problem()) && kept.add(row.problem())) {
                    again.add(row.id());
                } else {
                    stale.add(row.id());
                }
            }
            List<Problem> added = wanted.stream().filter(problem -> !kept.contains(problem)).toList();
            Mono<Void> delete = stale.isEmpty() ? Mono.empty()
                    : db.sql("DELETE FROM problems WHERE id = ANY(CAST(:ids AS bigint[]))").bind("ids", stale.toArray(Long[]::new)).then();
            Mono<Void> move = again.isEmpty() ? Mono.empty()
                    : db.sql("UPDATE problems SET run_id = :run WHERE id = ANY(CAST(:ids AS bigint[])) AND run_id IS DISTINCT FROM :run")
                            .bind("run", runId).bind("ids", again.toArray(Long[]::new)).then();
            return delete.then(move).then(insert(source, runId, added));
        });
    }

    private Mono<Void> insert(String source, long runId, List<Problem> problems) {
        return Flux.fromIterable(rows.chunks(problems)).concatMap(chunk -> db.sql("""
                        INSERT INTO problems (source, run_id, severity, location, line, entity_ref, message)
                        SELECT :source, :run, s, l, n, r, m
                        FROM unnest(CAST(:severities AS text[]), CAST(:locations AS text[]), CAST(:lines AS int[]),
                                    CAST(:refs AS text[]), CAST(:messages AS text[])) AS t(s, l, n, r, m)""")
                .bind("source", source)
                .bind("run", runId)
                .bind("severities", EntityRows.column(chunk, p -> p.severity().name()))
                .bind("locations", EntityRows.column(chunk, Problem::location))
                .bind("lines", chunk.stream().map(Problem::line).toArray(Integer[]::new))
                .bind("refs", EntityRows.column(chunk, Problem::entityRef))
                .bind("messages", EntityRows.column(chunk, Problem::message))
                .then()).then();
    }

    /** Removes every problem of a source that is gone. */
    Mono<Void> forget(String source) {
        return db.sql("DELETE FROM problems WHERE source = :source").bind("source", source).then();
    }
}
