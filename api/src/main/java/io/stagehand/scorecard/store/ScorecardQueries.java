package io.stagehand.scorecard.store;

import io.stagehand.catalog.store.FilterSql;
import io.stagehand.catalog.store.Visibility;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityOrder;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.definition.Weight;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.evaluation.Evaluation;
import io.stagehand.scorecard.graphql.Views.CheckResultView;
import io.stagehand.scorecard.graphql.Views.CheckStateChange;
import io.stagehand.scorecard.graphql.Views.EntityScorecardView;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.graphql.Views.ResultOrder;
import io.stagehand.scorecard.graphql.Views.ScoreHistoryView;
import io.stagehand.scorecard.graphql.Views.ScorePoint;
import io.stagehand.scorecard.graphql.Views;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads of stored scorecard results: by entity, filtered pages, roll-ups and history. */
@Repository
public class ScorecardQueries {

    private static final String COLUMNS = """
            sr.scorecard, sr.entity_key, sr.entity_ref, sr.score, sr.level, sr.passing_count, sr.failing_count, sr.exempt_count,
            sr.unknown_count, sr.error_count, sr.checks, sr.states, sr.evaluated_at""";

    private final DatabaseClient db;
    private final ScorecardDefinitions definitions;

    ScorecardQueries(DatabaseClient db, ScorecardDefinitions definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /** Results of these entities, in every scorecard or one, by key; scorecards in name order. */
    public Mono<Map<String, List<EntityScorecardView>>> byEntities(Collection<String> keys, String scorecard) {
        var spec = db.sql("SELECT " + COLUMNS + " FROM scorecard_results sr WHERE sr.entity_key = ANY(CAST(:keys AS text[]))"
                        + (scorecard == null ? "" : " AND sr.scorecard = :scorecard") + " ORDER BY sr.scorecard")
                .bind("keys", keys.toArray(String[]::new));
        if (scorecard != null) {
            spec = spec.bind("scorecard", scorecard);
        }
        Instant now = Instant.now();
        return spec.map(row -> view(row, now)).all()
                .collect(HashMap::new, (Map<String, List<EntityScorecardView>> map, EntityScorecardView v) ->
                        map.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v));
    }

    /**
     * Whether the current request may not see some entity with a result the filter matches: false
     * outside a request and for callers under no read restriction.
     */
    public Mono<Boolean> hidesAny(ResultFilter filter) {
        return Visibility.current().flatMap(visibility -> {
            if (!visibility.restricted()) {
                return Mono.just(false);
            }
            ResultSql w = ResultSql.of(filter, new FilterSql("sr"), Visibility.ALL);
            w.parts.add("NOT " + visibility.seen("sr.entity_key", w.sql));
            return w.apply(db.sql("SELECT EXISTS (SELECT 1 FROM scorecard_results sr" + w.where() + ")"))
                    .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one();
        });
    }

    public record Page(int totalCount, List<EntityScorecardView> nodes, boolean hasNext) {
    }

    /** The order asked for (by score, lowest first, when none is), each direction given. */
    public static List<ResultOrder> orders(List<ResultOrder> asked) {
        List<ResultOrder> orders = asked == null || asked.isEmpty() ? List.of(new ResultOrder(Views.OrderField.SCORE, null)) : asked;
        return orders.stream().map(o -> new ResultOrder(o.field(), o.direction() == null ? EntityOrder.Direction.ASC : o.direction())).toList();
    }

    /** The columns a page is ordered by: the fields asked for, then entity and scorecard, which make every row's place unique. */
    private static List<FilterSql.SortKey> sortKeys(List<ResultOrder> orders) {
        List<FilterSql.SortKey> keys = new ArrayList<>();
        for (ResultOrder order : orders) {
            boolean descending = order.direction() == EntityOrder.Direction.DESC;
            keys.add(switch (order.field()) {
                case SCORE -> new FilterSql.SortKey("sr.score", "double precision", descending);
                case REF -> new FilterSql.SortKey("sr.entity_key", null, descending);
                case EVALUATED_AT -> new FilterSql.SortKey("sr.evaluated_at", "timestamptz", descending);
            });
        }
        keys.add(new FilterSql.SortKey("sr.entity_key", null, false));
        keys.add(new FilterSql.SortKey("sr.scorecard", null, false));
        return keys;
    }

