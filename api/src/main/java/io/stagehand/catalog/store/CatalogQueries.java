package io.stagehand.catalog.store;

import static io.stagehand.catalog.store.Rows.intOf;

import io.r2dbc.spi.Readable;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityOrder;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.RelationTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reads of entities: by key (batched, through the cache), filtered pages, counts and facets.
 * Relations, problems and runs have their own query classes beside this one.
 */
@NamedInterface("store")
@Repository
public class CatalogQueries {

    static final String ENTITY_COLUMNS =
            "e.entity_key, e.ref, e.kind, e.namespace, e.name, e.title, e.description, e.source, e.location, e.line, e.uid, encode(sha256(convert_to(e.content_hash, 'UTF8')), 'hex') AS etag, e.descriptor::text AS descriptor";

    private final DatabaseClient db;
    private final CatalogCache cache;

    public CatalogQueries(DatabaseClient db, CatalogCache cache) {
        this.db = db;
        this.cache = cache;
    }

    /** The entities with these keys that exist and the current request may see, read through the cache. */
    public Mono<Map<String, StoredEntity>> entitiesByKeys(Collection<String> keys) {
        Mono<Map<String, StoredEntity>> existing = cache.readThrough(CatalogCache.Generation::entities, keys,
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
        return existing.flatMap(found -> hidden(found.keySet()).map(hidden -> {
            found.keySet().removeAll(hidden);
            return found;
        }));
    }

    /**
     * The entity with this uid, if it exists and the current request may see it. Uids are not unique
     * across sources (two Backstage sources may mirror one): of several, the first visible by ref.
     */
    public Mono<StoredEntity> entityByUid(String uid) {
        if (uid.isEmpty() || uid.length() > IngestedEntity.MAX_UID_LENGTH) {
            return Mono.empty();
        }
        return db.sql("SELECT entity_key FROM entities WHERE uid = :uid ORDER BY entity_key LIMIT 10")
                .bind("uid", uid)
                .map(row -> row.get("entity_key", String.class))
                .all()
                .collectList()
                .flatMap(keys -> entitiesByKeys(keys).mapNotNull(found -> keys.stream().filter(found::containsKey).map(found::get)
                        .findFirst().orElse(null)));
    }

    /**
     * The Location chains of these entities (keys only, each entity's whether or not the caller may
     * see it: callers read the entities through {@link #entitiesByKeys}). A Location is found in the
     * same source at the file its {@code via} names, one join on the source and location index.
     */
    public Mono<Map<String, Ancestry>> ancestries(Collection<String> keys) {
        return db.sql("""
                        SELECT t.entity_key AS target, cardinality(t.via) AS depth, v.i AS level, e.entity_key AS location_key
                        FROM entities t CROSS JOIN LATERAL unnest(t.via) WITH ORDINALITY AS v(loc, i)
                        LEFT JOIN entities e ON e.source = t.source AND e.location = v.loc AND lower(e.kind) = 'location'
                        WHERE t.entity_key = ANY(CAST(:keys AS text[]))
                        ORDER BY t.entity_key, v.i, e.entity_key""")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> new String[] {row.get("target", String.class), String.valueOf(row.get("depth", Integer.class)),
                        String.valueOf(row.get("level", Long.class)), row.get("location_key", String.class)})
                .all()
                .collectList()
                .map(rows -> {
                    Map<String, List<List<String>>> levels = new HashMap<>();
                    for (String[] row : rows) {
                        List<List<String>> chain = levels.computeIfAbsent(row[0], k -> {
                            List<List<String>> empty = new ArrayList<>();
                            for (int i = 0; i < Integer.parseInt(row[1]); i++) {
                                empty.add(new ArrayList<>());
                            }
                            return empty;
                        });
                        if (row[3] != null) {
                            chain.get(Integer.parseInt(row[2]) - 1).add(row[3]);
                        }
                    }
                    Map<String, Ancestry> found = new HashMap<>();
                    keys.forEach(key -> found.put(key, new Ancestry(key, levels.getOrDefault(key, List.of()))));
                    return found;
                });
    }

    /**
     * The sources no longer configured whose entities are still kept (their entities are Backstage's
     * orphans, {@code backstage.io/orphan}); remembered until the next write or sweep of orphans.
     */
    public Mono<Set<String>> orphanedSources() {
        return cache.memo(sources -> 16 + sources.stream().mapToInt(source -> 48 + source.length()).sum(),
                () -> db.sql("SELECT source FROM orphaned_sources").map(row -> row.get("source", String.class)).all()
                        .collect(Collectors.toUnmodifiableSet()), "orphanedSources");
    }

