package io.stagehand.catalog.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.Field;
import graphql.language.VariableReference;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import io.stagehand.catalog.graphql.Views.Edge;
import io.stagehand.catalog.graphql.Views.EntityConnection;
import io.stagehand.catalog.graphql.Views.EntityEdge;
import io.stagehand.catalog.graphql.Views.Facet;
import io.stagehand.catalog.graphql.Views.Graph;
import io.stagehand.catalog.graphql.Views.GraphEdge;
import io.stagehand.catalog.graphql.Views.GraphNode;
import io.stagehand.catalog.graphql.Views.Path;
import io.stagehand.catalog.graphql.Views.RelationConnection;
import io.stagehand.catalog.graphql.Views.RelationEdge;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.EntityPage;
import io.stagehand.catalog.store.GraphQueries;
import io.stagehand.catalog.store.PageWindow;
import io.stagehand.catalog.store.RelationQueries;
import io.stagehand.catalog.store.StoredRelation;
import io.stagehand.graphql.ApiProperties;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.graphql.ConcurrencyLimit;
import io.stagehand.graphql.Cursors;
import io.stagehand.graphql.PageInfo;
import io.stagehand.graphql.Paging;
import io.stagehand.graphql.QueryConditions;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityOrder;
import io.stagehand.model.DescriptorCheck;
import io.stagehand.model.EntityRef;
import io.stagehand.model.Json;
import java.util.ArrayList;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The catalog's read queries: entities, lists, facets, relations, walks and paths. */
@Controller
class CatalogController {

    /** Backstage's location refs: a type, a colon, a target. */
    static final java.util.regex.Pattern LOCATION_REF = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*:.+", java.util.regex.Pattern.DOTALL);

    private final CatalogQueries queries;
    private final RelationQueries relations;
    private final GraphQueries graphs;
    private final ApiProperties limits;
    private final Paging paging;
    private final Cache<List<Field>, Asked> asked = Caffeine.newBuilder().maximumSize(5000).build();
    /** Graph walks and path searches running at once on this server: the rest of the pool stays free for cheap lookups. */
    private final ConcurrencyLimit walks;

    CatalogController(CatalogQueries queries, RelationQueries relations, GraphQueries graphs, ApiProperties limits, Paging paging) {
        this.paging = paging;
        this.queries = queries;
        this.relations = relations;
        this.graphs = graphs;
        this.limits = limits;
        this.walks = new ConcurrencyLimit(limits.maxConcurrentWalks());
    }

    /** Runs a walk within both limits: the request's own (its aliases take turns) and the server's. */
    private <T> Mono<T> limited(DataFetchingEnvironment env, java.util.function.Supplier<Mono<T>> walk) {
        ConcurrencyLimit perRequest = env.getGraphQlContext().computeIfAbsent(ConcurrencyLimit.class,
                k -> new ConcurrencyLimit(limits.maxWalksPerRequest()));
        return perRequest.run(() -> walks.run(walk));
    }

    @QueryMapping
    Mono<EntityView> entity(@Argument String ref) {
        String key = EntityRef.parse(ref).key();
        return queries.entitiesByKeys(List.of(key)).mapNotNull(found -> found.get(key)).map(EntityView::new);
    }

    @QueryMapping
    Mono<EntityView> entityByUid(@Argument String uid) {
        return queries.entityByUid(uid).map(EntityView::new);
    }

