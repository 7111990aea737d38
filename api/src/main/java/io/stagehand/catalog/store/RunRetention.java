package io.stagehand.catalog.store;

import io.stagehand.catalog.CatalogProperties;
import io.stagehand.postgres.RunnerLocks;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the run records and the problems of past runs bounded ({@code stagehand.retention.*}):
 * a run goes once it is older than the maximum age or has more newer runs of its source than the
 * maximum count, with the problems it recorded. Each source's newest run and newest successful run
 * stay whatever their age, so a source that has failed for long still shows its last success and the
 * problems of the catalog it serves. One replica cleans at a time (the lock named {@value #LOCK}).
 */
@Component
public class RunRetention {

    private static final Log log = LogFactory.getLog(RunRetention.class);
    static final String LOCK = "stagehand:retention";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final RunnerLocks locks;
    private final CatalogProperties.Retention settings;
    private Disposable schedule;

    public RunRetention(DatabaseClient db, TransactionalOperator tx, RunnerLocks locks, CatalogProperties properties) {
        this.db = db;
        this.tx = tx;
        this.locks = locks;
        this.settings = properties.retention();
    }

    /** What one clean-up deleted. */
    public record Cleaned(long runs, long problems) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        schedule = Flux.interval(settings.interval(), settings.interval())
                .onBackpressureDrop()
                .concatMap(tick -> locks.tryAcquire(LOCK)
                        .flatMap(held -> held ? clean(settings.maxRunsPerSource(), settings.maxAge()) : Mono.<Cleaned>empty())
                        .onErrorResume(e -> {
                            log.warn("Cleaning old runs and problems failed (tried again in " + settings.interval() + "): " + e.getMessage());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    /** Deletes the runs (and their problems) past the limits, and problems of no run older than the age. */
    public Mono<Cleaned> clean(int maxRunsPerSource, Duration maxAge) {
        double seconds = maxAge.toMillis() / 1000.0;
        Mono<Cleaned> runs = db.sql("""
                        WITH ranked AS (
                            SELECT id, status, coalesce(finished_at, started_at) AS at,
                                   row_number() OVER (PARTITION BY source ORDER BY id DESC) AS newer,
                                   max(id) FILTER (WHERE status = 'SUCCEEDED') OVER (PARTITION BY source) AS last_success
                            FROM runs),
                        doomed AS (
                            SELECT id FROM ranked
                            WHERE newer > 1 AND id IS DISTINCT FROM last_success
                              AND (newer > :max_runs OR at < now() - make_interval(secs => :seconds))
                              -- a run still going is left alone, unless it is so old that its replica is surely gone
                              AND (status <> 'RUNNING' OR at < now() - make_interval(secs => :seconds))),
                        problems_gone AS (DELETE FROM problems WHERE run_id IN (SELECT id FROM doomed) RETURNING 1),
                        runs_gone AS (DELETE FROM runs WHERE id IN (SELECT id FROM doomed) RETURNING 1)
                        SELECT (SELECT count(*) FROM runs_gone) AS runs, (SELECT count(*) FROM problems_gone) AS problems""")
                .bind("max_runs", maxRunsPerSource)
                .bind("seconds", seconds)
                .map(row -> new Cleaned(row.get("runs", Long.class), row.get("problems", Long.class)))
                .one();
        // problems kept without their run (its record was deleted by other means)
        Mono<Long> orphans = db.sql("DELETE FROM problems WHERE run_id IS NULL AND created_at < now() - make_interval(secs => :seconds)")
                .bind("seconds", seconds)
                .fetch().rowsUpdated();
        return tx.transactional(runs.flatMap(cleaned -> orphans.map(n -> new Cleaned(cleaned.runs(), cleaned.problems() + n))))
                .doOnNext(cleaned -> {
                    if (cleaned.runs() + cleaned.problems() > 0) {
                        log.info("Retention: deleted " + cleaned.runs() + " runs and " + cleaned.problems() + " problems"
                                + " (older than " + maxAge + " or past " + maxRunsPerSource + " runs per source)");
                    }
                });
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
