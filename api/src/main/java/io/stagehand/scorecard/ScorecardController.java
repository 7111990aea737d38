package io.stagehand.scorecard;

import io.stagehand.api.BadRequestException;
import io.stagehand.api.EntityView;
import io.stagehand.api.Loaders;
import io.stagehand.api.PageInfo;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.catalog.EntityRef;
import io.stagehand.catalog.InvalidRefException;
import io.stagehand.scorecard.Definitions.Exemption;
import io.stagehand.scorecard.Views.CheckView;
import io.stagehand.scorecard.Views.DefinitionProblemView;
import io.stagehand.scorecard.Views.DryRunView;
import io.stagehand.scorecard.Views.EntityScorecardView;
import io.stagehand.scorecard.Views.EvaluationView;
import io.stagehand.scorecard.Views.ExemptionStatus;
import io.stagehand.scorecard.Views.ExemptionView;
import io.stagehand.scorecard.Views.ResultConnection;
import io.stagehand.scorecard.Views.ResultEdge;
import io.stagehand.scorecard.Views.ResultFilter;
import io.stagehand.scorecard.Views.ResultOrder;
import io.stagehand.scorecard.Views.RollupView;
import io.stagehand.scorecard.Views.ScoreHistoryView;
import io.stagehand.scorecard.Views.ScorecardView;
import io.stagehand.store.Memberships;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The scorecard part of the GraphQL schema. */
@Controller
class ScorecardController {

    private static final String RESULTS = "scorecardResultsByEntity";
    private static final int MAX_PAGE = 500;

    /** The results of one entity in every scorecard ({@code scorecard} null) or one. */
    record EntityResultsKey(String entityKey, String scorecard) {
    }

    private final ScorecardService service;
    private final ScorecardQueries queries;
    private final ScorecardStore store;
    private final Authorizer authorizer;
    private final Memberships memberships;
    private final ScorecardProperties properties;

    ScorecardController(ScorecardService service, ScorecardQueries queries, ScorecardStore store, BatchLoaderRegistry registry,
            Authorizer authorizer, Memberships memberships, ScorecardProperties properties) {
        this.authorizer = authorizer;
        this.memberships = memberships;
        this.properties = properties;
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

    @QueryMapping
    Mono<ResultConnection> scorecardResults(@Argument ResultFilter filter, @Argument List<ResultOrder> orderBy, @Argument Integer first,
            @Argument String after) {
        int size = pageSize(first);
        int offset = offset(after);
        return queries.page(filter, orderBy, size, offset).map(page -> {
            List<ResultEdge> edges = new ArrayList<>();
            for (int i = 0; i < page.nodes().size(); i++) {
                edges.add(new ResultEdge(cursor(offset + i + 1), page.nodes().get(i)));
            }
            return new ResultConnection(page.totalCount(), new PageInfo(page.hasNext(), offset > 0,
                    edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()),
                    edges, page.nodes());
        });
    }

    @QueryMapping
    Mono<RollupView> scorecardSummary(@Argument String scorecard, @Argument ResultFilter filter) {
        return queries.rollup(scorecard, filter);
    }

    @QueryMapping
    Mono<ScoreHistoryView> scoreHistory(@Argument String ref, @Argument String scorecard, @Argument OffsetDateTime since) {
        return queries.history(key(ref), scorecard, since);
    }

    /** Without includeExpired: exemptions in effect and requests still pending; rejected, revoked and expired ones only with it. */
    @QueryMapping
    Mono<List<ExemptionView>> exemptions(@Argument String scorecard, @Argument String entity, @Argument Boolean includeExpired,
            @Argument ExemptionStatus status) {
        Instant now = Instant.now();
        String key = entity == null ? null : key(entity);
        return allExemptions().map(all -> all.stream()
                .filter(e -> scorecard == null || e.exemption().scorecard().equals(scorecard))
                .filter(e -> key == null || e.exemption().entityKey().equals(key))
                .filter(e -> status == null || e.status() == status)
                .filter(e -> Boolean.TRUE.equals(includeExpired) || (e.status() != ExemptionStatus.REJECTED && e.exemption().activeAt(now)))
                .map(e -> exemption(e, now)).toList());
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

    /** The schema's ExemptionInput; {@code approvedBy} is accepted for old clients and ignored (the approver is whoever approves). */
    record ExemptionInput(String scorecard, String check, String entity, String reason, String approvedBy, OffsetDateTime expires) {
    }

    /**
     * Records a request by the caller; it takes effect once someone else approves it. The scorecard,
     * check and entity must exist and the expiry lie within {@code stagehand.scorecards.exemptions.max-duration}.
     */
    @MutationMapping
    Mono<ExemptionView> createExemption(@Argument ExemptionInput input, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> validRequest(input, Instant.now()))
                .flatMap(ref -> memberships.ownersOf(ref.key()).map(owners -> Resource.exemption(input.scorecard(), ref.toString(),
                        owners.orElseThrow(() -> new BadRequestException("No entity " + ref + " in the catalog")), null)));
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_REQUEST, target, caller -> {
            EntityRef ref = parse(input.entity());
            return store.requestExemption(input.scorecard(), input.check(), ref.key(), ref.toString(), input.reason().strip(),
                    caller.principal(), input.expires().toInstant()).map(created -> exemption(created, Instant.now()));
        });
    }

