package io.stagehand.scorecard.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.graphql.Cursors;
import io.stagehand.graphql.PageInfo;
import io.stagehand.graphql.Paging;
import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import io.stagehand.scorecard.definition.DefinitionLoader;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.evaluation.ScorecardService;
import io.stagehand.scorecard.graphql.Views.CheckView;
import io.stagehand.scorecard.graphql.Views.DefinitionProblemView;
import io.stagehand.scorecard.graphql.Views.DryRunView;
import io.stagehand.scorecard.graphql.Views.EntityScorecardView;
import io.stagehand.scorecard.graphql.Views.EvaluationView;
import io.stagehand.scorecard.graphql.Views.ResultConnection;
import io.stagehand.scorecard.graphql.Views.ResultEdge;
import io.stagehand.scorecard.graphql.Views.ResultFilter;
import io.stagehand.scorecard.graphql.Views.ResultOrder;
import io.stagehand.scorecard.graphql.Views.ScoreHistoryView;
import io.stagehand.scorecard.graphql.Views.ScorecardView;
import io.stagehand.scorecard.store.ScorecardQueries;
import io.stagehand.scorecard.store.ScorecardStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The scorecard part of the GraphQL schema, but for exemptions ({@link ExemptionController}). */
@Controller
class ScorecardController {

    static final String RESULTS = "scorecardResultsByEntity";

    /** The results of one entity in every scorecard ({@code scorecard} null) or one. */
    record EntityResultsKey(String entityKey, String scorecard) {
    }

    private final ScorecardService service;
    private final ScorecardQueries queries;
    private final ScorecardStore store;
    private final Authorizer authorizer;
    private final Paging paging;

    ScorecardController(ScorecardService service, ScorecardQueries queries, ScorecardStore store, BatchLoaderRegistry registry,
            Authorizer authorizer, Paging paging) {
        this.paging = paging;
        this.authorizer = authorizer;
        this.service = service;
        this.queries = queries;
        this.store = store;
        registry.<EntityResultsKey, List<EntityScorecardView>>forName(RESULTS).registerMappedBatchLoader((keys, env) ->
                Flux.fromIterable(keys.stream().collect(java.util.stream.Collectors.groupingBy(k -> String.valueOf(k.scorecard()))).values())
                        .concatMap(group -> queries.byEntities(group.stream().map(EntityResultsKey::entityKey).toList(), group.get(0).scorecard())
                                .map(found -> {
                                    Map<EntityResultsKey, List<EntityScorecardView>> byKey = new java.util.HashMap<>();
                                    group.forEach(k -> byKey.put(k, found.getOrDefault(k.entityKey(), List.of())));
                                    return byKey;
                                }))
                        .reduce(new java.util.HashMap<>(), (all, part) -> {
                            all.putAll(part);
                            return all;
                        }));
    }

    @QueryMapping
    List<ScorecardView> scorecards() {
        return service.definitions().scorecards().values().stream()
                .sorted(java.util.Comparator.comparing(Definitions.Scorecard::name))
                .map(ScorecardController::view).toList();
    }

    @QueryMapping
    ScorecardView scorecard(@Argument String name) {
        Definitions.Scorecard scorecard = service.definitions().scorecards().get(name);
        return scorecard == null ? null : view(scorecard);
    }

    /** Keyset pages as every list has them: the cursor holds the values the page is ordered by. */
    @QueryMapping
    Mono<ResultConnection> scorecardResults(@Argument ResultFilter filter, @Argument List<ResultOrder> orderBy, @Argument Integer first,
            @Argument String after) {
        int size = paging.first(first, 100);
        List<ResultOrder> orders = ScorecardQueries.orders(orderBy);
        List<String> cursor = Cursors.decode(after, orders.size() + 2);
        return queries.page(filter, orders, size, cursor).map(page -> {
            List<ResultEdge> edges = page.nodes().stream()
                    .map(node -> new ResultEdge(Cursors.encode(ScorecardQueries.sortValues(orders, node)), node)).toList();
            return new ResultConnection(page.totalCount(), PageInfo.of(page.hasNext(), after != null, edges, ResultEdge::cursor),
                    edges, page.nodes());
        });
    }

