package io.stagehand.catalog.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Graph walks in PostgreSQL: a recursive CTE bounded by depth, deduplicating (node, depth) pairs so
 * cycles cannot make it loop, and a breadth-first shortest path, one indexed query per level.
 */
@Repository
public class GraphQueries {

    /** Which way relations are followed. */
    public enum Direction {
        OUTGOING, INCOMING, BOTH
    }

    private final DatabaseClient db;

    private final CatalogCache cache;

    public GraphQueries(DatabaseClient db, CatalogCache cache) {
        this.db = db;
        this.cache = cache;
    }

    /**
     * A bounded walk from the roots along relations of the given types, never through an entity the
     * current request may not see; cached until the next write.
     */
    public Mono<GraphWalk> walk(List<String> rootKeys, List<String> types, Direction direction, int maxDepth, int maxNodes) {
        return Visibility.current().flatMap(visibility -> cache.memo(walk -> 64 * walk.nodes().size() + 96 * walk.edges().size(),
                () -> loadWalk(rootKeys, types, direction, maxDepth, maxNodes, visibility),
                "walk", rootKeys, types, direction, maxDepth, maxNodes, visibility));
    }

    private Mono<GraphWalk> loadWalk(List<String> rootKeys, List<String> types, Direction direction, int maxDepth, int maxNodes,
            Visibility visibility) {
        FilterSql visible = new FilterSql();
        String step = switch (direction) {
            case OUTGOING -> "SELECT r.target_key, w.depth + 1 FROM walk w JOIN relations r ON r.source_key = w.key"
                    + " WHERE w.depth < :maxDepth AND " + typeCondition() + " AND " + visibility.visibleKey("r.target_key", visible);
            case INCOMING -> "SELECT r.source_key, w.depth + 1 FROM walk w JOIN relations r ON r.target_key = w.key"
                    + " WHERE w.depth < :maxDepth AND " + typeCondition() + " AND " + visibility.visibleKey("r.source_key", visible);
            case BOTH -> "SELECT CASE WHEN r.source_key = w.key THEN r.target_key ELSE r.source_key END, w.depth + 1"
                    + " FROM walk w JOIN relations r ON (r.source_key = w.key OR r.target_key = w.key)"
                    + " WHERE w.depth < :maxDepth AND " + typeCondition() + " AND " + visibility.visibleKey("r.source_key", visible)
                    + " AND " + visibility.visibleKey("r.target_key", visible);
        };
        // UNION (not UNION ALL) drops repeated (key, depth) pairs, so a cycle adds at most one row per depth.
        // Refs are looked up only for the nodes kept; a node not in the catalog takes the ref a relation wrote.
        String sql = "WITH RECURSIVE walk(key, depth) AS (SELECT root COLLATE \"C\", 0 FROM unnest(CAST(:roots AS text[])) root"
                + " WHERE " + visibility.visibleKey("root", visible) + " UNION " + step + "),"
                + " reached AS (SELECT key, min(depth) AS depth FROM walk GROUP BY key ORDER BY 2, 1 LIMIT :limit)"
                + " SELECT w.key, w.depth, coalesce(e.ref, (SELECT target_ref FROM relations WHERE target_key = w.key LIMIT 1), w.key) AS ref"
                + " FROM reached w LEFT JOIN entities e ON e.entity_key = w.key ORDER BY 2, 1";
        return Rows.bindAll(db.sql(sql), visible.params())
                .bind("roots", rootKeys.toArray(String[]::new))
                .bind("types", types(types))
                .bind("maxDepth", maxDepth)
                .bind("limit", maxNodes + 1)
                .map(row -> new GraphWalk.Node(row.get("key", String.class), row.get("ref", String.class), row.get("depth", Integer.class)))
                .all()
                .collectList()
                .flatMap(rows -> {
                    List<GraphWalk.Node> nodes = rows.size() > maxNodes ? rows.subList(0, maxNodes) : rows;
                    return edges(nodes, types, direction, rows.size() > maxNodes, visibility);
                });
    }