    /**
     * Of these keys, those of entities the current request may not see (none when it sees all). A
     * key of no entity is never hidden: a relation to a ref not in the catalog reveals nothing.
     */
    public Mono<Set<String>> hidden(Collection<String> keys) {
        return Visibility.current().flatMap(visibility -> {
            if (!visibility.restricted() || keys.isEmpty()) {
                return Mono.just(Set.<String>of());
            }
            // every hidden key known at once where they fit in the cache; per key until then or else
            Set<String> hiddenKeys = cache.whole(List.of("hidden", visibility), max -> everyHidden(visibility, max));
            if (hiddenKeys != null) {
                return Mono.just(keys.stream().filter(hiddenKeys::contains).collect(Collectors.toUnmodifiableSet()));
            }
            // remembered per key: lookups of random entities share most of their owners and targets
            return cache.perKey(List.of("hidden", visibility), new TreeSet<>(keys), missing -> {
                FilterSql sql = new FilterSql();
                String keyList = sql.bind(missing.toArray(String[]::new));
                String statement = "SELECT e.entity_key FROM entities e WHERE e.entity_key = ANY(CAST(" + keyList + " AS text[]))"
                        + " AND NOT " + visibility.condition(sql);
                return Rows.bindAll(db.sql(statement), sql.params())
                        .map(row -> row.get("entity_key", String.class))
                        .all()
                        .collect(Collectors.toUnmodifiableSet());
            });
        });
    }