    @QueryMapping
    Mono<Views.EntityValidation> validateEntity(@Argument Object descriptor, @Argument String location) {
        if (location != null && !LOCATION_REF.matcher(location).matches()) {
            throw new BadRequestException("Invalid location ref '" + location + "', expected <type>:<target> such as url:https://host/path");
        }
        // CPU work on a request's own descriptor: off the event loop, as ingestion's parsing is
        return Mono.fromCallable(() -> DescriptorCheck.problems(Json.MAPPER.valueToTree(descriptor)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(problems -> new Views.EntityValidation(problems.isEmpty(), problems));
    }

    @QueryMapping
    Mono<List<EntityView>> entitiesByRefs(@Argument List<String> refs) {
        if (refs.size() > limits.maxPageSize()) {
            throw new BadRequestException("At most " + limits.maxPageSize() + " refs per request, got " + refs.size());
        }
        List<String> keys = refs.stream().map(r -> EntityRef.parse(r).key()).toList();
        return queries.entitiesByKeys(keys).map(found -> {
            List<EntityView> views = new ArrayList<>();
            keys.forEach(k -> views.add(found.containsKey(k) ? new EntityView(found.get(k)) : null));
            return views;
        });
    }

    @QueryMapping
    Mono<EntityConnection> entities(@Argument Integer first, @Argument String after, @Argument Integer last, @Argument String before,
            DataFetchingEnvironment env) {
        EntityFilter filter = FilterArguments.entityFilter(env.getArgument("filter"));
        List<EntityOrder> order = FilterArguments.orders(env.getArgument("orderBy"));
        Asked asked = asked(env);
        PageWindow window = window(env, first, after, last, before, order.size() + 1, asked.pageEdges());
        // the count is resolved later, by the connection's field, outside this request's context: it takes this one along
        return Mono.deferContextual(request -> {
            Mono<Long> total = asked.totalCount() ? queries.count(filter).contextWrite(request).cache() : Mono.just(0L);
            return queries.search(filter, order, window, asked.descriptors()).map(page -> {
                List<EntityEdge> edges = new ArrayList<>();
                for (EntityPage.Row row : page.rows()) {
                    edges.add(new EntityEdge(row.sortValues(), new EntityView(row.entity())));
                }
                return new EntityConnection(total, PageInfo.of(page.hasNext(), page.hasPrevious(), edges, EntityEdge::cursor), edges);
            });
        });
    }

    /**
     * Relay's arguments as a window: {@code first} or {@code last} (not both, as Relay advises), each
     * with either cursor. {@code first} has a default, so only one written in the query counts.
     */
    private PageWindow window(DataFetchingEnvironment env, Integer first, String after, Integer last, String before, int cursorSize,
            boolean exactEdges) {
        boolean fromEnd = last != null;
        if (fromEnd && written(env, "first")) {
            throw new BadRequestException("Give either first or last, not both");
        }
        int size = fromEnd ? Paging.bounded("last", last, 0, limits.maxPageSize()) : pageSize(first);
        return new PageWindow(Cursors.decode(after, cursorSize), Cursors.decode(before, cursorSize), 0, size, fromEnd, exactEdges);
    }

    @QueryMapping
    Mono<List<Facet>> facets(@Argument String field, @Argument String path, DataFetchingEnvironment env) {
        if ((field == null) == (path == null)) {
            throw new BadRequestException("facets: give either field or path");
        }
        EntityFilter filter = FilterArguments.entityFilter(env.getArgument("filter"));
        return (field != null ? queries.facets(field, filter) : queries.facetsOfPath(path, filter))
                .map(e -> new Facet(e.getKey(), e.getValue().intValue())).collectList();
    }

    @QueryMapping
    Mono<RelationConnection> relations(@Argument List<String> type, @Argument String source, @Argument String target,
            @Argument Integer first, @Argument String after, @Argument Integer last, @Argument String before, DataFetchingEnvironment env) {
        String sourceKey = source == null ? null : EntityRef.parse(source).key();
        String targetKey = target == null ? null : EntityRef.parse(target).key();
        Asked asked = asked(env);
        PageWindow window = window(env, first, after, last, before, 3, asked.pageEdges());
        int size = window.limit();
        return Mono.deferContextual(request -> {
            Mono<Long> total = asked.totalCount() ? relations.edgeCount(type, sourceKey, targetKey).contextWrite(request).cache() : Mono.just(0L);
            return relations.edges(type, sourceKey, targetKey, window.after(), window.before(), size + 1, window.fromEnd()).flatMap(rows -> {
                boolean more = rows.size() > size;
                List<StoredRelation> page = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
                if (window.fromEnd()) {
                    java.util.Collections.reverse(page);
                }
                List<RelationEdge> edges = page.stream()
                        .map(r -> new RelationEdge(Cursors.encode(List.of(r.sourceKey(), r.type(), r.targetKey())),
                                new Edge(r.sourceRef(), r.type(), r.targetRef())))
                        .toList();
                // as for entities: what lies beyond a cursor takes a query of its own, only when asked
                Mono<Boolean> beforeAfter = window.after() == null || !window.exactEdges() ? Mono.just(false)
                        : relations.edgeBeyond(type, sourceKey, targetKey, window.after(), true);
                Mono<Boolean> pastBefore = window.before() == null || !window.exactEdges() ? Mono.just(false)
                        : relations.edgeBeyond(type, sourceKey, targetKey, window.before(), false);
                Mono<Boolean> previous = window.fromEnd() && more ? Mono.just(true) : beforeAfter;
                Mono<Boolean> next = !window.fromEnd() && more ? Mono.just(true) : pastBefore;
                return Mono.zip(next, previous).map(sides ->
                        new RelationConnection(total, PageInfo.of(sides.getT1(), sides.getT2(), edges, RelationEdge::cursor), edges));
            });
        });
    }

    @QueryMapping
    Mono<Graph> graph(@Argument List<String> roots, @Argument List<String> relationTypes, @Argument GraphQueries.Direction direction,
            @Argument Integer maxDepth, @Argument Integer maxNodes, DataFetchingEnvironment env) {
        int depth = Paging.bounded("maxDepth", maxDepth == null ? 3 : maxDepth, 0, limits.maxGraphDepth());
        int nodes = Paging.bounded("maxNodes", maxNodes == null ? 500 : maxNodes, 1, limits.maxGraphNodes());
        if (roots.isEmpty() || roots.size() > limits.maxPageSize()) {
            throw new BadRequestException("roots must list 1 to " + limits.maxPageSize() + " refs");
        }
        List<String> keys = roots.stream().map(r -> EntityRef.parse(r).key()).distinct().toList();
        return limited(env, () -> graphs.walk(keys, relationTypes, direction == null ? GraphQueries.Direction.OUTGOING : direction, depth, nodes))
                .map(walk -> new Graph(
                        walk.nodes().stream().map(n -> new GraphNode(n.ref(), n.depth(), n.key())).toList(),
                        walk.edges().stream().map(e -> new GraphEdge(e.sourceRef(), e.targetRef(), e.type(), e.depth())).toList(),
                        walk.truncated()));
    }

    @QueryMapping
    Mono<Path> path(@Argument String from, @Argument String to, @Argument List<String> relationTypes, @Argument Integer maxDepth,
            DataFetchingEnvironment env) {
        int depth = Paging.bounded("maxDepth", maxDepth == null ? 10 : maxDepth, 1, limits.maxPathDepth());
        EntityRef start = EntityRef.parse(from);
        EntityRef end = EntityRef.parse(to);
        if (start.key().equals(end.key())) {
            return Mono.just(new Path(List.of(start.toString()), List.of(), 0));
        }
        return limited(env, () -> graphs.shortestPath(start.key(), end.key(), relationTypes, depth)).mapNotNull(steps -> {
            if (steps.isEmpty()) {
                return null;
            }
            List<String> nodes = new ArrayList<>();
            List<Edge> edges = new ArrayList<>();
            nodes.add(steps.get(0).sourceRef());
            for (StoredRelation step : steps) {
                edges.add(new Edge(step.sourceRef(), step.type(), step.targetRef()));
                nodes.add(step.targetRef());
            }
            return new Path(nodes, edges, edges.size());
        });
    }

    /** Whether the query gives this argument a value itself, rather than leaving it to its default. */
    private static boolean written(DataFetchingEnvironment env, String name) {
        return env.getField().getArguments().stream().filter(a -> a.getName().equals(name)).anyMatch(a ->
                !(a.getValue() instanceof VariableReference variable) || env.getVariables().get(variable.getName()) != null);
    }

    /** What a list field's query asks for: its total count, and node fields beyond the keys (which need the descriptors). */
    record Asked(boolean totalCount, boolean descriptors, boolean pageEdges) {
    }

    /**
     * Worked out from the field's selection set, which graphql-java builds per request at a cost that
     * shows in list requests, so remembered per place in a document when the document's selections
     * do not depend on its variables.
     */
    private Asked asked(DataFetchingEnvironment env) {
        if (QueryConditions.dependOnVariables(env.getDocument())) {
            return asked(env.getSelectionSet());
        }
        return asked.get(env.getMergedField().getFields(), fields -> asked(env.getSelectionSet()));
    }

    private static Asked asked(DataFetchingFieldSelectionSet selection) {
        boolean descriptors = java.util.stream.Stream.concat(selection.getFields("edges/node/*").stream(), selection.getFields("nodes/*").stream())
                .anyMatch(field -> !EntityWiring.WITHOUT_DESCRIPTOR.contains(field.getName()));
        boolean pageEdges = selection.contains("pageInfo/hasNextPage") || selection.contains("pageInfo/hasPreviousPage");
        return new Asked(selection.getImmediateFields().stream().anyMatch(field -> field.getName().equals("totalCount")), descriptors,
                pageEdges);
    }

    private int pageSize(Integer first) {
        return paging.first(first, 100);
    }

}
