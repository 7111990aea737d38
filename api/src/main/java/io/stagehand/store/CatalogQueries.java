package io.stagehand.store;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads of the catalog. Every method that serves a nested field answers for many keys in one statement. */
@Repository
public class CatalogQueries {

    static final String ENTITY_COLUMNS =
            "e.entity_key, e.ref, e.kind, e.namespace, e.name, e.title, e.description, e.source, e.location, e.line, e.descriptor::text AS descriptor";

    private final DatabaseClient db;
    private final CatalogCache cache;

    public CatalogQueries(DatabaseClient db, CatalogCache cache) {
        this.db = db;
        this.cache = cache;
    }

    /** The entities with these keys that exist, read through the cache. */
    public Mono<Map<String, StoredEntity>> entitiesByKeys(Collection<String> keys) {
        return cache.readThrough(CatalogCache.Generation::entities, keys,
                missing -> loadEntities(missing).map(loaded -> {
                    Map<String, Optional<StoredEntity>> found = new HashMap<>();
                    loaded.forEach((key, entity) -> found.put(key, Optional.of(entity)));
                    return found;
                }), Optional.empty())
                .map(all -> {
                    Map<String, StoredEntity> found = new HashMap<>();
                    all.forEach((key, entity) -> entity.ifPresent(e -> found.put(key, e)));
                    return found;
                });
    }

