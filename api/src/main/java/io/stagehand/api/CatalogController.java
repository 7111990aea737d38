package io.stagehand.api;

import graphql.schema.DataFetchingFieldSelectionSet;
import io.stagehand.catalog.EntityRef;
import io.stagehand.store.CatalogQueries;
import io.stagehand.store.StoredEntity;
import io.stagehand.store.StoredRelation;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Entities, pages of entities, and their relations. */
@Controller
class CatalogController {

    static final int MAX_PAGE_SIZE = 500;

    private final CatalogQueries queries;

    CatalogController(CatalogQueries queries) {
        this.queries = queries;
    }

    record EntityFilter(List<String> kind) {
    }

    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    record EntityEdge(String cursor, StoredEntity node) {
    }

    record EntityConnection(Mono<Long> totalCount, PageInfo pageInfo, List<EntityEdge> edges) {
    }

    record RelationView(String type, String targetRef) {
    }

    @QueryMapping
    Mono<StoredEntity> entity(@Argument String ref) {
        return queries.entity(EntityRef.parse(ref).key());
    }

    @QueryMapping
    Mono<EntityConnection> entities(@Argument EntityFilter filter, @Argument Integer first, @Argument String after,
            DataFetchingFieldSelectionSet selection) {
        int size = first == null ? 100 : first;
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new BadRequestException("first must be between 0 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        String afterKey = Cursors.decode(after);
        List<String> kinds = filter == null ? null : filter.kind();
        Mono<Long> total = selection.contains("totalCount") ? queries.count(kinds).cache() : Mono.just(0L);
        return queries.page(kinds, afterKey, size + 1).collectList().map(rows -> {
            boolean more = rows.size() > size;
            List<EntityEdge> edges = rows.stream().limit(size).map(e -> new EntityEdge(Cursors.encode(e.key()), e)).toList();
            PageInfo info = new PageInfo(more, afterKey != null,
                    edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
            return new EntityConnection(total, info, edges);
        });
    }

    @BatchMapping(typeName = "Entity")
    Mono<Map<StoredEntity, List<RelationView>>> relations(List<StoredEntity> entities) {
        return queries.relationsFrom(entities.stream().map(StoredEntity::key).toList()).map(byKey -> {
            Map<StoredEntity, List<RelationView>> result = new LinkedHashMap<>();
            for (StoredEntity entity : entities) {
                result.put(entity, byKey.getOrDefault(entity.key(), List.of()).stream()
                        .map(r -> new RelationView(r.type(), r.targetRef()))
                        .sorted(Comparator.comparing(RelationView::type).thenComparing(RelationView::targetRef))
                        .toList());
            }
            return result;
        });
    }
}
