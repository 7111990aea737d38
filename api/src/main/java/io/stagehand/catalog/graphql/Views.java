package io.stagehand.catalog.graphql;

import io.stagehand.catalog.store.StoredProblem;
import io.stagehand.catalog.store.StoredRun;
import io.stagehand.graphql.Cursors;
import io.stagehand.graphql.PageInfo;
import java.time.OffsetDateTime;
import java.util.List;
import reactor.core.publisher.Mono;

/** The small GraphQL payload records, one per schema type that is not an entity. */
final class Views {

    private Views() {
    }

    /** An entity in a list; its cursor is encoded only when a query asks for it. */
    record EntityEdge(List<String> sortValues, EntityView node) {
        public String cursor() {
            return Cursors.encode(sortValues);
        }
    }

    record EntityValidation(boolean valid, List<String> problems) {
    }

    record EntityConnection(Mono<Long> totalCount, PageInfo pageInfo, List<EntityEdge> edges) {
        public List<EntityView> nodes() {
            return edges.stream().map(EntityEdge::node).toList();
        }
    }

    record RelationView(String type, String targetRef, String targetKey) {
    }

    /** A related entity; its cursor is encoded only when a query asks for it. */
    record RelatedEdge(String targetKey, String ref, EntityView node) {
        public String cursor() {
            return Cursors.encode(targetKey);
        }
    }

    record RelatedConnection(int totalCount, PageInfo pageInfo, List<RelatedEdge> edges) {
    }

    /** A relation between two refs; {@code source} and {@code target} are the deprecated names of the same refs. */
    record Edge(String sourceRef, String type, String targetRef) {
        public String source() {
            return sourceRef;
        }

        public String target() {
            return targetRef;
        }
    }

    record RelationEdge(String cursor, Edge node) {
    }

    record RelationConnection(Mono<Long> totalCount, PageInfo pageInfo, List<RelationEdge> edges) {
    }

    record GraphNode(String ref, int depth, String key) {
    }

    /** An edge of a walk; {@code source} and {@code target} are the deprecated names of its refs. */
    record GraphEdge(String sourceRef, String targetRef, String type, int depth) {
        public String source() {
            return sourceRef;
        }

        public String target() {
            return targetRef;
        }
    }

    record Graph(List<GraphNode> nodes, List<GraphEdge> edges, boolean truncated) {
    }

    record Path(List<String> nodes, List<Edge> edges, int length) {
    }

    record Facet(String value, int count) {
    }

    record ProblemView(String severity, String source, String location, int line, String entityRef, String message,
            OffsetDateTime createdAt) {
        static ProblemView of(StoredProblem p) {
            return new ProblemView(p.severity(), p.source(), p.location(), p.line(), p.entityRef(), p.message(), p.createdAt());
        }
    }

    record RunView(String id, String source, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, String commitId,
            int filesRead, int entitiesRead, int changed, int deleted, int failed, String message) {
        static RunView of(StoredRun run) {
            return new RunView(Long.toString(run.id()), run.source(), run.status(), run.startedAt(), run.finishedAt(), run.commitId(),
                    run.filesRead(), run.entitiesRead(), run.changed(), run.deleted(), run.failed(), run.message());
        }
    }

    record SourceView(String name, String type, String target, String refresh, String state, boolean stale, OffsetDateTime lastSuccessAt) {
    }

    record ChangeView(String type, String ref, String source, String key, String cursor) {
    }
}