    @QueryMapping
    Mono<ScoreHistoryView> scoreHistory(@Argument String ref, @Argument String scorecard, @Argument OffsetDateTime since) {
        return queries.history(key(ref), scorecard, since);
    }

    @QueryMapping
    List<DefinitionProblemView> scorecardDefinitionProblems() {
        return service.definitions().problems().stream().map(p -> new DefinitionProblemView(p.file(), p.line(), p.message())).toList();
    }

    @MutationMapping
    Mono<EvaluationView> evaluate(@Argument String ref, @Argument String scorecard, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> {
            if (scorecard != null && !service.definitions().scorecards().containsKey(scorecard)) {
                throw new NoSuchElementException("No scorecard named " + scorecard);
            }
            return ref == null ? Resource.NONE : Resource.entity(parse(ref).toString(), Set.of());
        });
        return authorizer.guard(env, Permission.SCORECARD_EVALUATE, target, caller -> {
            Mono<ScorecardService.Outcome> outcome = ref == null ? service.evaluateAll() : service.evaluate(List.of(key(ref)));
            return outcome.map(o -> new EvaluationView(o.entitiesEvaluated(), o.resultsChanged(), (int) o.millis()));
        });
    }

    @MutationMapping
    Mono<DryRunView> dryRunScorecard(@Argument String yaml, @Argument List<String> refs, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> {
            if (refs.size() > 100) {
                throw new BadRequestException("A dry run takes at most 100 refs");
            }
            return Resource.NONE;
        });
        return authorizer.guard(env, Permission.SCORECARD_DRYRUN, target, caller -> dryRun(yaml, refs));
    }

    private Mono<DryRunView> dryRun(String yaml, List<String> refs) {
        Definitions current = service.definitions();
        List<DefinitionLoader.Source> sources = List.of(new DefinitionLoader.Source("dryRunScorecard(yaml)", yaml.getBytes(StandardCharsets.UTF_8)));
        Definitions loaded = new DefinitionLoader().loadScorecards(sources, current.factSources());
        List<DefinitionProblemView> problems = loaded.problems().stream().map(p -> new DefinitionProblemView(p.file(), p.line(), p.message())).toList();
        if (loaded.scorecards().size() != 1) {
            List<DefinitionProblemView> all = new ArrayList<>(problems);
            if (loaded.scorecards().size() > 1) {
                all.add(new DefinitionProblemView("dryRunScorecard(yaml)", 0, "Give exactly one Scorecard document"));
            } else if (problems.isEmpty()) {
                all.add(new DefinitionProblemView("dryRunScorecard(yaml)", 0, "No Scorecard document found"));
            }
            return Mono.just(new DryRunView(all, List.of()));
        }
        Definitions.Scorecard scorecard = loaded.scorecards().values().iterator().next();
        Instant now = Instant.now();
        return service.dryRun(scorecard, refs.stream().map(ScorecardController::key).toList()).map(results -> new DryRunView(problems, results.stream()
                .map(r -> ScorecardQueries.fromResult(scorecard, r, now)).toList()));
    }

    private static ScorecardView view(Definitions.Scorecard s) {
        return new ScorecardView(s.name(), s.title(), s.description(), s.levels(), s.checks().stream()
                .map(c -> new CheckView(c.id(), c.title(), c.description(), c.weight(), c.level(), c.failMessage(), c.factNames(), c.owner(),
                        c.category(), c.links().stream().map(l -> new Views.LinkView(l.title(), l.url())).toList(), c.remediation(),
                        c.enforceFrom() == null ? null : OffsetDateTime.ofInstant(c.enforceFrom(), ZoneOffset.UTC))).toList(),
                s.file());
    }

    static String key(String ref) {
        return parse(ref).key();
    }

    static EntityRef parse(String ref) {
        try {
            return EntityRef.parse(ref);
        } catch (InvalidRefException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
