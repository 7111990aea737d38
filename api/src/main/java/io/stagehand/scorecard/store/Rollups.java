package io.stagehand.scorecard.store;

import io.stagehand.catalog.store.FilterSql;
import io.stagehand.catalog.store.Visibility;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.graphql.Views.CheckPassRate;
import io.stagehand.scorecard.graphql.Views.LevelCount;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.graphql.Views.RollupView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Roll-ups of scorecard results: per scorecard, how many entities, their average, levels, failing
 * criticals and each check's pass rate. Many sets of results (a page of groups, each with its
 * own) are rolled up together in three statements, whatever their number.
 */
@Repository
public class Rollups {

    /** What the statements return for one set of results and one scorecard. */
    private static final class Sums {
        int entities;
        Double average;
        int critical;
        final Map<String, Integer> levels = new HashMap<>();
        final Map<String, int[]> checks = new HashMap<>();
    }

    private final DatabaseClient db;
    private final ScorecardDefinitions definitions;

    Rollups(DatabaseClient db, ScorecardDefinitions definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /**
     * For each filter, in order, a roll-up per scorecard: of the filter's scorecard (also when it has
     * no results), else of each scorecard with results, by name.
     */
    public Mono<List<List<RollupView>>> of(List<ResultFilter> filters) {
        if (filters.isEmpty()) {
            return Mono.just(List.of());
        }
        return Visibility.current().flatMap(visibility -> {
            FilterSql shared = new FilterSql("sr");
            List<ResultSql> wheres = filters.stream().map(f -> ResultSql.of(f, shared, visibility)).toList();
            // one map per filter: scorecard to its sums
            List<Map<String, Sums>> sums = filters.stream().map(f -> (Map<String, Sums>) new TreeMap<String, Sums>()).toList();
            Mono<Void> totals = run(shared, union(wheres.size(), i -> "SELECT " + i + " AS i, sr.scorecard, count(*) AS n, avg(sr.score) AS avg,"
                    + " count(*) FILTER (WHERE sr.worst_failing >= " + Weight.CRITICAL.rank() + ") AS critical FROM scorecard_results sr"
                    + wheres.get(i).where() + " GROUP BY sr.scorecard"), row -> {
                        Sums s = sums(sums, row);
                        s.entities = row.get("n", Long.class).intValue();
                        s.average = row.get("avg", Double.class);
                        s.critical = row.get("critical", Long.class).intValue();
                    });
            Mono<Void> levels = run(shared, union(wheres.size(), i -> "SELECT " + i + " AS i, sr.scorecard, sr.level, count(*) AS n"
                    + " FROM scorecard_results sr" + wheres.get(i).where() + " GROUP BY sr.scorecard, sr.level"),
                    row -> sums(sums, row).levels.put(String.valueOf(row.get("level", String.class)), row.get("n", Long.class).intValue()));
            Mono<Void> checks = run(shared, union(wheres.size(), i -> "SELECT " + i + " AS i, sr.scorecard, c.id, c.state, count(*) AS n"
                    + " FROM scorecard_results sr " + StoredChecks.STATE_ROWS + wheres.get(i).where() + " GROUP BY sr.scorecard, c.id, c.state"),
                    row -> sums(sums, row).checks.computeIfAbsent(row.get("id", String.class), k -> new int[CheckState.values().length])
                            [CheckState.valueOf(row.get("state", String.class)).ordinal()] += row.get("n", Long.class).intValue());
            return totals.then(levels).then(checks).then(Mono.fromSupplier(() -> IntStream.range(0, filters.size())
                    .mapToObj(i -> views(filters.get(i), sums.get(i))).toList()));
        });
    }

    private static Sums sums(List<Map<String, Sums>> sums, io.r2dbc.spi.Readable row) {
        return sums.get(row.get("i", Integer.class)).computeIfAbsent(row.get("scorecard", String.class), k -> new Sums());
    }

    /** The parts, each a statement of its own, as one: {@code (a) UNION ALL (b) ...}. */
    private static String union(int parts, IntFunction<String> part) {
        return IntStream.range(0, parts).mapToObj(i -> "(" + part.apply(i) + ")").collect(Collectors.joining(" UNION ALL "));
    }

    private Mono<Void> run(FilterSql shared, String sql, java.util.function.Consumer<io.r2dbc.spi.Readable> each) {
        var spec = db.sql(sql);
        for (Map.Entry<String, Object> value : shared.params().entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        // rows are applied one at a time, on the driver's thread, as they arrive
        return spec.map(row -> {
            each.accept(row);
            return Boolean.TRUE;
        }).all().then();
    }

    private List<RollupView> views(ResultFilter filter, Map<String, Sums> byScorecard) {
        List<RollupView> views = new ArrayList<>();
        if (filter.scorecard() != null) {
            views.add(view(filter.scorecard(), byScorecard.getOrDefault(filter.scorecard(), new Sums()), filter));
        } else {
            byScorecard.forEach((scorecard, sums) -> views.add(view(scorecard, sums, filter.withScorecard(scorecard))));
        }
        return views;
    }

    private RollupView view(String scorecard, Sums sums, ResultFilter filter) {
        Definitions.Scorecard definition = definitions.current().scorecards().get(scorecard);
        return new RollupView(scorecard, sums.entities, average(sums.entities, sums.average), levels(definition, l -> sums.levels.getOrDefault(String.valueOf(l), 0)),
                sums.critical, rates(definition, sums.checks::get), filter);
    }

    /** The average as served, to one decimal; null for no entities. */
    public static Double average(int entities, Double average) {
        return entities == 0 || average == null ? null : Math.round(average * 10) / 10.0;
    }

    /** Entities per level of the definition, lowest first, then those with none ({@code count} of null). */
    public static List<LevelCount> levels(Definitions.Scorecard definition, Function<String, Integer> count) {
        List<LevelCount> levels = new ArrayList<>();
        if (definition != null) {
            definition.levels().forEach(l -> levels.add(new LevelCount(l, count.apply(l))));
        }
        levels.add(new LevelCount(null, count.apply(null)));
        return levels;
    }

    /** Each check's pass rate, in definition order, from its entities per {@link CheckState} (ordinal order; null for none). */
    public static List<CheckPassRate> rates(Definitions.Scorecard definition, Function<String, int[]> states) {
        List<CheckPassRate> rates = new ArrayList<>();
        if (definition != null) {
            for (Definitions.Check check : definition.checks()) {
                int[] found = states.apply(check.id());
                int[] n = found == null ? new int[CheckState.values().length] : found;
                int pass = n[CheckState.PASS.ordinal()];
                int fail = n[CheckState.FAIL.ordinal()];
                int exempt = n[CheckState.EXEMPT.ordinal()];
                rates.add(new CheckPassRate(check.id(), check.category(), check.weight(), pass, fail, exempt, n[CheckState.UNKNOWN.ordinal()],
                        n[CheckState.ERROR.ordinal()], CheckPassRate.rate(pass, fail, exempt)));
            }
        }
        return rates;
    }
}
