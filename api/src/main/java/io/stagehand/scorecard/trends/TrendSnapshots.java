package io.stagehand.scorecard.trends;

import io.stagehand.model.RelationTypes;
import io.stagehand.scorecard.ScorecardProperties;
import io.stagehand.scorecard.store.StoredChecks;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes a day's snapshot of the stored results in one statement, whatever the number of entities
 * and groups: each scorecard's sums per directly owning group, added up over each group's ancestors
 * (the groups above it through {@code parentOf}, the relations the owner filter follows down), and
 * the whole scorecard's. Taking a day again replaces its rows; days older than the retention go.
 * The day is the UTC date of the clock, a {@link Clock} bean where one is defined. Other snapshots
 * ({@link Part} beans) are taken with it, in the same transaction.
 */
@Repository
public class TrendSnapshots {

    /** What one snapshot wrote and pruned. */
    public record Snapshot(LocalDate day, long rows, long pruned) {
    }

    /**
     * Another daily snapshot taken with this one, in its transaction (a campaign's progress): it
     * replaces the day's rows and deletes those before {@code oldest}, as the trends' rows are.
     */
    public interface Part {
        Mono<Void> take(LocalDate day, LocalDate oldest);
    }

    // Sums per directly owning group are added up over its ancestors: exact because an entity has
    // one owner (spec.owner), and the ancestor pairs are distinct (UNION), so no entity counts twice.
    private static final String TAKE = """
            WITH RECURSIVE
            owners AS (SELECT DISTINCT source_key, target_key FROM relations WHERE type = '%1$s' AND target_key LIKE 'group:%%'),
            owned AS (SELECT sr.scorecard, o.target_key AS owner_key, sr.score, sr.level, sr.states
                      FROM scorecard_results sr JOIN owners o ON o.source_key = sr.entity_key),
            ancestors(d, a) AS (
                SELECT DISTINCT owner_key, owner_key FROM owned
                UNION
                SELECT g.d, r.source_key FROM ancestors g JOIN relations r ON r.target_key = g.a AND r.type = '%2$s'),
            direct AS (SELECT scorecard, owner_key, count(*) AS n, sum(score) AS score_sum, count(*) FILTER (WHERE level IS NULL) AS no_level
                       FROM owned GROUP BY 1, 2),
            direct_levels AS (SELECT scorecard, owner_key, level, count(*) AS n FROM owned WHERE level IS NOT NULL GROUP BY 1, 2, 3),
            direct_checks AS (SELECT sr.scorecard, sr.owner_key, c.id, c.state, count(*) AS n FROM owned sr %3$s GROUP BY 1, 2, 3, 4),
            totals AS (
                SELECT d.scorecard, g.a AS owner_key, sum(d.n) AS n, sum(d.score_sum) AS score_sum, sum(d.no_level) AS no_level
                FROM direct d JOIN ancestors g ON g.d = d.owner_key GROUP BY 1, 2
                UNION ALL
                SELECT scorecard, '', count(*), sum(score), count(*) FILTER (WHERE level IS NULL) FROM scorecard_results GROUP BY 1),
            levels AS (
                SELECT scorecard, owner_key, jsonb_object_agg(level, n) AS levels FROM (
                    SELECT l.scorecard, g.a AS owner_key, l.level, sum(l.n) AS n
                    FROM direct_levels l JOIN ancestors g ON g.d = l.owner_key GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT scorecard, '', level, count(*) FROM scorecard_results WHERE level IS NOT NULL GROUP BY 1, 3) x
                GROUP BY 1, 2),
            check_states AS (
                SELECT c.scorecard, g.a AS owner_key, c.id, c.state, c.n FROM direct_checks c JOIN ancestors g ON g.d = c.owner_key
                UNION ALL
                SELECT sr.scorecard, '', c.id, c.state, 1 FROM scorecard_results sr %3$s),
            per_check AS (
                SELECT scorecard, owner_key, id,
                       coalesce(sum(n) FILTER (WHERE state = 'PASS'), 0) AS pass, coalesce(sum(n) FILTER (WHERE state = 'FAIL'), 0) AS fail,
                       coalesce(sum(n) FILTER (WHERE state = 'EXEMPT'), 0) AS exempt,
                       coalesce(sum(n) FILTER (WHERE state = 'UNKNOWN'), 0) AS unknown,
                       coalesce(sum(n) FILTER (WHERE state = 'ERROR'), 0) AS error
                FROM check_states GROUP BY 1, 2, 3),
            checks AS (
                SELECT scorecard, owner_key, array_agg(id ORDER BY id) FILTER (WHERE k = 1) AS ids,
                       array_agg(CAST(n AS integer) ORDER BY id, k) AS counts
                FROM per_check CROSS JOIN LATERAL unnest(ARRAY[pass, fail, exempt, unknown, error]) WITH ORDINALITY AS u(n, k)
                GROUP BY 1, 2)
            INSERT INTO scorecard_trends (scorecard, owner_key, day, entities, score_sum, levels, no_level, check_ids, check_counts)
            SELECT t.scorecard, t.owner_key, :day, CAST(t.n AS integer), t.score_sum, coalesce(l.levels, '{}'), CAST(t.no_level AS integer),
                   coalesce(c.ids, '{}'), coalesce(c.counts, '{}')
            FROM totals t LEFT JOIN levels l USING (scorecard, owner_key) LEFT JOIN checks c USING (scorecard, owner_key)
            ON CONFLICT (scorecard, owner_key, day) DO UPDATE SET entities = excluded.entities, score_sum = excluded.score_sum,
                levels = excluded.levels, no_level = excluded.no_level, check_ids = excluded.check_ids, check_counts = excluded.check_counts"""
            .formatted(RelationTypes.OWNED_BY, RelationTypes.PARENT_OF, StoredChecks.STATE_ROWS);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ScorecardProperties.Trends settings;
    private final Clock clock;
    private final List<Part> parts;

    TrendSnapshots(DatabaseClient db, TransactionalOperator tx, ScorecardProperties properties, ObjectProvider<Clock> clock,
            ObjectProvider<Part> parts) {
        this.db = db;
        this.tx = tx;
        this.settings = properties.trends();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.parts = parts.orderedStream().toList();
    }

    /** Today, in UTC, by the clock. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    /**
     * Takes the snapshot of {@code day} from the results stored now, replacing that day's rows, and
     * deletes the days more than the retention before it.
     */
    public Mono<Snapshot> take(LocalDate day) {
        // the day's rows go first, so a group or scorecard with no results any more has none that day
        Mono<Long> replaced = db.sql("DELETE FROM scorecard_trends WHERE day = :day").bind("day", day).fetch().rowsUpdated()
                .then(db.sql(TAKE).bind("day", day).fetch().rowsUpdated());
        LocalDate oldest = day.minusDays(settings.retention().toDays());
        Mono<Long> pruned = db.sql("DELETE FROM scorecard_trends WHERE day < :oldest")
                .bind("oldest", oldest).fetch().rowsUpdated();
        Mono<Void> others = Flux.fromIterable(parts).concatMap(part -> part.take(day, oldest)).then();
        return tx.transactional(replaced.flatMap(rows -> pruned.flatMap(gone -> others.thenReturn(new Snapshot(day, rows, gone)))));
    }
}
