package io.stagehand.catalog.graphql;

import graphql.schema.idl.RuntimeWiring;
import io.stagehand.catalog.graphql.Views.RunView;
import io.stagehand.catalog.graphql.Views.SourceView;
import io.stagehand.catalog.ingest.CatalogSources;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.ProblemQueries;
import io.stagehand.catalog.store.RunQueries;
import io.stagehand.graphql.Fetchers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The fields of a source that need more than its view: its circuit state, and its entity count,
 * problem count and latest runs, each read once for every source of the answer.
 */
@Component
class SourceWiring implements RuntimeWiringConfigurer {

    private static final int RUNS_PER_SOURCE = 5;
    private static final String ENTITY_COUNT = "sourceEntityCount";
    private static final String PROBLEM_COUNT = "sourceProblemCount";
    private static final String RUNS = "sourceRuns";

    private final CatalogSources sources;

    SourceWiring(CatalogSources sources, BatchLoaderRegistry registry, CatalogQueries entities, ProblemQueries problems, RunQueries runs) {
        this.sources = sources;
        registry.<String, Integer>forName(ENTITY_COUNT).registerMappedBatchLoader((names, env) ->
                entities.entityCountsBySource().map(counts -> each(names, name -> counts.getOrDefault(name, 0L).intValue())));
        registry.<String, Integer>forName(PROBLEM_COUNT).registerMappedBatchLoader((names, env) ->
                problems.problemCountsBySource().map(counts -> each(names, name -> counts.getOrDefault(name, 0L).intValue())));
        registry.<String, List<RunView>>forName(RUNS).registerMappedBatchLoader((names, env) ->
                runs.latestRuns(List.copyOf(names), RUNS_PER_SOURCE)
                        .map(found -> each(names, name -> found.getOrDefault(name, List.of()).stream().map(RunView::of).toList())));
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        ResolvableType integer = ResolvableType.forClass(Integer.class);
        wiring.type("Source", type -> type
                .dataFetcher("circuitState", Fetchers.light((SourceView view) -> sources.circuitState(view.name())))
                .dataFetcher("entityCount", Fetchers.loaded("SourceWiring.entityCount", integer,
                        env -> env.<String, Integer>getDataLoader(ENTITY_COUNT).load(env.<SourceView>getSource().name())))
                .dataFetcher("problemCount", Fetchers.loaded("SourceWiring.problemCount", integer,
                        env -> env.<String, Integer>getDataLoader(PROBLEM_COUNT).load(env.<SourceView>getSource().name())))
                .dataFetcher("runs", Fetchers.loaded("SourceWiring.runs", ResolvableType.forClassWithGenerics(List.class, RunView.class),
                        env -> env.<String, List<RunView>>getDataLoader(RUNS).load(env.<SourceView>getSource().name()))));
    }

    private static <V> Map<String, V> each(Set<String> names, Function<String, V> value) {
        Map<String, V> result = new HashMap<>();
        names.forEach(name -> result.put(name, value.apply(name)));
        return result;
    }
}