    /** A result's values for {@link #sortKeys}, the content of its cursor. */
    public static List<String> sortValues(List<ResultOrder> orders, EntityScorecardView result) {
        List<String> values = new ArrayList<>();
        for (ResultOrder order : orders) {
            values.add(switch (order.field()) {
                case SCORE -> String.valueOf(result.score());
                case REF -> result.key();
                case EVALUATED_AT -> result.evaluatedAt().toString();
            });
        }
        values.add(result.key());
        values.add(result.name());
        return values;
    }

    /** A page of results in this order ({@link #orders}), after the one whose sort values are {@code after} (null for the first). */
    public Mono<Page> page(ResultFilter filter, List<ResultOrder> orders, int first, List<String> after) {
        return ResultSql.visible(filter).flatMap(w -> {
            List<FilterSql.SortKey> keys = sortKeys(orders);
            String orderBy = keys.stream().map(k -> k.column() + (k.descending() ? " DESC" : " ASC")).collect(Collectors.joining(", "));
            Instant now = Instant.now();
            Mono<Integer> count = w.apply(db.sql("SELECT count(*) AS n FROM scorecard_results sr" + w.where()))
                    .map(row -> row.get("n", Long.class).intValue()).one();
            if (after != null) {
                try {
                    // values cast in SQL are checked here: a forged cursor is the caller's mistake, not an SQL error
                    for (int i = 0; i < orders.size(); i++) {
                        switch (orders.get(i).field()) {
                            case SCORE -> Double.parseDouble(after.get(i));
                            case EVALUATED_AT -> OffsetDateTime.parse(after.get(i));
                            case REF -> { }
                        }
                    }
                    w.parts.add(w.sql.after(keys, after));
                } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                    return Mono.error(new BadRequestException("after is not a cursor of scorecardResults in this order"));
                }
            }
            Mono<List<EntityScorecardView>> rows = w.apply(db.sql("SELECT " + COLUMNS + " FROM scorecard_results sr" + w.where()
                            + " ORDER BY " + orderBy + " LIMIT " + (first + 1)))
                    .map(row -> view(row, now)).all().collectList();
            return Mono.zip(rows, count).map(t -> {
                List<EntityScorecardView> found = t.getT1();
                boolean more = found.size() > first;
                return new Page(t.getT2(), more ? found.subList(0, first) : found, more);
            });
        });
    }

    /**
     * For each filter, in order, its first results with a critical check failing, lowest score
     * first: one statement for all of them.
     */
    public Mono<List<List<EntityScorecardView>>> failingCritical(List<ResultFilter> filters, int first) {
        if (filters.isEmpty()) {
            return Mono.just(List.of());
        }
        return Visibility.current().flatMap(visibility -> {
            FilterSql shared = new FilterSql("sr");
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                ResultSql w = ResultSql.of(filters.get(i).failingCritical(), shared, visibility);
                parts.add("(SELECT " + i + " AS i, " + COLUMNS + " FROM scorecard_results sr" + w.where()
                        + " ORDER BY sr.score ASC, sr.entity_key, sr.scorecard LIMIT " + first + ")");
            }
            var spec = db.sql("SELECT * FROM (" + String.join(" UNION ALL ", parts) + ") u ORDER BY i, score, entity_key, scorecard");
            for (Map.Entry<String, Object> value : shared.params().entrySet()) {
                spec = spec.bind(value.getKey(), value.getValue());
            }
            Instant now = Instant.now();
            List<List<EntityScorecardView>> found = new ArrayList<>();
            filters.forEach(f -> found.add(new ArrayList<>()));
            return spec.map(row -> Map.entry(row.get("i", Integer.class), view(row, now))).all()
                    .doOnNext(e -> found.get(e.getKey()).add(e.getValue()))
                    .then(Mono.fromSupplier(() -> found));
        });
    }

    /** The entity's history in the scorecard; empty for an entity the current request may not see. */
    public Mono<ScoreHistoryView> history(String key, String scorecard, OffsetDateTime since) {
        return Visibility.current().flatMap(visibility -> {
            if (!visibility.restricted()) {
                return Mono.just(true);
            }
            ResultSql w = new ResultSql(new FilterSql());
            String seen = visibility.seen("CAST(" + w.bind(key) + " AS text)", w.sql);
            return w.apply(db.sql("SELECT " + seen + " AS seen")).map(row -> row.get("seen", Boolean.class)).one();
        }).flatMap(seen -> seen ? loadHistory(key, scorecard, since) : Mono.just(new ScoreHistoryView(List.of(), List.of())));
    }

    private Mono<ScoreHistoryView> loadHistory(String key, String scorecard, OffsetDateTime since) {
        OffsetDateTime from = since == null ? OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC) : since;
        Mono<List<ScorePoint>> scores = db.sql("""
                        SELECT at, score, level FROM scorecard_score_history
                        WHERE entity_key = :key AND scorecard = :scorecard AND at > :since ORDER BY at""")
                .bind("key", key).bind("scorecard", scorecard).bind("since", from)
                .map(row -> new ScorePoint(row.get("at", OffsetDateTime.class), row.get("score", Double.class), row.get("level", String.class)))
                .all().collectList();
        Mono<List<CheckStateChange>> checks = db.sql("""
                        SELECT at, check_id, state, message FROM scorecard_check_history
                        WHERE entity_key = :key AND scorecard = :scorecard AND at > :since ORDER BY at, check_id""")
                .bind("key", key).bind("scorecard", scorecard).bind("since", from)
                .map(row -> new CheckStateChange(row.get("at", OffsetDateTime.class), row.get("check_id", String.class),
                        CheckState.valueOf(row.get("state", String.class)), row.get("message", String.class)))
                .all().collectList();
        return Mono.zip(scores, checks).map(t -> new ScoreHistoryView(t.getT1(), t.getT2()));
    }

    private EntityScorecardView view(io.r2dbc.spi.Readable row, Instant now) {
        String name = row.get("scorecard", String.class);
        Definitions.Scorecard definition = definitions.current().scorecards().get(name);
        String ref = row.get("entity_ref", String.class);
        List<CheckResultView> results = StoredChecks.read(row.get("checks", String.class), row.get("states", String.class), now).stream()
                .map(result -> result.describedBy(definition, ref, now)).toList();
        int failingCritical = (int) results.stream().filter(r -> r.state() == CheckState.FAIL && r.weight() == Weight.CRITICAL && r.enforced()).count();
        return new EntityScorecardView(name, definition == null ? null : definition.title(), ref,
                row.get("entity_key", String.class), row.get("score", Double.class), row.get("level", String.class),
                definition == null ? List.of() : definition.levels(), failingCritical, row.get("passing_count", Integer.class),
                row.get("failing_count", Integer.class), row.get("exempt_count", Integer.class), row.get("unknown_count", Integer.class),
                row.get("error_count", Integer.class), row.get("evaluated_at", OffsetDateTime.class), results);
    }

    /** A result evaluated but not stored (a dry run): every check's since is now. */
    public static EntityScorecardView fromResult(Definitions.Scorecard scorecard, Evaluation.Result result, Instant now) {
        List<CheckResultView> checks = StoredChecks.read(result.results(), now).stream()
                .map(check -> check.describedBy(scorecard, result.ref(), now)).toList();
        return new EntityScorecardView(scorecard.name(), scorecard.title(), result.ref(), result.key(), result.score(), result.level(),
                scorecard.levels(), result.failingCritical(), result.count(CheckState.PASS), result.count(CheckState.FAIL),
                result.count(CheckState.EXEMPT), result.count(CheckState.UNKNOWN), result.count(CheckState.ERROR),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), checks);
    }
}
