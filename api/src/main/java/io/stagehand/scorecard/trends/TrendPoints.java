package io.stagehand.scorecard.trends;

import io.stagehand.model.Json;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.graphql.Views.CheckPassRate;
import io.stagehand.scorecard.graphql.Views.LevelCount;
import io.stagehand.scorecard.store.Rollups;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads one series of snapshots (a scorecard, whole or of one group) as points by day, week or
 * month. A week or month shows its last snapshot: a snapshot is a state (how many entities are at a
 * level), not a quantity that adds up, so the end of a period is what it reached, the same figure a
 * daily point shows for that day; an average would give fractional entities and blur a change made
 * late in the period.
 */
@Repository
class TrendPoints {

    /** The buckets points are grouped into; weeks start on Monday (ISO), days and months are UTC dates. */
    enum Interval {
        DAY, WEEK, MONTH
    }

    /**
     * One point: {@code date} is the start of its day, week or month, {@code takenOn} the day whose
     * snapshot it shows (the last one of that bucket).
     */
    record TrendPoint(LocalDate date, LocalDate takenOn, int entityCount, Double averageScore, List<LevelCount> levels, List<CheckPassRate> checks) {
    }

    private final DatabaseClient db;
    private final ScorecardDefinitions definitions;

    TrendPoints(DatabaseClient db, ScorecardDefinitions definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /** The points of the series from {@code since} (everything kept when null), oldest first. */
    Mono<List<TrendPoint>> of(String scorecard, String ownerKey, LocalDate since, Interval interval) {
        Definitions.Scorecard definition = definitions.current().scorecards().get(scorecard);
        // each bucket's last day first, from the primary key alone; then only those days' rows are read
        var spec = db.sql("""
                        SELECT b.bucket, t.day, t.entities, t.score_sum, CAST(t.levels AS text) AS levels, t.no_level, t.check_ids, t.check_counts
                        FROM (SELECT CAST(date_trunc(:unit, CAST(day AS timestamp)) AS date) AS bucket, max(day) AS day FROM scorecard_trends
                              WHERE scorecard = :scorecard AND owner_key = :owner""" + (since == null ? "" : " AND day >= :since") + """
                              GROUP BY 1) b
                        JOIN scorecard_trends t ON t.scorecard = :scorecard AND t.owner_key = :owner AND t.day = b.day
                        ORDER BY b.bucket""")
                .bind("unit", interval.name().toLowerCase(java.util.Locale.ROOT))
                .bind("scorecard", scorecard)
                .bind("owner", ownerKey);
        if (since != null) {
            spec = spec.bind("since", since);
        }
        return spec.map(row -> point(definition, row)).all().collectList();
    }

    private static TrendPoint point(Definitions.Scorecard definition, io.r2dbc.spi.Readable row) {
        int entities = row.get("entities", Integer.class);
        int noLevel = row.get("no_level", Integer.class);
        JsonNode levels = Json.MAPPER.readTree(row.get("levels", String.class));
        Map<String, int[]> checks = new HashMap<>();
        String[] ids = row.get("check_ids", String[].class);
        Integer[] counts = row.get("check_counts", Integer[].class);
        // five counts per check, in the order pass, fail, exempt, unknown, error: CheckState's
        int states = CheckState.values().length;
        for (int c = 0; c < ids.length; c++) {
            int[] n = new int[states];
            for (int s = 0; s < states; s++) {
                n[s] = counts[c * states + s];
            }
            checks.put(ids[c], n);
        }
        Double average = entities == 0 ? null : row.get("score_sum", Double.class) / entities;
        return new TrendPoint(row.get("bucket", LocalDate.class), row.get("day", LocalDate.class), entities, Rollups.average(entities, average),
                Rollups.levels(definition, l -> l == null ? noLevel : levels.path(l).asInt(0)), Rollups.rates(definition, checks::get));
    }
}
