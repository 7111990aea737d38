package io.stagehand.scorecard.campaigns;

import io.r2dbc.spi.Readable;
import io.stagehand.catalog.store.FilterSql;
import io.stagehand.catalog.store.Visibility;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.RelationTypes;
import io.stagehand.scorecard.definition.Definitions.Campaign;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.CheckState;
import io.stagehand.scorecard.store.StoredChecks;
import io.stagehand.scorecard.trends.TrendSnapshots;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A campaign's figures, counted in SQL over the stored results whatever the number of entities:
 * its entities are the results of its scorecard whose entity its {@code appliesTo} matches (through
 * the catalog's one filter builder), and one is done when its level is the target or above, or
 * when each of the campaign's checks passes or is exempt. Many campaigns are counted together in
 * one statement, and a caller under read rules is counted only the entities it may see. The daily
 * count of each started campaign is taken with the trend snapshot.
 */
@Repository
class CampaignFigures implements TrendSnapshots.Part {

    /** Entities done out of all; {@code ratio} to three decimals, null when there are none. */
    record Progress(int done, int total, Double ratio) {
        static final Progress NONE = of(0, 0);

        static Progress of(int done, int total) {
            return new Progress(done, total, total == 0 ? null : Math.round(1000.0 * done / total) / 1000.0);
        }
    }

    /** The progress of the entities a group and its sub-groups own; {@code group} is its key. */
    record OwnerProgress(String group, int done, int total, Double ratio) {
        static OwnerProgress of(String group, int done, int total) {
            Progress p = Progress.of(done, total);
            return new OwnerProgress(group, done, total, p.ratio());
        }
    }

    /** A campaign's progress as the caller may see it, and whether it holds entities the caller may not see. */
    record Figures(Progress progress, boolean hidesAny) {
    }

    /** An entity not done; {@code key} for its loader. */
    record Pending(String key, String ref, double score, String level) {
    }

    /** Up to a page of entities not done, after a key, in key order. */
    record PendingKey(Campaign campaign, int first, String afterKey) {
    }

    record PendingPage(List<Pending> nodes, boolean hasNext) {
    }

    /** A campaign's count on one day. */
    record BurnDownPoint(LocalDate date, int done, int total, int remaining) {
    }

    private final DatabaseClient db;
    private final ScorecardDefinitions definitions;

    CampaignFigures(DatabaseClient db, ScorecardDefinitions definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /**
     * A query of the campaign's entities: {@code entity_key}, {@code entity_ref}, {@code score},
     * {@code level}, {@code done}, and {@code visible} (whether the caller may see it), its values
     * bound through {@code sql}.
     */
    String members(Campaign campaign, FilterSql sql, Visibility visibility) {
        EntityFilter filter = campaign.appliesTo().entityFilter();
        // the entities are read only for a filter or a restriction: a campaign of a whole scorecard reads its results alone
        String applies = filter == null ? ""
                : " AND EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = sr.entity_key AND " + sql.where(filter, "e") + ")";
        return "SELECT sr.entity_key, sr.entity_ref, sr.score, sr.level, " + done(campaign, sql) + " AS done, "
                + visibility.seen("sr.entity_key", sql) + " AS visible FROM scorecard_results sr WHERE sr.scorecard = "
                + sql.bind(campaign.scorecard()) + applies;
    }

    /** Whether the result {@code sr} is done: at the target level or above, or each check PASS or EXEMPT. */
    private String done(Campaign campaign, FilterSql sql) {
        Scorecard scorecard = definitions.current().scorecards().get(campaign.scorecard());
        if (campaign.targetLevel() != null) {
            int rank = scorecard == null ? -1 : scorecard.rank(campaign.targetLevel());
            if (rank < 0) {
                return "false";
            }
            List<String> reached = scorecard.levels().subList(rank, scorecard.levels().size());
            return "coalesce(sr.level = ANY(CAST(" + sql.bind(reached.toArray(String[]::new)) + " AS text[])), false)";
        }
        List<String> each = new ArrayList<>();
        for (String check : campaign.checks()) {
            each.add(StoredChecks.stateIn(check, List.of(CheckState.PASS, CheckState.EXEMPT), sql::bind));
        }
        return "(" + String.join(" AND ", each) + ")";
    }

    /** Each campaign's progress, in order, as the current caller may see it. */
    Mono<List<Figures>> progress(List<Campaign> campaigns) {
        if (campaigns.isEmpty()) {
            return Mono.just(List.of());
        }
        return Visibility.current().flatMap(visibility -> {
            FilterSql sql = new FilterSql();
            Figures[] found = new Figures[campaigns.size()];
            Arrays.fill(found, new Figures(Progress.NONE, false));
            String statement = union(campaigns.size(), i -> "SELECT " + i + " AS i, count(*) FILTER (WHERE m.visible) AS total,"
                    + " count(*) FILTER (WHERE m.visible AND m.done) AS done, count(*) FILTER (WHERE NOT m.visible) AS hidden"
                    + " FROM (" + members(campaigns.get(i), sql, visibility) + ") m");
            return run(sql, statement, row -> found[row.get("i", Integer.class)] = new Figures(
                    Progress.of(row.get("done", Long.class).intValue(), row.get("total", Long.class).intValue()), row.get("hidden", Long.class) > 0))
                    .then(Mono.fromSupplier(() -> List.of(found)));
        });
    }

    /**
     * For each campaign, in order, the progress per owning group with its sub-groups (the groups
     * above a direct owner through {@code parentOf}), by group key; only of {@code groups} when not null.
     */
    Mono<List<List<OwnerProgress>>> byOwner(List<Campaign> campaigns, Collection<String> groups) {
        if (campaigns.isEmpty()) {
            return Mono.just(List.of());
        }
        return Visibility.current().flatMap(visibility -> {
            FilterSql sql = new FilterSql();
            String only = groups == null ? "" : " AND g.a = ANY(CAST(" + sql.bind(groups.toArray(String[]::new)) + " AS text[]))";
            // sums per directly owning group, added up over its ancestors: exact as the trend snapshot's,
            // an entity has one owner and the ancestor pairs are distinct, so none counts twice
            String statement = union(campaigns.size(), i -> "WITH RECURSIVE m AS (" + members(campaigns.get(i), sql, visibility) + "),"
                    + " owned AS (SELECT DISTINCT m.entity_key, m.done, r.target_key AS owner_key FROM m JOIN relations r"
                    + " ON r.source_key = m.entity_key AND r.type = '" + RelationTypes.OWNED_BY + "' WHERE m.visible AND r.target_key LIKE 'group:%'),"
                    + " direct AS (SELECT owner_key, count(*) AS n, count(*) FILTER (WHERE done) AS d FROM owned GROUP BY 1),"
                    + " ancestors(d, a) AS (SELECT owner_key, owner_key FROM direct UNION SELECT g.d, r.source_key FROM ancestors g"
                    + " JOIN relations r ON r.target_key = g.a AND r.type = '" + RelationTypes.PARENT_OF + "')"
                    + " SELECT " + i + " AS i, g.a AS grp, CAST(sum(x.n) AS integer) AS n, CAST(sum(x.d) AS integer) AS d"
                    // a group the caller may not see is no row of theirs, nor are the groups above it
                    + " FROM direct x JOIN ancestors g ON g.d = x.owner_key WHERE " + visibility.seen("g.a", sql) + only + " GROUP BY g.a");
            List<List<OwnerProgress>> found = IntStream.range(0, campaigns.size()).mapToObj(i -> (List<OwnerProgress>) new ArrayList<OwnerProgress>())
                    .toList();
            return run(sql, statement, row -> found.get(row.get("i", Integer.class))
                    .add(OwnerProgress.of(row.get("grp", String.class), row.get("d", Integer.class), row.get("n", Integer.class))))
                    .then(Mono.fromSupplier(() -> found.stream()
                            .map(list -> list.stream().sorted(Comparator.comparing(OwnerProgress::group)).toList()).toList()));
        });
    }

    /** For each key, in order, its page of entities not done, in key order. */
    Mono<List<PendingPage>> pending(List<PendingKey> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return Visibility.current().flatMap(visibility -> {
            FilterSql sql = new FilterSql();
            String statement = union(keys.size(), i -> {
                PendingKey key = keys.get(i);
                return "SELECT " + i + " AS i, m.entity_key, m.entity_ref, m.score, m.level FROM (" + members(key.campaign(), sql, visibility)
                        + ") m WHERE m.visible AND NOT m.done"
                        + (key.afterKey() == null ? "" : " AND m.entity_key COLLATE \"C\" > " + sql.bind(key.afterKey()))
                        + " ORDER BY m.entity_key COLLATE \"C\" LIMIT " + (key.first() + 1);
            });
            List<List<Pending>> found = keys.stream().map(k -> (List<Pending>) new ArrayList<Pending>()).toList();
            return run(sql, statement, row -> found.get(row.get("i", Integer.class)).add(new Pending(row.get("entity_key", String.class),
                    row.get("entity_ref", String.class), row.get("score", Double.class), row.get("level", String.class))))
                    .then(Mono.fromSupplier(() -> IntStream.range(0, keys.size()).mapToObj(i -> {
                        List<Pending> rows = found.get(i);
                        int first = keys.get(i).first();
                        return new PendingPage(List.copyOf(rows.subList(0, Math.min(first, rows.size()))), rows.size() > first);
                    }).toList()));
        });
    }

    /** The daily counts of these campaigns, oldest first, from each one's start date. */
    Mono<Map<Campaign, List<BurnDownPoint>>> burnDown(Collection<Campaign> campaigns) {
        Map<String, Campaign> byName = campaigns.stream().collect(Collectors.toMap(Campaign::name, c -> c, (a, b) -> a));
        Map<Campaign, List<BurnDownPoint>> points = new HashMap<>();
        campaigns.forEach(c -> points.put(c, new ArrayList<>()));
        return db.sql("SELECT campaign, day, total, done FROM scorecard_campaign_days WHERE campaign = ANY(CAST(:names AS text[]))"
                        + " ORDER BY campaign, day")
                .bind("names", byName.keySet().toArray(String[]::new))
                .map(row -> {
                    Campaign campaign = byName.get(row.get("campaign", String.class));
                    LocalDate day = row.get("day", LocalDate.class);
                    if (campaign != null && campaign.startDate() != null && !day.isBefore(campaign.startDate())) {
                        int total = row.get("total", Integer.class);
                        int done = row.get("done", Integer.class);
                        points.get(campaign).add(new BurnDownPoint(day, done, total, total - done));
                    }
                    return Boolean.TRUE;
                })
                .all().then(Mono.fromSupplier(() -> points));
    }

    /** Each campaign started by {@code day}, counted whole (no caller's read rules apply to a snapshot). */
    @Override
    public Mono<Void> take(LocalDate day, LocalDate oldest) {
        List<Campaign> started = definitions.current().campaigns().values().stream()
                .filter(c -> c.startDate() != null && !day.isBefore(c.startDate()))
                .sorted(Comparator.comparing(Campaign::name))
                .toList();
        Mono<Long> replaced = db.sql("DELETE FROM scorecard_campaign_days WHERE day = :day").bind("day", day).fetch().rowsUpdated();
        Mono<Long> written = Mono.just(0L);
        if (!started.isEmpty()) {
            FilterSql sql = new FilterSql();
            String dayValue = "CAST(" + sql.bind(day) + " AS date)";
            String statement = "INSERT INTO scorecard_campaign_days (campaign, day, total, done) "
                    + union(started.size(), i -> "SELECT CAST(" + sql.bind(started.get(i).name()) + " AS text), " + dayValue
                            + ", count(*), count(*) FILTER (WHERE m.done) FROM (" + members(started.get(i), sql, Visibility.ALL) + ") m");
            written = bound(sql, statement).fetch().rowsUpdated();
        }
        Mono<Long> pruned = db.sql("DELETE FROM scorecard_campaign_days WHERE day < :oldest").bind("oldest", oldest).fetch().rowsUpdated();
        return replaced.then(written).then(pruned).then();
    }

    /** The parts, each a statement of its own, as one: {@code (a) UNION ALL (b) ...}. */
    private static String union(int parts, IntFunction<String> part) {
        return IntStream.range(0, parts).mapToObj(i -> "(" + part.apply(i) + ")").collect(Collectors.joining(" UNION ALL "));
    }

    private DatabaseClient.GenericExecuteSpec bound(FilterSql sql, String statement) {
        var spec = db.sql(statement);
        for (Map.Entry<String, Object> value : sql.params().entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        return spec;
    }

    private Mono<Void> run(FilterSql sql, String statement, Consumer<Readable> each) {
        // rows are applied one at a time, on the driver's thread, as they arrive
        return bound(sql, statement).map(row -> {
            each.accept(row);
            return Boolean.TRUE;
        }).all().then();
    }
}