    private EntityRef validRequest(ExemptionInput input, Instant now) {
        Definitions.Scorecard scorecard = service.definitions().scorecards().get(input.scorecard());
        if (scorecard == null) {
            throw new BadRequestException("No scorecard named " + input.scorecard());
        }
        if (scorecard.checks().stream().noneMatch(c -> c.id().equals(input.check()))) {
            throw new BadRequestException("Scorecard " + input.scorecard() + " has no check " + input.check());
        }
        if (input.reason() == null || input.reason().isBlank()) {
            throw new BadRequestException("An exemption needs a reason");
        }
        java.time.Duration max = properties.exemptions().maxDuration();
        String most = max.toSeconds() % 86_400 == 0 ? max.toDays() + " days" : max.toString();
        if (input.expires() == null) {
            throw new BadRequestException("An exemption needs an expiry, at most " + most + " ahead");
        }
        Instant expires = input.expires().toInstant();
        if (!expires.isAfter(now)) {
            throw new BadRequestException("expires must lie in the future");
        }
        if (expires.isAfter(now.plus(max))) {
            throw new BadRequestException("expires may lie at most " + most + " ahead (stagehand.scorecards.exemptions.max-duration)");
        }
        return parse(input.entity());
    }

    @MutationMapping
    Mono<ExemptionView> approveExemption(@Argument String id, @Argument String comment, DataFetchingEnvironment env) {
        return decide(id, ExemptionStatus.APPROVED, comment, env);
    }

    @MutationMapping
    Mono<ExemptionView> rejectExemption(@Argument String id, @Argument String comment, DataFetchingEnvironment env) {
        return decide(id, ExemptionStatus.REJECTED, comment, env);
    }

