package io.stagehand.catalog.store;

import static io.stagehand.catalog.store.Rows.exactOrNull;
import static io.stagehand.catalog.store.Rows.intOf;
import static io.stagehand.catalog.store.Rows.lowerCasedOrNull;

import io.r2dbc.spi.Readable;
import io.stagehand.model.RelationFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The reads of relations: each entity's outgoing relations, pages of related entities, and edges. */
@Repository
public class RelationQueries {

    private final DatabaseClient db;
    private final CatalogCache cache;
    private final CatalogQueries entities;

    public RelationQueries(DatabaseClient db, CatalogCache cache, CatalogQueries entities) {
        this.db = db;
        this.cache = cache;
        this.entities = entities;
    }

    /**
     * Outgoing relations of each entity (optionally of some types), deduplicated across the entities
     * that emitted them, ordered by type and target; read through the cache. Relations to entities
     * the current request may not see are left out.
     */
    public Mono<Map<String, List<StoredRelation>>> relationsFrom(Collection<String> keys, List<String> types) {
        return cache.readThrough(CatalogCache.Generation::relations, keys, this::loadRelations, List.of()).flatMap(byKey -> {
            Set<String> targets = new HashSet<>();
            byKey.values().forEach(relations -> relations.forEach(r -> targets.add(r.targetKey())));
            return entities.hidden(targets).map(hidden -> {
                if (hidden.isEmpty() && (types == null || types.isEmpty())) {
                    return byKey;
                }
                Map<String, List<StoredRelation>> shown = new HashMap<>();
                byKey.forEach((key, relations) -> shown.put(key, relations.stream()
                        .filter(r -> (types == null || types.isEmpty() || types.contains(r.type())) && !hidden.contains(r.targetKey()))
                        .toList()));
                return shown;
            });
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

    /** One row of {@link #related}: the parent's total, and the related entity unless the row only carries the total. */
    private record RelatedRow(String parent, int total, RelatedPage.Row row) {
    }

    /**
     * For each parent, a page of the entities it is related to by one relation type (targets of
     * the relations whose source is the parent), optionally of one kind only and filtered.
     */
    public Mono<Map<String, RelatedPage>> related(Collection<String> parents, String type, String kind, RelationFilter filter,
            String afterKey, int limit) {
        List<String> kinds = new ArrayList<>();
        if (kind != null) {
            kinds.add(kind);
        }
        if (filter != null && filter.kind() != null) {
            kinds.addAll(filter.kind());
        }
        boolean needsEntity = filter != null && (notEmpty(filter.type()) || notEmpty(filter.lifecycle()));
        return Visibility.current().flatMap(visibility -> related(parents, type, kinds, needsEntity ? filter : null, afterKey, limit, visibility));
    }

    private Mono<Map<String, RelatedPage>> related(Collection<String> parents, String type, List<String> kinds, RelationFilter filter,
            String afterKey, int limit, Visibility visibility) {
        FilterSql visible = new FilterSql();
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
                          AND (e.entity_key IS NULL OR %s)
                    ) x
                ) y WHERE (y.rn > y.skipped AND y.rn <= y.skipped + :limit) OR y.rn = 1
                ORDER BY y.parent, y.target_key""".formatted(CatalogQueries.ENTITY_COLUMNS.replace("e.entity_key, ", "e.entity_key AS entity_key, "),
                visibility.condition(visible));
        return Rows.bindAll(db.sql(sql), visible.params())
                .bind("parents", parents.toArray(String[]::new))
                .bind("type", type)
                .bind("kinds", lowerCasedOrNull(kinds))
                .bind("types", lowerCasedOrNull(filter == null ? null : filter.type()))
                .bind("lifecycles", lowerCasedOrNull(filter == null ? null : filter.lifecycle()))
                .bind("after", afterKey == null ? "" : afterKey)
                .bind("limit", limit + 1)
                .map(row -> new RelatedRow(row.get("parent", String.class), intOf(row, "total"),
                        intOf(row, "rn") > intOf(row, "skipped") ? relatedEntity(row) : null))
                .all()
                .collectList()
                .map(rows -> pages(rows, limit));
    }

    private static RelatedPage.Row relatedEntity(Readable row) {
        return new RelatedPage.Row(row.get("target_key", String.class), row.get("target_ref", String.class),
                row.get("entity_key", String.class) == null ? null : CatalogQueries.entity(row));
    }

    private static Map<String, RelatedPage> pages(List<RelatedRow> rows, int limit) {
        Map<String, List<RelatedRow>> byParent = new LinkedHashMap<>();
        rows.forEach(row -> byParent.computeIfAbsent(row.parent(), k -> new ArrayList<>()).add(row));
        Map<String, RelatedPage> pages = new LinkedHashMap<>();
        byParent.forEach((parent, list) -> {
            List<RelatedPage.Row> page = list.stream().map(RelatedRow::row).filter(r -> r != null).toList();
            pages.put(parent, new RelatedPage(list.get(0).total(), page.size() > limit ? page.subList(0, limit) : page, page.size() > limit));
        });
        return pages;
    }

    /** Relations as edges, ordered by (source, type, target), after the given triple. */
    public Mono<List<StoredRelation>> edges(List<String> types, String sourceKey, String targetKey, List<String> after, int limit) {
        return edges(types, sourceKey, targetKey, after, null, limit, false);
    }

    /**
     * Relations as edges strictly between two (source, type, target) triples (either may be null):
     * the first {@code limit} in that order, or {@code fromEnd} the last ones, read in the reversed
     * order and given in it (the caller turns them round).
     */
    public Mono<List<StoredRelation>> edges(List<String> types, String sourceKey, String targetKey, List<String> after, List<String> before,
            int limit, boolean fromEnd) {
        String direction = fromEnd ? " DESC" : "";
        return Visibility.current().flatMap(visibility -> {
            FilterSql visible = new FilterSql();
            var spec = db.sql("""
                        SELECT DISTINCT ON (source_key, type, target_key) source_key, source_ref, type, target_key, target_ref
                        FROM relations
                        WHERE (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))
                          AND (CAST(:source AS text) IS NULL OR source_key = :source)
                          AND (CAST(:target AS text) IS NULL OR target_key = :target)
                          AND (source_key, type, target_key) > (:a1, :a2, :a3)"""
                        + (before == null ? "" : " AND (source_key, type, target_key) < (:b1, :b2, :b3)")
                        + bothEndsVisible(visibility, visible)
                        + "\nORDER BY source_key" + direction + ", type" + direction + ", target_key" + direction + " LIMIT :limit");
            spec = Rows.bindAll(spec, visible.params())
                    .bind("types", exactOrNull(types))
                    .bind("source", Parameter.fromOrEmpty(sourceKey, String.class))
                    .bind("target", Parameter.fromOrEmpty(targetKey, String.class))
                    .bind("a1", after == null ? "" : after.get(0))
                    .bind("a2", after == null ? "" : after.get(1))
                    .bind("a3", after == null ? "" : after.get(2))
                    .bind("limit", limit);
            if (before != null) {
                spec = spec.bind("b1", before.get(0)).bind("b2", before.get(1)).bind("b3", before.get(2));
            }
            return spec.map(row -> relation(row)).all().collectList();
        });
    }

    /**
     * Whether a matching edge lies at or before the triple ({@code atOrBefore}), or at or after it:
     * what a page beside a cursor cannot see by itself.
     */
    public Mono<Boolean> edgeBeyond(List<String> types, String sourceKey, String targetKey, List<String> cursor, boolean atOrBefore) {
        return Visibility.current().flatMap(visibility -> {
            FilterSql visible = new FilterSql();
            return Rows.bindAll(db.sql("""
                        SELECT EXISTS (SELECT 1 FROM relations
                        WHERE (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))
                          AND (CAST(:source AS text) IS NULL OR source_key = :source)
                          AND (CAST(:target AS text) IS NULL OR target_key = :target)
                          AND (source_key, type, target_key) """ + (atOrBefore ? "<=" : ">=") + " (:c1, :c2, :c3)"
                        + bothEndsVisible(visibility, visible) + ") AS found"), visible.params())
                    .bind("types", exactOrNull(types))
                    .bind("source", Parameter.fromOrEmpty(sourceKey, String.class))
                    .bind("target", Parameter.fromOrEmpty(targetKey, String.class))
                    .bind("c1", cursor.get(0))
                    .bind("c2", cursor.get(1))
                    .bind("c3", cursor.get(2))
                    .map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)))
                    .one();
        });
    }

    /** Leaves out relations with an end the request may not see (nothing when it sees all). */
    private static String bothEndsVisible(Visibility visibility, FilterSql sql) {
        return visibility.restricted()
                ? " AND " + visibility.visibleKey("relations.source_key", sql) + " AND " + visibility.visibleKey("relations.target_key", sql) : "";
    }

    public Mono<Long> edgeCount(List<String> types, String sourceKey, String targetKey) {
        return Visibility.current().flatMap(visibility -> {
            FilterSql visible = new FilterSql();
            return Rows.bindAll(db.sql("""
                        SELECT count(*) AS n FROM (SELECT DISTINCT source_key, type, target_key FROM relations
                        WHERE (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))
                          AND (CAST(:source AS text) IS NULL OR source_key = :source)
                          AND (CAST(:target AS text) IS NULL OR target_key = :target)""" + bothEndsVisible(visibility, visible) + ") d"),
                    visible.params())
                    .bind("types", exactOrNull(types))
                    .bind("source", Parameter.fromOrEmpty(sourceKey, String.class))
                    .bind("target", Parameter.fromOrEmpty(targetKey, String.class))
                    .map(row -> row.get("n", Long.class))
                    .one();
        });
    }

    private static boolean notEmpty(List<?> values) {
        return values != null && !values.isEmpty();
    }

    private static StoredRelation relation(Readable row) {
        return new StoredRelation(row.get("source_key", String.class), row.get("source_ref", String.class),
                row.get("type", String.class), row.get("target_key", String.class), row.get("target_ref", String.class));
    }
}
