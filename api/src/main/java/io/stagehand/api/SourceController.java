package io.stagehand.api;

import io.stagehand.catalog.EntityRef;
import io.stagehand.ingest.CatalogSources;
import io.stagehand.store.CatalogQueries;
import io.stagehand.store.StoredProblem;
import io.stagehand.store.StoredRun;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sources, their runs and the problems they recorded. */
@Controller
class SourceController {

    private static final int MAX_LIST = 500;

    private final CatalogSources sources;
    private final CatalogQueries queries;

    SourceController(CatalogSources sources, CatalogQueries queries) {
        this.sources = sources;
        this.queries = queries;
    }

    record SourceView(String name, String type, String target) {
    }

    record RunView(String id, String status, String startedAt, String finishedAt, String commitId, int filesRead,
            int entitiesRead, int changed, int deleted, int failed, String message) {
        static RunView of(StoredRun run) {
            return new RunView(Long.toString(run.id()), run.status(), run.startedAt().toString(),
                    run.finishedAt() == null ? null : run.finishedAt().toString(), run.commitId(), run.filesRead(),
                    run.entitiesRead(), run.changed(), run.deleted(), run.failed(), run.message());
        }
    }

    @QueryMapping(name = "sources")
    List<SourceView> sourceList() {
        return sources.all().stream().map(s -> new SourceView(s.name(), s.type(), s.target())).toList();
    }

    @BatchMapping(typeName = "Source")
    Mono<Map<SourceView, Integer>> entityCount(List<SourceView> views) {
        return queries.entityCountsBySource().map(counts -> {
            Map<SourceView, Integer> result = new java.util.LinkedHashMap<>();
            views.forEach(v -> result.put(v, counts.getOrDefault(v.name(), 0L).intValue()));
            return result;
        });
    }

    @SchemaMapping(typeName = "Source")
    Flux<RunView> runs(SourceView source, @Argument Integer first) {
        // Sources are few (one per configured source), so a statement per source is bounded.
        return queries.runs(source.name(), limit(first)).map(RunView::of);
    }

    @QueryMapping
    Flux<StoredProblem> problems(@Argument String source, @Argument String entityRef, @Argument Integer first) {
        String key = entityRef == null ? null : EntityRef.parse(entityRef).key();
        return queries.problems(source, key, limit(first));
    }

    private static int limit(Integer first) {
        int n = first == null ? 100 : first;
        if (n < 0 || n > MAX_LIST) {
            throw new BadRequestException("first must be between 0 and " + MAX_LIST + ", was " + n);
        }
        return n;
    }
}
