package io.stagehand.scorecard;

import io.stagehand.catalog.EntityRef;
import io.stagehand.scorecard.Views.CheckPassRate;
import io.stagehand.scorecard.Views.CheckResultView;
import io.stagehand.scorecard.Views.CheckStateChange;
import io.stagehand.scorecard.Views.EntityScorecardView;
import io.stagehand.scorecard.Views.ExemptionView;
import io.stagehand.scorecard.Views.FactValueView;
import io.stagehand.scorecard.Views.LevelCount;
import io.stagehand.scorecard.Views.ResultFilter;
import io.stagehand.scorecard.Views.ResultOrder;
import io.stagehand.scorecard.Views.RollupView;
import io.stagehand.scorecard.Views.ScoreHistoryView;
import io.stagehand.scorecard.Views.ScorePoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads of stored scorecard results: by entity, filtered pages, roll-ups and history. */
@Repository
class ScorecardQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();
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
    Mono<Map<String, List<EntityScorecardView>>> byEntities(Collection<String> keys, String scorecard) {
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

    /** SQL conditions and their values for a filter, on {@code sr}. */
    private static final class Where {
        final List<String> parts = new ArrayList<>();
        final Map<String, Object> values = new LinkedHashMap<>();

        String bind(Object value) {
            String name = "p" + values.size();
            values.put(name, value);
            return ":" + name;
        }

        String sql() {
            return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
        }

        DatabaseClient.GenericExecuteSpec apply(DatabaseClient.GenericExecuteSpec spec) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                spec = spec.bind(e.getKey(), e.getValue());
            }
            return spec;
        }
    }

    private static Where where(ResultFilter f) {
        Where w = new Where();
        if (f == null) {
            return w;
        }
        if (f.scorecard() != null) {
            w.parts.add("sr.scorecard = " + w.bind(f.scorecard()));
        }
        if (f.owner() != null) {
            String owner = w.bind(EntityRef.parse(f.owner(), "group", EntityRef.DEFAULT_NAMESPACE).key());
            String owners = Boolean.FALSE.equals(f.includeSubgroups()) ? "(SELECT CAST(" + owner + " AS text))"
                    : "(WITH RECURSIVE g(k) AS (SELECT CAST(" + owner + " AS text) COLLATE \"C\" UNION SELECT r2.target_key FROM relations r2"
                            + " JOIN g ON r2.source_key = g.k AND r2.type = 'parentOf') SELECT k FROM g)";
            w.parts.add("sr.entity_key IN (SELECT r.source_key FROM relations r WHERE r.type = 'ownedBy' AND r.target_key IN " + owners + ")");
        }
        if (f.system() != null) {
            w.parts.add("sr.entity_key IN (SELECT r.source_key FROM relations r WHERE r.type = 'partOf' AND r.target_key = "
                    + w.bind(EntityRef.parse(f.system(), "system", EntityRef.DEFAULT_NAMESPACE).key()) + ")");
        }
        if (f.domain() != null) {
            String domain = w.bind(EntityRef.parse(f.domain(), "domain", EntityRef.DEFAULT_NAMESPACE).key());
            w.parts.add("sr.entity_key IN (SELECT r.source_key FROM relations r WHERE r.type = 'partOf' AND (r.target_key = " + domain
                    + " OR r.target_key IN (SELECT r2.source_key FROM relations r2 WHERE r2.type = 'partOf' AND r2.target_key = " + domain + ")))");
        }
        if (f.kind() != null && !f.kind().isEmpty()) {
            w.parts.add("lower(sr.kind) = ANY(CAST(" + w.bind(f.kind().stream().map(k -> k.toLowerCase(Locale.ROOT)).toArray(String[]::new))
                    + " AS text[]))");
        }
        if (f.level() != null && !f.level().isEmpty()) {
            boolean none = f.level().contains("NONE");
            String levels = "sr.level = ANY(CAST(" + w.bind(f.level().stream().filter(l -> !l.equals("NONE")).toArray(String[]::new))
                    + " AS text[]))";
            w.parts.add(none ? "(" + levels + " OR sr.level IS NULL)" : levels);
        }
        if (f.failingCheck() != null) {
            w.parts.add("sr.failing @> ARRAY[CAST(" + w.bind(f.failingCheck()) + " AS text)]");
        }
        if (f.failingWeight() != null) {
            // a literal (a weight's rank, never user text): with a bound value a generic plan cannot
            // tell that it implies the partial index's worst_failing > 0
            w.parts.add("sr.worst_failing >= " + f.failingWeight().rank());
        }
        if (f.minScore() != null) {
            w.parts.add("sr.score >= " + w.bind(f.minScore()));
        }
        if (f.maxScore() != null) {
            w.parts.add("sr.score <= " + w.bind(f.maxScore()));
        }
        return w;
    }

    record Page(int totalCount, List<EntityScorecardView> nodes, int offset, boolean hasNext) {
    }

    /** A page of results, {@code offset} rows in. */
    Mono<Page> page(ResultFilter filter, List<ResultOrder> orders, int first, int offset) {
        Where w = where(filter);
        List<String> keys = new ArrayList<>();
        for (ResultOrder order : orders == null || orders.isEmpty() ? List.of(new ResultOrder(Views.OrderField.SCORE, null)) : orders) {
            String column = switch (order.field()) {
                case SCORE -> "sr.score";
                case REF -> "sr.entity_key";
                case EVALUATED_AT -> "sr.evaluated_at";
            };
            keys.add(column + (order.direction() == io.stagehand.store.EntityOrder.Direction.DESC ? " DESC" : " ASC"));
        }
        keys.add("sr.entity_key");
        keys.add("sr.scorecard");
        Instant now = Instant.now();
        Mono<List<EntityScorecardView>> rows = w.apply(db.sql("SELECT " + COLUMNS + " FROM scorecard_results sr" + w.sql()
                        + " ORDER BY " + String.join(", ", keys) + " LIMIT " + (first + 1) + " OFFSET " + offset))
                .map(row -> view(row, now)).all().collectList();
        Mono<Integer> count = w.apply(db.sql("SELECT count(*) AS n FROM scorecard_results sr" + w.sql()))
                .map(row -> row.get("n", Long.class).intValue()).one();
        return Mono.zip(rows, count).map(t -> {
            List<EntityScorecardView> found = t.getT1();
            boolean more = found.size() > first;
            return new Page(t.getT2(), more ? found.subList(0, first) : found, offset, more);
        });
    }

    /** Aggregates over the filtered results of one scorecard. */
    Mono<RollupView> rollup(String scorecard, ResultFilter filter) {
        ResultFilter f = (filter == null ? ResultFilter.ofScorecard(scorecard) : filter).withScorecard(scorecard);
        Where w = where(f);
        Mono<Object[]> totals = w.apply(db.sql("""
                        SELECT count(*) AS n, avg(sr.score) AS avg, count(*) FILTER (WHERE sr.worst_failing >= 4) AS critical
                        FROM scorecard_results sr""" + w.sql()))
                .map(row -> new Object[] {row.get("n", Long.class), row.get("avg", Double.class), row.get("critical", Long.class)})
                .one();
        Mono<Map<String, Integer>> levels = w.apply(db.sql("SELECT sr.level, count(*) AS n FROM scorecard_results sr" + w.sql()
                        + " GROUP BY sr.level"))
                .map(row -> Map.entry(String.valueOf(row.get("level", String.class)), row.get("n", Long.class).intValue()))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<String, int[]>> checks = w.apply(db.sql("""
                        SELECT split_part(c.s, '=', 1) AS id, split_part(split_part(c.s, '=', 2), '@', 1) AS state, count(*) AS n
                        FROM scorecard_results sr CROSS JOIN LATERAL unnest(string_to_array(sr.states, ';')) AS c(s)""" + w.sql() + " GROUP BY 1, 2"))
                .map(row -> new Object[] {row.get("id", String.class), row.get("state", String.class), row.get("n", Long.class).intValue()})
                .all()
                .collect(HashMap::new, (Map<String, int[]> map, Object[] r) ->
                        map.computeIfAbsent((String) r[0], k -> new int[5])[CheckState.valueOf((String) r[1]).ordinal()] += (int) r[2]);
        Definitions.Scorecard definition = definitions.current().scorecards().get(scorecard);
        return Mono.zip(totals, levels, checks).map(t -> {
            List<LevelCount> levelCounts = new ArrayList<>();
            if (definition != null) {
                definition.levels().forEach(l -> levelCounts.add(new LevelCount(l, t.getT2().getOrDefault(l, 0))));
            }
            levelCounts.add(new LevelCount(null, t.getT2().getOrDefault("null", 0)));
            List<CheckPassRate> rates = new ArrayList<>();
            if (definition != null) {
                for (Definitions.Check check : definition.checks()) {
                    int[] n = t.getT3().getOrDefault(check.id(), new int[5]);
                    int pass = n[CheckState.PASS.ordinal()];
                    int fail = n[CheckState.FAIL.ordinal()];
                    int exempt = n[CheckState.EXEMPT.ordinal()];
                    int decided = pass + fail + exempt;
                    rates.add(new CheckPassRate(check.id(), check.weight(), pass, fail, exempt, n[CheckState.UNKNOWN.ordinal()],
                            n[CheckState.ERROR.ordinal()], decided == 0 ? null : Math.round(1000.0 * (pass + exempt) / decided) / 1000.0));
                }
            }
            Object[] total = t.getT1();
            int entities = ((Long) total[0]).intValue();
            Double average = entities == 0 || total[1] == null ? null : Math.round((Double) total[1] * 10) / 10.0;
            return new RollupView(scorecard, entities, average, levelCounts, ((Long) total[2]).intValue(), rates, f);
        });
    }

    /** The scorecards with results for a set of entities (a roll-up per scorecard). */
    Mono<List<String>> scorecardsWithResults(ResultFilter filter) {
        Where w = where(filter);
        return w.apply(db.sql("SELECT DISTINCT sr.scorecard FROM scorecard_results sr" + w.sql() + " ORDER BY 1"))
                .map(row -> row.get("scorecard", String.class)).all().collectList();
    }

    Mono<ScoreHistoryView> history(String key, String scorecard, OffsetDateTime since) {
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
        List<CheckResultView> results = new ArrayList<>();
        int failingCritical = 0;
        Map<String, String[]> states = Results.parseStates(row.get("states", String.class));
        for (JsonNode check : JSON.readTree(row.get("checks", String.class))) {
            String[] state = states.get(check.path("id").asString());
            CheckResultView result = checkView(check, now, state == null ? check.path("since").asString(null) : state[1]);
            results.add(result);
            if (result.state() == CheckState.FAIL && result.weight() == Weight.CRITICAL) {
                failingCritical++;
            }
        }
        return new EntityScorecardView(name, definition == null ? null : definition.title(), row.get("entity_ref", String.class),
                row.get("entity_key", String.class), row.get("score", Double.class), row.get("level", String.class),
                definition == null ? List.of() : definition.levels(), failingCritical, row.get("passing_count", Integer.class),
                row.get("failing_count", Integer.class), row.get("exempt_count", Integer.class), row.get("unknown_count", Integer.class),
                row.get("error_count", Integer.class), row.get("evaluated_at", OffsetDateTime.class), results);
    }

    /** A result evaluated but not stored (a dry run): every check's since is now. */
    static EntityScorecardView fromResult(Definitions.Scorecard scorecard, Evaluation.Result result, Instant now) {
        List<CheckResultView> checks = new ArrayList<>();
        for (Evaluation.CheckResult check : result.results()) {
            checks.add(checkView(Results.check(check), now, now.toString()));
        }
        return new EntityScorecardView(scorecard.name(), scorecard.title(), result.ref(), result.key(), result.score(), result.level(),
                scorecard.levels(), result.failingCritical(), result.count(CheckState.PASS), result.count(CheckState.FAIL),
                result.count(CheckState.EXEMPT), result.count(CheckState.UNKNOWN), result.count(CheckState.ERROR),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), checks);
    }

    /** A stored check; {@code since} comes from the result's states (checks written before them held it). */
    static CheckResultView checkView(JsonNode check, Instant now, String since) {
        List<FactValueView> facts = new ArrayList<>();
        for (JsonNode fact : check.path("facts")) {
            facts.add(new FactValueView(fact.path("name").asString(), fact.has("value") ? JSON.treeToValue(fact.get("value"), Object.class) : null,
                    null));
        }
        JsonNode exemption = check.path("exemption");
        return new CheckResultView(check.path("id").asString(), check.path("title").asString(null), Weight.valueOf(check.path("weight").asString()),
                check.path("level").asString(null), CheckState.valueOf(check.path("state").asString()), check.path("message").asString(null),
                facts, exemption.isObject() ? exemptionView(exemption, now) : null, time(since));
    }

    static ExemptionView exemptionView(JsonNode e, Instant now) {
        OffsetDateTime expires = time(e.path("expires").asString(null));
        return new ExemptionView(e.path("id").asString(), e.path("scorecard").asString(), e.path("check").asString(),
                e.path("entityRef").asString(), e.path("reason").asString(), e.path("approvedBy").asString(null), expires,
                expires != null && !now.isBefore(expires.toInstant()), e.path("revoked").asBoolean(false),
                Views.ExemptionOrigin.valueOf(e.path("origin").asString("YAML")), time(e.path("createdAt").asString(null)),
                Views.ExemptionStatus.APPROVED, null, null, null, null);
    }

    static OffsetDateTime time(String text) {
        return text == null ? null : OffsetDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
    }
}