    /** The keys of every entity the visibility hides, or empty when there are more than {@code max}. */
    private Mono<Optional<Set<String>>> everyHidden(Visibility visibility, int max) {
        FilterSql sql = new FilterSql();
        String statement = "SELECT e.entity_key FROM entities e WHERE NOT " + visibility.condition(sql) + " LIMIT " + (max + 1);
        return Rows.bindAll(db.sql(statement), sql.params())
                .map(row -> row.get("entity_key", String.class))
                .all()
                .collect(Collectors.toUnmodifiableSet())
                .map(found -> found.size() > max ? Optional.<Set<String>>empty() : Optional.of(found));
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
    public Mono<EntityPage> search(EntityFilter asked, List<EntityOrder> order, List<String> after, int limit, boolean withDescriptor) {
        return search(asked, order, PageWindow.forward(after, limit), withDescriptor);
    }

    /**
     * The page of entities matching the filter in the given order that the window names. Cursors are
     * keyset conditions in both directions: a page from the end is read in the reversed order, then
     * turned round, so no cursor ever counts the rows it skips.
     */
    public Mono<EntityPage> search(EntityFilter asked, List<EntityOrder> order, PageWindow window, boolean withDescriptor) {
        return Visibility.current().flatMap(visibility -> {
            EntityFilter filter = visibility.and(asked);
            return cache.memo(page -> page.rows().stream().mapToInt(row -> 64 + CatalogCache.weight(row.entity())).sum(),
                    () -> loadPage(filter, sortKeys(order), window, withDescriptor),
                    "search", filter, order, window, withDescriptor);
        });
    }

    /** The order asked for, ending with the ref in the last key's direction so that every row has its own place. */
    private static List<EntityOrder> sortKeys(List<EntityOrder> order) {
        List<EntityOrder> orders = new ArrayList<>(order == null ? List.of() : order);
        orders.add(new EntityOrder(EntityOrder.Field.REF, orders.isEmpty() ? EntityOrder.Direction.ASC : orders.get(orders.size() - 1).direction()));
        return orders;
    }

    private Mono<EntityPage> loadPage(EntityFilter filter, List<EntityOrder> orders, PageWindow window, boolean withDescriptor) {
        FilterSql sql = new FilterSql();
        List<FilterSql.SortKey> keys = keysOf(orders, window.fromEnd());
        // the sort values are computed once, in the inner query, and compared by name: a path's value is a subquery
        String entityColumns = withDescriptor ? ENTITY_COLUMNS : ENTITY_COLUMNS.replace("e.descriptor::text AS descriptor", "NULL AS descriptor");
        String rows = sortedRows(entityColumns, filter, orders, sql);
        String orderBy = keys.stream().map(k -> k.column() + (k.descending() ? " DESC" : " ASC")).collect(Collectors.joining(", "));
        Mono<List<EntityPage.Row>> read = Rows.bindAll(db.sql("SELECT * FROM (" + rows + ") e WHERE " + between(window, orders, sql)
                        + " ORDER BY " + orderBy + " LIMIT :limit OFFSET :offset"), sql.params())
                .bind("limit", window.limit() + 1)
                .bind("offset", window.offset())
                .map(row -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < orders.size(); i++) {
                        values.add(row.get("s_" + i, String.class));
                    }
                    return new EntityPage.Row(entity(row), values);
                })
                .all()
                .collectList();
        return read.flatMap(found -> {
            boolean more = found.size() > window.limit();
            List<EntityPage.Row> page = new ArrayList<>(more ? found.subList(0, window.limit()) : found);
            if (window.fromEnd()) {
                Collections.reverse(page);
            }
            // what lies beyond a cursor is outside the window: only a query of its own can tell
            Mono<Boolean> beforeAfterCursor = window.after() == null || !window.exactEdges() ? Mono.just(false)
                    : beyond(filter, orders, false, window.after());
            Mono<Boolean> pastBeforeCursor = window.before() == null || !window.exactEdges() ? Mono.just(false)
                    : beyond(filter, orders, true, window.before());
            Mono<Boolean> previous = window.fromEnd() && more ? Mono.just(true)
                    : window.offset() > 0 ? Mono.just(true) : beforeAfterCursor;
            Mono<Boolean> next = !window.fromEnd() && more ? Mono.just(true) : pastBeforeCursor;
            return Mono.zip(next, previous).map(edges -> new EntityPage(List.copyOf(page), edges.getT1(), edges.getT2()));
        });
    }

    /** The keyset conditions of the window's cursors. */
    private static String between(PageWindow window, List<EntityOrder> orders, FilterSql sql) {
        List<String> conditions = new ArrayList<>();
        if (window.after() != null) {
            conditions.add(sql.after(keysOf(orders, false), window.after()));
        }
        if (window.before() != null) {
            conditions.add(sql.after(keysOf(orders, true), window.before()));
        }
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    /**
     * Whether a matching row lies at or beyond the cursor's row, seen from the page: before it in the
     * order for an {@code after} cursor, after it for a {@code before} cursor. The cursor's own row
     * counts, so a page that follows the first row still has a previous page.
     */
    private Mono<Boolean> beyond(EntityFilter filter, List<EntityOrder> orders, boolean reversed, List<String> cursor) {
        FilterSql sql = new FilterSql();
        String rows = sortedRows("e.entity_key", filter, orders, sql);
        return Rows.bindAll(db.sql("SELECT EXISTS (SELECT 1 FROM (" + rows + ") e WHERE NOT " + sql.after(keysOf(orders, reversed), cursor)
                        + ") AS found"), sql.params())
                .map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)))
                .one();
    }

    /** The matching rows with their sort values as {@code s_0}, {@code s_1}, ... */
    private static String sortedRows(String columns, EntityFilter filter, List<EntityOrder> orders, FilterSql sql) {
        String where = sql.where(filter);
        StringBuilder select = new StringBuilder("SELECT ").append(columns);
        for (int i = 0; i < orders.size(); i++) {
            select.append(", ").append(column(orders.get(i), sql)).append(" AS s_").append(i);
        }
        return select.append(" FROM entities e WHERE ").append(where).toString();
    }

    private static List<FilterSql.SortKey> keysOf(List<EntityOrder> orders, boolean reversed) {
        List<FilterSql.SortKey> keys = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            boolean descending = orders.get(i).direction() == EntityOrder.Direction.DESC;
            keys.add(new FilterSql.SortKey("s_" + i, null, descending != reversed));
        }
        return keys;
    }

    public Mono<Long> count(EntityFilter asked) {
        return Visibility.current().flatMap(visibility -> {
            EntityFilter filter = visibility.and(asked);
            return cache.memo(n -> 16, () -> loadCount(filter), "count", filter);
        });
    }

    private Mono<Long> loadCount(EntityFilter filter) {
        FilterSql sql = new FilterSql();
        return Rows.bindAll(db.sql("SELECT count(*) AS n FROM entities e WHERE " + sql.where(filter)), sql.params())
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Value counts of a facet among the entities matching the filter, most common first. */
    public Flux<Map.Entry<String, Long>> facets(String field, EntityFilter asked) {
        return Visibility.current().flatMap(visibility -> {
            EntityFilter filter = visibility.and(asked);
            return cache.<List<Map.Entry<String, Long>>>memo(values -> values.stream().mapToInt(v -> 48 + v.getKey().length()).sum(),
                    () -> loadFacets(field, filter).collectList(), "facets", field, filter);
        }).flatMapIterable(values -> values);
    }

    private Flux<Map.Entry<String, Long>> loadFacets(String field, EntityFilter filter) {
        return countValues(sql -> {
            String where = sql.where(filter);
            return switch (field) {
                case "KIND" -> "SELECT e.kind AS v, count(*) AS n FROM entities e WHERE " + where + " GROUP BY 1";
                case "NAMESPACE" -> "SELECT e.namespace AS v, count(*) AS n FROM entities e WHERE " + where + " GROUP BY 1";
                case "TYPE" -> "SELECT e.spec_type AS v, count(*) AS n FROM entities e WHERE e.spec_type IS NOT NULL AND " + where + " GROUP BY 1";
                case "LIFECYCLE" -> "SELECT e.lifecycle AS v, count(*) AS n FROM entities e WHERE e.lifecycle IS NOT NULL AND " + where + " GROUP BY 1";
                case "TAG" -> "SELECT t AS v, count(*) AS n FROM entities e, unnest(e.tags) t WHERE " + where + " GROUP BY 1";
                case "OWNER" -> relationFacet("r.type = '" + RelationTypes.OWNED_BY + "'", where);
                case "SYSTEM" -> relationFacet("r.type = '" + RelationTypes.PART_OF + "' AND r.target_key LIKE 'system:%'", where);
                default -> throw new IllegalArgumentException("Unknown facet " + field);
            };
        });
    }

    /** Value counts at a Backstage dot path among the entities matching the filter, the values as written, most common first. */
    public Flux<Map.Entry<String, Long>> facetsOfPath(String path, EntityFilter asked) {
        String key = new EntityFilter.PathMatch(path, null, null).path();
        return Visibility.current().flatMap(visibility -> {
            EntityFilter filter = visibility.and(asked);
            return cache.<List<Map.Entry<String, Long>>>memo(values -> values.stream().mapToInt(v -> 48 + v.getKey().length()).sum(),
                    () -> countValues(sql -> PathSql.facet(key, sql.where(filter), sql)).collectList(), "facetsOfPath", key, filter);
        }).flatMapIterable(values -> values);
    }

    private Flux<Map.Entry<String, Long>> countValues(Function<FilterSql, String> query) {
        FilterSql sql = new FilterSql();
        return Rows.bindAll(db.sql(query.apply(sql) + " ORDER BY n DESC, v"), sql.params())
                .map(row -> Map.entry(row.get("v", String.class), row.get("n", Long.class)))
                .all();
    }

    private static String relationFacet(String relation, String where) {
        return "SELECT min(r.target_ref) AS v, count(DISTINCT e.entity_key) AS n FROM entities e JOIN relations r"
                + " ON r.source_key = e.entity_key AND " + relation + " WHERE " + where + " GROUP BY r.target_key";
    }

    public Mono<Map<String, Long>> entityCountsBySource() {
        return Rows.countsBySource(db, "SELECT source, count(*) AS n FROM entities GROUP BY source");
    }

    /** Compact once here, as the row is read, so the cache keeps what every answer serves as it is. */
    private static String descriptor(String jsonb) {
        return jsonb == null ? null : StoredJson.compact(jsonb);
    }

    static StoredEntity entity(Readable row) {
        return new StoredEntity(row.get("entity_key", String.class), row.get("ref", String.class), row.get("kind", String.class),
                row.get("namespace", String.class), row.get("name", String.class), row.get("title", String.class),
                row.get("description", String.class), row.get("source", String.class), row.get("location", String.class),
                intOf(row, "line"), row.get("uid", String.class), row.get("etag", String.class), descriptor(row.get("descriptor", String.class)));
    }

    private static String column(EntityOrder order, FilterSql sql) {
        return switch (order.field()) {
            case NAME -> "lower(e.name)";
            case KIND -> "lower(e.kind)";
            case TITLE -> "lower(coalesce(e.title, e.name))";
            case REF -> "e.entity_key";
            case PATH -> PathSql.sortValue(order.path(), order.direction() == EntityOrder.Direction.DESC, "e", sql);
        };
    }
}