    /**
     * The walk with its edges: every relation of the walked types at a reached node, in the walk's
     * direction. One that leads out of the reached nodes means a bound cut the walk: the node limit, or
     * the depth limit at a node of the last level.
     */
    private Mono<GraphWalk> edges(List<GraphWalk.Node> nodes, List<String> types, Direction direction, boolean cut, Visibility visibility) {
        Map<String, GraphWalk.Node> reached = new HashMap<>();
        nodes.forEach(n -> reached.put(n.key(), n));
        String at = switch (direction) {
            case OUTGOING -> "source_key = ANY(CAST(:keys AS text[]))";
            case INCOMING -> "target_key = ANY(CAST(:keys AS text[]))";
            case BOTH -> "(source_key = ANY(CAST(:keys AS text[])) OR target_key = ANY(CAST(:keys AS text[])))";
        };
        FilterSql visible = new FilterSql();
        String bothVisible = visibility.visibleKey("source_key", visible) + " AND " + visibility.visibleKey("target_key", visible);
        return Rows.bindAll(db.sql("SELECT DISTINCT source_key, type, target_key FROM relations WHERE " + at + " AND " + typeCondition()
                        + " AND " + bothVisible + " ORDER BY source_key, type, target_key"), visible.params())
                .bind("keys", reached.keySet().toArray(String[]::new))
                .bind("types", types(types))
                .map(row -> new KeyEdge(row.get("source_key", String.class), row.get("type", String.class), row.get("target_key", String.class)))
                .all()
                .collectList()
                .map(rows -> {
                    List<GraphWalk.Edge> edges = new ArrayList<>(rows.size());
                    boolean truncated = cut;
                    for (KeyEdge r : rows) {
                        GraphWalk.Node source = reached.get(r.sourceKey());
                        GraphWalk.Node target = reached.get(r.targetKey());
                        if (source == null || target == null) {
                            truncated = true;
                        } else {
                            edges.add(new GraphWalk.Edge(source.ref(), r.type(), target.ref(), switch (direction) {
                                case OUTGOING -> source.depth();
                                case INCOMING -> target.depth();
                                case BOTH -> Math.min(source.depth(), target.depth());
                            }));
                        }
                    }
                    return new GraphWalk(nodes, edges, truncated);
                });
    }

    /** An edge of a walk as keys, before its ends are known to be reached. */
    private record KeyEdge(String sourceKey, String type, String targetKey) {
    }

    /**
     * A shortest path as the relations along it, from {@code fromKey} on, or empty when there is none
     * within maxDepth that passes only entities the current request may see.
     */
    public Mono<List<StoredRelation>> shortestPath(String fromKey, String toKey, List<String> types, int maxDepth) {
        Map<String, StoredRelation> cameFrom = new HashMap<>();
        Set<String> seen = new HashSet<>(List.of(fromKey));
        return Visibility.current().flatMap(visibility -> level(List.of(fromKey), toKey, types, maxDepth, cameFrom, seen, visibility))
                .map(found -> {
                    if (!found) {
                        return List.<StoredRelation>of();
                    }
                    List<StoredRelation> path = new ArrayList<>();
                    for (String key = toKey; cameFrom.containsKey(key); key = cameFrom.get(key).sourceKey()) {
                        path.add(0, cameFrom.get(key));
                    }
                    return path;
                });
    }

    /** One breadth-first level; cameFrom maps a key to the relation it was first reached by. */
    private Mono<Boolean> level(Collection<String> frontier, String toKey, List<String> types, int remaining,
            Map<String, StoredRelation> cameFrom, Set<String> seen, Visibility visibility) {
        if (frontier.isEmpty() || remaining == 0) {
            return Mono.just(false);
        }
        FilterSql visible = new FilterSql();
        String bothVisible = visibility.visibleKey("source_key", visible) + " AND " + visibility.visibleKey("target_key", visible);
        return Rows.bindAll(db.sql("SELECT DISTINCT source_key, source_ref, type, target_key, target_ref FROM relations"
                        + " WHERE source_key = ANY(CAST(:keys AS text[])) AND " + typeCondition() + " AND " + bothVisible
                        + " ORDER BY source_key, type, target_key"), visible.params())
                .bind("keys", frontier.toArray(String[]::new))
                .bind("types", types(types))
                .map(row -> new StoredRelation(row.get("source_key", String.class), row.get("source_ref", String.class),
                        row.get("type", String.class), row.get("target_key", String.class), row.get("target_ref", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> {
                    List<String> next = new ArrayList<>();
                    for (StoredRelation r : rows) {
                        if (seen.add(r.targetKey())) {
                            cameFrom.put(r.targetKey(), r);
                            next.add(r.targetKey());
                        }
                    }
                    return seen.contains(toKey) ? Mono.just(true) : level(next, toKey, types, remaining - 1, cameFrom, seen, visibility);
                });
    }

    private static String typeCondition() {
        return "(CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[])))";
    }

    private static Parameter types(List<String> types) {
        return types == null || types.isEmpty() ? Parameter.empty(String[].class) : Parameter.from(types.toArray(String[]::new));
    }
}