    private Mono<Map<String, StoredEntity>> loadEntities(Collection<String> keys) {
        return db.sql("SELECT " + ENTITY_COLUMNS + " FROM entities e WHERE e.entity_key = ANY(CAST(:keys AS text[]))")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> entity(row))
                .all()
                .collectMap(StoredEntity::key);
    }

    /**
     * A page of entities matching the filter in the given order, after the given sort values (a
     * cursor); without the descriptors when the caller does not need them (large pages).
     */
    public Mono<EntityPage> search(EntityFilter filter, List<EntityOrder> order, List<String> after, int limit, boolean withDescriptor) {
        return cache.memo(page -> page.rows().stream().mapToInt(row -> 64 + CatalogCache.weight(row.entity())).sum(),
                () -> loadPage(filter, order, after, limit, withDescriptor),
                "search", filter, order, after, limit, withDescriptor);
    }

    private Mono<EntityPage> loadPage(EntityFilter filter, List<EntityOrder> order, List<String> after, int limit, boolean withDescriptor) {
        FilterSql sql = new FilterSql();
        String where = sql.where(filter);
        List<EntityOrder> orders = new ArrayList<>(order == null ? List.of() : order);
        orders.add(new EntityOrder(EntityOrder.Field.REF, orders.isEmpty() ? EntityOrder.Direction.ASC : orders.get(orders.size() - 1).direction()));
        String keyset = "TRUE";
        if (after != null) {
            if (after.size() != orders.size()) {
                throw new IllegalArgumentException("cursor does not match the order");
            }
            keyset = keyset(orders, after, sql);
        }
        String select = orders.stream().map(o -> o.field().sql + " AS s_" + o.field().name().toLowerCase(Locale.ROOT))
                .distinct().collect(Collectors.joining(", "));
        String orderBy = orders.stream().map(o -> o.field().sql + " " + o.direction().name()).collect(Collectors.joining(", "));
        String columns = withDescriptor ? ENTITY_COLUMNS : ENTITY_COLUMNS.replace("e.descriptor::text AS descriptor", "NULL AS descriptor");
        var spec = db.sql("SELECT " + columns + ", " + select + " FROM entities e WHERE " + where + " AND " + keyset
                + " ORDER BY " + orderBy + " LIMIT :limit");
        for (var p : sql.params().entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.bind("limit", limit + 1)
                .map(row -> new EntityPage.Row(entity(row), orders.stream()
                        .map(o -> row.get("s_" + o.field().name().toLowerCase(Locale.ROOT), String.class)).toList()))
                .all()
                .collectList()
                .map(rows -> new EntityPage(rows.size() > limit ? rows.subList(0, limit) : rows, rows.size() > limit));
    }

    /** (a, b, c) after (x, y, z) in mixed directions: a > x OR (a = x AND (b > y OR (b = y AND c > z))). */
    private static String keyset(List<EntityOrder> orders, List<String> values, FilterSql sql) {
        String condition = null;
        for (int i = orders.size() - 1; i >= 0; i--) {
            EntityOrder o = orders.get(i);
            String value = sql.bind(values.get(i));
            String strict = o.field().sql + (o.direction() == EntityOrder.Direction.ASC ? " > " : " < ") + value;
            condition = condition == null ? strict : "(" + strict + " OR (" + o.field().sql + " = " + value + " AND " + condition + "))";
        }
        return condition;
    }

    public Mono<Long> count(EntityFilter filter) {
        return cache.memo(n -> 16, () -> loadCount(filter), "count", filter);
    }

    private Mono<Long> loadCount(EntityFilter filter) {
        FilterSql sql = new FilterSql();
        var spec = db.sql("SELECT count(*) AS n FROM entities e WHERE " + sql.where(filter));
        for (var p : sql.params().entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(row -> row.get("n", Long.class)).one();
    }

    /** Value counts of a facet among the entities matching the filter, most common first. */
    public Flux<Map.Entry<String, Long>> facets(String field, EntityFilter filter) {
        return cache.<List<Map.Entry<String, Long>>>memo(values -> values.stream().mapToInt(v -> 48 + v.getKey().length()).sum(),
                () -> loadFacets(field, filter).collectList(), "facets", field, filter)
                .flatMapIterable(values -> values);
    }

    private Flux<Map.Entry<String, Long>> loadFacets(String field, EntityFilter filter) {
        FilterSql sql = new FilterSql();
        String where = sql.where(filter);
        String query = switch (field) {
            case "KIND" -> "SELECT e.kind AS v, count(*) AS n FROM entities e WHERE " + where + " GROUP BY 1";
            case "NAMESPACE" -> "SELECT e.namespace AS v, count(*) AS n FROM entities e WHERE " + where + " GROUP BY 1";
            case "TYPE" -> "SELECT e.spec_type AS v, count(*) AS n FROM entities e WHERE e.spec_type IS NOT NULL AND " + where + " GROUP BY 1";
            case "LIFECYCLE" -> "SELECT e.lifecycle AS v, count(*) AS n FROM entities e WHERE e.lifecycle IS NOT NULL AND " + where + " GROUP BY 1";
            case "TAG" -> "SELECT t AS v, count(*) AS n FROM entities e, unnest(e.tags) t WHERE " + where + " GROUP BY 1";
            case "OWNER" -> relationFacet("r.type = 'ownedBy'", where);
            case "SYSTEM" -> relationFacet("r.type = 'partOf' AND r.target_key LIKE 'system:%'", where);
            default -> throw new IllegalArgumentException("Unknown facet " + field);
        };
        var spec = db.sql(query + " ORDER BY n DESC, v");
        for (var p : sql.params().entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(row -> Map.entry(row.get("v", String.class), row.get("n", Long.class))).all();
    }

    private static String relationFacet(String relation, String where) {
        return "SELECT min(r.target_ref) AS v, count(DISTINCT e.entity_key) AS n FROM entities e JOIN relations r"
                + " ON r.source_key = e.entity_key AND " + relation + " WHERE " + where + " GROUP BY r.target_key";
    }

    /**
     * Outgoing relations of each entity (optionally of some types), deduplicated across the entities
     * that emitted them, ordered by type and target; read through the cache.
     */
    public Mono<Map<String, List<StoredRelation>>> relationsFrom(Collection<String> keys, List<String> types) {
        Mono<Map<String, List<StoredRelation>>> all = cache.readThrough(CatalogCache.Generation::relations, keys,
                this::loadRelations, List.of());
        return types == null || types.isEmpty() ? all : all.map(byKey -> {
            Map<String, List<StoredRelation>> ofTypes = new HashMap<>();
            byKey.forEach((key, relations) -> ofTypes.put(key, relations.stream().filter(r -> types.contains(r.type())).toList()));
            return ofTypes;
        });
    }

    private Mono<Map<String, List<StoredRelation>>> loadRelations(List<String> keys) {
        return db.sql("""
                        SELECT DISTINCT ON (source_key, type, target_key) source_key, source_ref, type, target_key, target_ref
                        FROM relations WHERE source_key = ANY(CAST(:keys AS text[]))
                        ORDER BY source_key, type, target_key""")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> relation(row))
                .all()
                .collect(Collectors.groupingBy(StoredRelation::sourceKey,
                        Collectors.collectingAndThen(Collectors.toList(), List::copyOf)));
    }

    /**
     * For each parent, a page of the entities it is related to by one relation type (targets of
     * the relations whose source is the parent), optionally of one kind only and filtered.
     */
    public Mono<Map<String, RelatedPage>> related(Collection<String> parents, String type, String kind, RelationFilter filter,
            String afterKey, int limit) {
        List<String> kinds = new ArrayList<>();
        if (kind != null) {
            kinds.add(kind.toLowerCase(Locale.ROOT));
        }
        if (filter != null && filter.kind() != null) {
            filter.kind().forEach(k -> kinds.add(k.toLowerCase(Locale.ROOT)));
        }
        boolean needsEntity = filter != null && (notEmpty(filter.type()) || notEmpty(filter.lifecycle()));
        // Each parent's first row always comes back, so a page after the last still knows totalCount;
        // rows at or before the cursor (rn <= skipped) only carry that count.
        String sql = """
                SELECT * FROM (
                    SELECT x.*, row_number() OVER (PARTITION BY x.parent ORDER BY x.target_key) AS rn,
                           count(*) FILTER (WHERE x.target_key <= :after) OVER (PARTITION BY x.parent) AS skipped
                    FROM (
                        SELECT r.parent, r.target_key, r.target_ref, count(*) OVER (PARTITION BY r.parent) AS total, %s
                        FROM (SELECT DISTINCT ON (source_key, target_key) source_key AS parent, target_key, target_ref
                              FROM relations
                              WHERE source_key = ANY(CAST(:parents AS text[])) AND type = :type
                              ORDER BY source_key, target_key) r
                        LEFT JOIN entities e ON e.entity_key = r.target_key
                        WHERE (CAST(:kinds AS text[]) IS NULL OR split_part(r.target_key, ':', 1) = ANY(CAST(:kinds AS text[])))
                          AND (CAST(:types AS text[]) IS NULL OR lower(e.spec_type) = ANY(CAST(:types AS text[])))
                          AND (CAST(:lifecycles AS text[]) IS NULL OR lower(e.lifecycle) = ANY(CAST(:lifecycles AS text[])))
                    ) x
                ) y WHERE (y.rn > y.skipped AND y.rn <= y.skipped + :limit) OR y.rn = 1
                ORDER BY y.parent, y.target_key""".formatted(ENTITY_COLUMNS.replace("e.entity_key, ", "e.entity_key AS entity_key, "));
        return db.sql(sql)
                .bind("parents", parents.toArray(String[]::new))
                .bind("type", type)
                .bind("kinds", kinds.isEmpty() ? Parameter.empty(String[].class) : Parameter.from(kinds.toArray(String[]::new)))
                .bind("types", arrayOrNull(needsEntity ? filter.type() : null))
                .bind("lifecycles", arrayOrNull(needsEntity ? filter.lifecycle() : null))
                .bind("after", afterKey == null ? "" : afterKey)
                .bind("limit", limit + 1)
                .map(row -> Map.entry(row.get("parent", String.class), new Object[] {
                        intOf(row, "total"),
                        intOf(row, "rn") > intOf(row, "skipped")
                                ? new RelatedPage.Row(row.get("target_key", String.class), row.get("target_ref", String.class),
                                        row.get("entity_key", String.class) == null ? null : entity(row))
                                : null}))
                .all()
                .collectList()
                .map(rows -> {
                    Map<String, List<Object[]>> byParent = new LinkedHashMap<>();
                    rows.forEach(e -> byParent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
                    Map<String, RelatedPage> pages = new LinkedHashMap<>();
                    byParent.forEach((parent, list) -> {
                        List<RelatedPage.Row> page = list.stream().filter(o -> o[1] != null).map(o -> (RelatedPage.Row) o[1]).toList();
                        pages.put(parent, new RelatedPage((Integer) list.get(0)[0], page.size() > limit ? page.subList(0, limit) : page,
                                page.size() > limit));
                    });
                    return pages;
                });
    }

    /** The first problems about each entity (at most {@code perEntity}), by entity key. */
    public Mono<Map<String, List<StoredProblem>>> problemsFor(Collection<String> keys, int perEntity) {
        return db.sql("""
                        SELECT * FROM (SELECT p.*, row_number() OVER (PARTITION BY lower(entity_ref) ORDER BY id) AS rn
                                       FROM problems p WHERE lower(entity_ref) = ANY(CAST(:keys AS text[]))) x
                        WHERE rn <= :n ORDER BY id""")
                .bind("keys", keys.toArray(String[]::new))
                .bind("n", perEntity)
                .map(row -> problem(row))
                .all()
                .collect(Collectors.groupingBy(p -> p.entityRef().toLowerCase(Locale.ROOT)));
    }

    public Flux<StoredProblem> problems(String source, String entityKey, String severity, String locationContains, int limit) {
        return db.sql("""
                        SELECT * FROM problems
                        WHERE (CAST(:source AS text) IS NULL OR source = :source)
                          AND (CAST(:entity AS text) IS NULL OR lower(entity_ref) = :entity)
                          AND (CAST(:severity AS text) IS NULL OR severity = :severity)
                          AND (CAST(:location AS text) IS NULL OR strpos(location, :location) > 0)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("source", Parameter.fromOrEmpty(source, String.class))
                .bind("entity", Parameter.fromOrEmpty(entityKey, String.class))
                .bind("severity", Parameter.fromOrEmpty(severity, String.class))
                .bind("location", Parameter.fromOrEmpty(locationContains, String.class))
                .bind("limit", limit)
                .map(row -> problem(row))
                .all();
    }

    /** Relations as edges, ordered by (source, type, target), after the given triple. */
    public Mono<List<StoredRelation>> edges(List<String> types, String sourceKey, String targetKey, List<String> after, int limit) {
        return db.sql("""
                        SELECT DISTINCT ON (source_key, type, target_key) source_key, source_ref, type, target_key, target_ref
                        FROM relations
                        WHERE (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))
                          AND (CAST(:source AS text) IS NULL OR source_key = :source)
                          AND (CAST(:target AS text) IS NULL OR target_key = :target)
                          AND (source_key, type, target_key) > (:a1, :a2, :a3)
                        ORDER BY source_key, type, target_key LIMIT :limit""")
                .bind("types", exactOrNull(types))
                .bind("source", Parameter.fromOrEmpty(sourceKey, String.class))
                .bind("target", Parameter.fromOrEmpty(targetKey, String.class))
                .bind("a1", after == null ? "" : after.get(0))
                .bind("a2", after == null ? "" : after.get(1))
                .bind("a3", after == null ? "" : after.get(2))
                .bind("limit", limit)
                .map(row -> relation(row))
                .all()
                .collectList();
    }

    public Mono<Long> edgeCount(List<String> types, String sourceKey, String targetKey) {
        return db.sql("""
                        SELECT count(*) AS n FROM (SELECT DISTINCT source_key, type, target_key FROM relations
                        WHERE (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))
                          AND (CAST(:source AS text) IS NULL OR source_key = :source)
                          AND (CAST(:target AS text) IS NULL OR target_key = :target)) d""")
                .bind("types", exactOrNull(types))
                .bind("source", Parameter.fromOrEmpty(sourceKey, String.class))
                .bind("target", Parameter.fromOrEmpty(targetKey, String.class))
                .map(row -> row.get("n", Long.class))
                .one();
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

    public Mono<Map<String, Long>> entityCountsBySource() {
        return countsBy("SELECT source, count(*) AS n FROM entities GROUP BY source");
    }

    public Mono<Map<String, Long>> problemCountsBySource() {
        return countsBy("SELECT source, count(*) AS n FROM problems GROUP BY source");
    }

    private Mono<Map<String, Long>> countsBy(String sql) {
        return db.sql(sql)
                .map(row -> Map.entry(row.get("source", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static Parameter arrayOrNull(List<String> values) {
        return values == null || values.isEmpty()
                ? Parameter.empty(String[].class)
                : Parameter.from(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new));
    }

    /** Relation types are case-sensitive (ownedBy, dependsOn), so they are bound as given. */
    private static Parameter exactOrNull(List<String> values) {
        return values == null || values.isEmpty() ? Parameter.empty(String[].class) : Parameter.from(values.toArray(String[]::new));
    }

    private static boolean notEmpty(List<?> values) {
        return values != null && !values.isEmpty();
    }

    private static int intOf(Readable row, String column) {
        Number value = row.get(column, Number.class);
        return value == null ? 0 : value.intValue();
    }

    static StoredEntity entity(Readable row) {
        return new StoredEntity(row.get("entity_key", String.class), row.get("ref", String.class), row.get("kind", String.class),
                row.get("namespace", String.class), row.get("name", String.class), row.get("title", String.class),
                row.get("description", String.class), row.get("source", String.class), row.get("location", String.class),
                intOf(row, "line"), row.get("descriptor", String.class));
    }

    private static StoredRelation relation(Readable row) {
        return new StoredRelation(row.get("source_key", String.class), row.get("source_ref", String.class),
                row.get("type", String.class), row.get("target_key", String.class), row.get("target_ref", String.class));
    }

    private static StoredRun run(Readable row) {
        return new StoredRun(row.get("id", Long.class), row.get("source", String.class),
                row.get("started_at", OffsetDateTime.class), row.get("finished_at", OffsetDateTime.class),
                row.get("status", String.class), row.get("commit_id", String.class), intOf(row, "files_read"),
                intOf(row, "entities_read"), intOf(row, "changed"), intOf(row, "deleted"), intOf(row, "failed"),
                row.get("message", String.class));
    }

    private static StoredProblem problem(Readable row) {
        return new StoredProblem(row.get("id", Long.class), row.get("source", String.class), row.get("run_id", Long.class),
                row.get("severity", String.class), row.get("location", String.class), intOf(row, "line"),
                row.get("entity_ref", String.class), row.get("message", String.class), row.get("created_at", OffsetDateTime.class));
    }
}