    /** Approval or rejection of a pending request; an approval is evaluated at once so it shows in the results. */
    private Mono<ExemptionView> decide(String id, ExemptionStatus status, String comment, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> number(id)).flatMap(this::stored).map(found -> {
            if (found.status() != ExemptionStatus.REQUESTED || found.exemption().revokedAt() != null) {
                throw new BadRequestException("Exemption " + id + " is not pending: it is "
                        + (found.exemption().revokedAt() != null ? "revoked" : found.status().name().toLowerCase(java.util.Locale.ROOT)));
            }
            if (status == ExemptionStatus.APPROVED && !found.exemption().activeAt(Instant.now())) {
                throw new BadRequestException("Exemption " + id + " has expired; request a new one");
            }
            return Resource.exemption(found.exemption().scorecard(), found.exemption().entityRef(), Set.of(), found.requestedBy());
        });
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_APPROVE, target, caller -> store.decide(number(id), status,
                        caller.principal(), comment == null || comment.isBlank() ? null : comment.strip())
                .switchIfEmpty(Mono.error(() -> new BadRequestException("Exemption " + id + " is no longer pending")))
                .flatMap(decided -> (status == ExemptionStatus.APPROVED ? service.evaluate(List.of(decided.exemption().entityKey())).then()
                        : Mono.<Void>empty()).thenReturn(exemption(decided, Instant.now()))));
    }

    @MutationMapping
    Mono<ExemptionView> revokeExemption(@Argument String id, DataFetchingEnvironment env) {
        Mono<Resource> target = Mono.fromCallable(() -> number(id)).flatMap(this::stored).map(found ->
                Resource.exemption(found.exemption().scorecard(), found.exemption().entityRef(), Set.of(), found.requestedBy()));
        return authorizer.guard(env, Permission.SCORECARD_EXEMPTION_REVOKE, target, caller -> store.revokeExemption(number(id), caller.principal())
                .switchIfEmpty(Mono.error(() -> new NoSuchElementException("No exemption " + id)))
                .flatMap(revoked -> service.evaluate(List.of(revoked.exemption().entityKey())).thenReturn(exemption(revoked, Instant.now()))));
    }

    private Mono<ScorecardStore.StoredExemption> stored(long id) {
        return store.storedExemption(id).switchIfEmpty(Mono.error(() -> new NoSuchElementException("No exemption " + id)));
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Only exemptions created through the API are managed here; " + id
                    + " is declared in a definition file: change it there");
        }
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
        return service.dryRun(scorecard, refs.stream().map(this::key).toList()).map(results -> new DryRunView(problems, results.stream()
                .map(r -> ScorecardQueries.fromResult(scorecard, r, now)).toList()));
    }

    @SchemaMapping(typeName = "Entity", field = "scorecards")
    Mono<List<EntityScorecardView>> entityScorecards(EntityView entity, @Argument String name, DataFetchingEnvironment env) {
        DataLoader<EntityResultsKey, List<EntityScorecardView>> loader = env.getDataLoader(RESULTS);
        return Mono.fromFuture(loader.load(new EntityResultsKey(entity.key(), name)));
    }

    @SchemaMapping(typeName = "EntityScorecard", field = "entity")
    java.util.concurrent.CompletableFuture<Object> entity(EntityScorecardView result, DataFetchingEnvironment env) {
        DataLoader<String, Object> loader = env.getDataLoader(Loaders.ENTITY_BY_KEY);
        return loader.load(result.key());
    }

    @SchemaMapping(typeName = "ScorecardRollup", field = "failingCritical")
    Mono<List<EntityScorecardView>> failingCritical(RollupView rollup, @Argument Integer first) {
        return queries.page(rollup.filter().failingCritical(), List.of(), pageSize(first), 0).map(ScorecardQueries.Page::nodes);
    }

    @SchemaMapping(typeName = "Group", field = "scorecardRollups")
    Mono<List<RollupView>> groupRollups(EntityView group, @Argument String scorecard, @Argument Boolean includeSubgroups) {
        return rollups(ResultFilter.ofOwner(group.key(), includeSubgroups), scorecard);
    }

    @SchemaMapping(typeName = "System", field = "scorecardRollups")
    Mono<List<RollupView>> systemRollups(EntityView system, @Argument String scorecard) {
        return rollups(ResultFilter.ofSystem(system.key()), scorecard);
    }

    @SchemaMapping(typeName = "Domain", field = "scorecardRollups")
    Mono<List<RollupView>> domainRollups(EntityView domain, @Argument String scorecard) {
        return rollups(ResultFilter.ofDomain(domain.key()), scorecard);
    }

    private Mono<List<RollupView>> rollups(ResultFilter filter, String scorecard) {
        Mono<List<String>> names = scorecard != null ? Mono.just(List.of(scorecard)) : queries.scorecardsWithResults(filter);
        return names.flatMapMany(Flux::fromIterable).concatMap(name -> queries.rollup(name, filter)).collectList();
    }

    /** Those of files (approved by whoever merged them) and those made through the API. */
    private Mono<List<ScorecardStore.StoredExemption>> allExemptions() {
        List<Exemption> yaml = service.definitions().exemptions();
        return store.storedExemptions().collectList().map(api -> {
            List<ScorecardStore.StoredExemption> all = new ArrayList<>();
            yaml.forEach(e -> all.add(new ScorecardStore.StoredExemption(e, ExemptionStatus.APPROVED, null, null, null, null)));
            all.addAll(api);
            return all;
        });
    }

    private static ExemptionView exemption(ScorecardStore.StoredExemption e, Instant now) {
        return ScorecardQueries.exemptionView(Results.exemption(e.exemption()), now).withWorkflow(e.status(), e.requestedBy(), e.decidedBy(),
                e.decidedAt() == null ? null : OffsetDateTime.ofInstant(e.decidedAt(), java.time.ZoneOffset.UTC), e.decisionComment());
    }

    private static ScorecardView view(Definitions.Scorecard s) {
        return new ScorecardView(s.name(), s.title(), s.description(), s.levels(), s.checks().stream()
                .map(c -> new CheckView(c.id(), c.title(), c.description(), c.weight(), c.level(), c.failMessage(), c.factNames())).toList(),
                s.file());
    }

    private String key(String ref) {
        return parse(ref).key();
    }

    private static EntityRef parse(String ref) {
        try {
            return EntityRef.parse(ref);
        } catch (InvalidRefException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static int pageSize(Integer first) {
        int size = first == null ? 100 : first;
        if (size < 0 || size > MAX_PAGE) {
            throw new BadRequestException("first must be between 0 and " + MAX_PAGE);
        }
        return size;
    }

    private static String cursor(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String after) {
        if (after == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                return Integer.parseInt(text.substring(7));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequestException("after is not a cursor of scorecardResults");
    }

}
