package io.stagehand.catalog.graphql;

import io.stagehand.catalog.graphql.Views.ProblemView;
import io.stagehand.catalog.graphql.Views.RelatedConnection;
import io.stagehand.catalog.graphql.Views.RelatedEdge;
import io.stagehand.catalog.graphql.Views.RelationView;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.ProblemQueries;
import io.stagehand.catalog.store.RelatedPage;
import io.stagehand.catalog.store.RelationQueries;
import io.stagehand.catalog.store.StoredRelation;
import io.stagehand.graphql.Loaders;
import io.stagehand.graphql.PageInfo;
import io.stagehand.model.RelationFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The DataLoaders behind every nested entity field: whatever the query's shape, each level costs
 * one statement per loader (per distinct set of arguments), never one per parent.
 */
@Component
class CatalogLoaders {

    /** The first relations of one entity, optionally of some types. */
    record RelationsKey(String entityKey, List<String> types, int first) {
        RelationsKey {
            types = types == null ? List.of() : List.copyOf(types);
        }
    }

    /** The first problems recorded about one entity. */
    record ProblemsKey(String entityKey, int first) {
    }

    /** A page of the entities one entity relates to by a relation type, with the field's arguments. */
    record RelatedKey(String entityKey, String type, String kind, RelationFilter filter, int first, String afterKey) {
        RelatedKey withoutEntity() {
            return new RelatedKey(null, type, kind, filter, first, afterKey);
        }
    }

    static final String ENTITY = Loaders.ENTITY_BY_KEY;
    static final String RELATIONS = "relations";
    static final String PROBLEMS = "problems";
    static final String RELATED = "related";
    static final String ANCESTRY = "ancestry";
    static final String ORPHANED_SOURCE = "orphanedSource";

    CatalogLoaders(BatchLoaderRegistry registry, CatalogQueries queries, RelationQueries relations, ProblemQueries problems) {
        registry.<String, EntityView>forName(ENTITY).registerMappedBatchLoader((keys, env) ->
                queries.entitiesByKeys(keys).map(found -> {
                    Map<String, EntityView> views = new HashMap<>();
                    found.forEach((key, row) -> views.put(key, new EntityView(row)));
                    return views;
                }));

        registry.<RelationsKey, List<RelationView>>forName(RELATIONS).registerMappedBatchLoader((keys, env) ->
                Flux.fromIterable(keys.stream().collect(Collectors.groupingBy(RelationsKey::types)).entrySet())
                        .concatMap(group -> relations.relationsFrom(group.getValue().stream().map(RelationsKey::entityKey).toList(), group.getKey())
                                .map(byKey -> {
                                    Map<RelationsKey, List<RelationView>> result = new HashMap<>();
                                    for (RelationsKey key : group.getValue()) {
                                        result.put(key, views(byKey.getOrDefault(key.entityKey(), List.of()), key.first()));
                                    }
                                    return result;
                                }))
                        .collectList()
                        .map(CatalogLoaders::merge));

        registry.<ProblemsKey, List<ProblemView>>forName(PROBLEMS).registerMappedBatchLoader((keys, env) -> {
            int most = keys.stream().mapToInt(ProblemsKey::first).max().orElse(0);
            return problems.problemsFor(keys.stream().map(ProblemsKey::entityKey).distinct().toList(), most).map(byKey -> {
                Map<ProblemsKey, List<ProblemView>> result = new HashMap<>();
                for (ProblemsKey key : keys) {
                    result.put(key, byKey.getOrDefault(key.entityKey(), List.of()).stream().limit(key.first()).map(ProblemView::of).toList());
                }
                return result;
            });
        });

        registry.<RelatedKey, RelatedConnection>forName(RELATED).registerMappedBatchLoader((keys, env) -> related(relations, keys));

        // the chains first, then every Location of them in one read through the read restriction
        registry.<String, List<EntityView>>forName(ANCESTRY).registerMappedBatchLoader((keys, env) ->
                queries.ancestries(keys).flatMap(chains -> queries.entitiesByKeys(chains.values().stream()
                        .flatMap(chain -> chain.locationKeys().stream()).distinct().toList()).map(visible -> {
                            Map<String, List<EntityView>> result = new HashMap<>();
                            chains.forEach((key, chain) -> result.put(key, chain.locationKeys().stream().filter(visible::containsKey)
                                    .map(k -> new EntityView(visible.get(k))).toList()));
                            return result;
                        })));

        registry.<String, Boolean>forName(ORPHANED_SOURCE).registerMappedBatchLoader((sources, env) ->
                queries.orphanedSources().map(orphaned -> {
                    Map<String, Boolean> result = new HashMap<>();
                    sources.forEach(source -> result.put(source, orphaned.contains(source)));
                    return result;
                }));
    }

    private static final Comparator<RelationView> BY_TYPE_AND_TARGET = Comparator.comparing(RelationView::type)
            .thenComparing(RelationView::targetRef);

    /**
     * The first {@code first} relations in the order of type, then target ref. The store reads them
     * by type and target key, which is the same order unless refs differ from keys in more than
     * case: sorted only then (a loop, not a stream: a page of 500 entities asks this 500 times).
     */
    static List<RelationView> views(List<StoredRelation> relations, int first) {
        List<RelationView> views = new ArrayList<>(relations.size());
        boolean sorted = true;
        for (StoredRelation relation : relations) {
            RelationView view = new RelationView(relation.type(), relation.targetRef(), relation.targetKey());
            sorted = sorted && (views.isEmpty() || BY_TYPE_AND_TARGET.compare(views.get(views.size() - 1), view) <= 0);
            views.add(view);
        }
        if (!sorted) {
            views.sort(BY_TYPE_AND_TARGET);
        }
        return views.size() <= first ? views : views.subList(0, first);
    }

    private static Mono<Map<RelatedKey, RelatedConnection>> related(RelationQueries relations, Set<RelatedKey> keys) {
        Map<RelatedKey, List<RelatedKey>> groups = keys.stream()
                .collect(Collectors.groupingBy(RelatedKey::withoutEntity, LinkedHashMap::new, Collectors.toList()));
        return Flux.fromIterable(groups.entrySet())
                .concatMap(group -> {
                    RelatedKey args = group.getKey();
                    List<String> parents = group.getValue().stream().map(RelatedKey::entityKey).toList();
                    return relations.related(parents, args.type(), args.kind(), args.filter(), args.afterKey(), args.first())
                            .map(pages -> {
                                Map<RelatedKey, RelatedConnection> result = new HashMap<>();
                                for (RelatedKey key : group.getValue()) {
                                    result.put(key, connection(pages.getOrDefault(key.entityKey(), RelatedPage.EMPTY), args.afterKey() != null));
                                }
                                return result;
                            });
                })
                .collectList()
                .map(CatalogLoaders::merge);
    }

    private static RelatedConnection connection(RelatedPage page, boolean hasPrevious) {
        List<RelatedEdge> edges = new ArrayList<>();
        for (RelatedPage.Row row : page.rows()) {
            edges.add(new RelatedEdge(row.targetKey(), row.targetRef(),
                    row.entity() == null ? null : new EntityView(row.entity())));
        }
        return new RelatedConnection(page.totalCount(), PageInfo.of(page.hasNext(), hasPrevious, edges, RelatedEdge::cursor), edges);
    }

    private static <K, V> Map<K, V> merge(List<Map<K, V>> maps) {
        Map<K, V> all = new HashMap<>();
        maps.forEach(all::putAll);
        return all;
    }
}
