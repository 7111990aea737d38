package io.stagehand.catalog.graphql;

import io.stagehand.catalog.graphql.Views.ProblemView;
import io.stagehand.catalog.graphql.Views.RunView;
import io.stagehand.catalog.graphql.Views.SourceView;
import io.stagehand.catalog.ingest.CatalogSources;
import io.stagehand.catalog.ingest.IngestService;
import io.stagehand.catalog.store.ProblemQueries;
import io.stagehand.catalog.store.RunQueries;
import io.stagehand.catalog.store.SourceState;
import io.stagehand.graphql.Paging;
import io.stagehand.model.EntityRef;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Sources, their state and runs, and the problems they recorded. */
@Controller
class SourceController {

    private final CatalogSources sources;
    private final RunQueries runs;
    private final ProblemQueries problems;
    private final IngestService ingest;
    private final Paging paging;

    SourceController(CatalogSources sources, RunQueries runs, ProblemQueries problems, IngestService ingest,
            Paging paging) {
        this.sources = sources;
        this.runs = runs;
        this.problems = problems;
        this.ingest = ingest;
        this.paging = paging;
    }

    /** Problem filter as the schema declares it. */
    record ProblemFilter(String source, String entityRef, String severity, String locationContains) {
    }

    /** Each source with its state, read once for all of them (state, stale and lastSuccessAt share it). */
    @QueryMapping(name = "sources")
    Mono<List<SourceView>> sourceList() {
        return runs.sourceStates().map(states -> sources.all().stream().map(s -> {
            SourceState state = states.get(s.name());
            return new SourceView(s.name(), s.sourceType().label(), s.target(), s.refresh().toString(), stateOf(s.name(), state),
                    state != null && "FAILED".equals(state.lastStatus()),
                    state == null ? null : state.lastSuccessAt());
        }).toList());
    }

    private String stateOf(String name, SourceState state) {
        if (ingest.isRunning(name)) {
            return "RUNNING";
        }
        if (state == null) {
            return "NEVER_RUN";
        }
        return switch (state.lastStatus()) {
            case "SUCCEEDED" -> "OK";
            case "RUNNING" -> "RUNNING";
            default -> "FAILED";
        };
    }

    @QueryMapping
    Mono<List<RunView>> runs(@Argument String source, @Argument Integer first) {
        int n = paging.first(first, 20);
        return runs.runs(source, n).map(RunView::of).collectList();
    }

    @QueryMapping
    Mono<List<ProblemView>> problems(@Argument ProblemFilter filter, @Argument Integer first) {
        int n = paging.first(first, 100);
        ProblemFilter f = filter == null ? new ProblemFilter(null, null, null, null) : filter;
        String key = f.entityRef() == null ? null : EntityRef.parse(f.entityRef()).key();
        return problems.problems(f.source(), key, f.severity(), f.locationContains(), n).map(ProblemView::of).collectList();
    }
}
