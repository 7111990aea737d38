package io.stagehand.catalog.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Permission;
import io.stagehand.auth.Resource;
import io.stagehand.catalog.graphql.Views.ChangeView;
import io.stagehand.catalog.graphql.Views.RunView;
import io.stagehand.catalog.ingest.IngestService;
import io.stagehand.catalog.ingest.RunOutcome;
import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.ChangeFeed;
import io.stagehand.catalog.store.ChangeListener;
import io.stagehand.catalog.store.Memberships;
import io.stagehand.catalog.store.RunQueries;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityRef;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Mutations that start runs, and subscriptions to what runs change. */
@Controller
class OperationsController {

    private final IngestService ingest;
    private final CatalogQueries queries;
    private final RunQueries runs;
    private final ChangeFeed feed;
    private final ChangeListener replicas;

    /** How soon a subscription sees a change another process committed, at the latest (a notification wakes it sooner). */
    private static final java.time.Duration TAIL_POLL = java.time.Duration.ofSeconds(1);

    private final Authorizer authorizer;
    private final Memberships memberships;

    OperationsController(IngestService ingest, CatalogQueries queries, RunQueries runs, ChangeFeed feed, ChangeListener replicas,
            Authorizer authorizer, Memberships memberships) {
        this.authorizer = authorizer;
        this.memberships = memberships;
        this.ingest = ingest;
        this.queries = queries;
        this.runs = runs;
        this.feed = feed;
        this.replicas = replicas;
    }

    /** Change filter as the schema declares it. */
    record ChangeFilter(List<String> kind, List<String> namespace) {
    }

    /** A run that may delete past the guard needs the delete permission, not only the refresh one. */
    @MutationMapping
    Mono<RunView> refreshSource(@Argument String name, @Argument Boolean confirmDeletions, DataFetchingEnvironment env) {
        boolean confirmed = Boolean.TRUE.equals(confirmDeletions);
        return authorizer.guard(env, confirmed ? Permission.CATALOG_SOURCE_DELETE : Permission.CATALOG_SOURCE_REFRESH,
                Mono.just(Resource.source(name)), caller -> run(name, confirmed));
    }

    @MutationMapping
    Mono<RunView> refreshEntity(@Argument String ref, DataFetchingEnvironment env) {
        Mono<Resource> entity = Mono.fromCallable(() -> EntityRef.parse(ref).key()).flatMap(memberships::ownersOf)
                .map(owners -> Resource.entity(ref, owners.orElseThrow(() -> new NoSuchElementException("No entity " + ref))));
        return authorizer.guard(env, Permission.CATALOG_ENTITY_REFRESH, entity, caller -> rerunSourceOf(ref, EntityRef.parse(ref).key()));
    }

    private Mono<RunView> rerunSourceOf(String ref, String key) {
        return queries.entitiesByKeys(List.of(key))
                .flatMap(found -> found.containsKey(key)
                        ? Mono.defer(() -> run(found.get(key).source(), false)).onErrorMap(NoSuchElementException.class,
                                e -> new NoSuchElementException("Entity " + ref + " came from source \"" + found.get(key).source()
                                        + "\", which is no longer configured: it is kept until a configured source provides it or"
                                        + " stagehand.ingest.orphan-grace-period has passed (see orphanedSources)"))
                        : Mono.error(new NoSuchElementException("No entity " + ref)));
    }

    private Mono<RunView> run(String source, boolean confirmDeletions) {
        return ingest.refresh(source, confirmDeletions).flatMap(outcome -> runs.run(outcome.runId())).map(RunView::of);
    }

    @SubscriptionMapping
    Flux<ChangeView> entityChanged(@Argument ChangeFilter filter, @Argument String after) {
        Mono<Long> start;
        if (after == null) {
            start = feed.head();
        } else {
            try {
                start = Mono.just(Long.parseLong(after));
            } catch (NumberFormatException e) {
                throw new BadRequestException("after must be the cursor of an EntityChange");
            }
        }
        // a change of an entity the caller may not see is left out; one of a deleted entity has nothing left to hide
        return start.flatMapMany(position -> feed.tail(position, TAIL_POLL))
                .filter(change -> matches(filter, EntityRef.parse(change.ref())))
                .concatMap(change -> queries.hidden(List.of(change.key())).filter(hidden -> hidden.isEmpty()).map(hidden -> change))
                .map(change -> new ChangeView(change.type().name(), change.ref(), change.source(), change.key(),
                        String.valueOf(change.seq())));
    }

    @SubscriptionMapping
    Flux<RunView> runCompleted(@Argument String source) {
        return Flux.merge(ingest.completedRuns()
                                .filter(outcome -> source == null || source.equals(outcome.source()))
                                .map(RunOutcome::runId),
                        replicas.runs())
                .concatMap(runs::run)
                .filter(run -> source == null || source.equals(run.source()))
                .map(RunView::of);
    }

    private static boolean matches(ChangeFilter filter, EntityRef ref) {
        if (filter == null) {
            return true;
        }
        boolean kind = filter.kind() == null || filter.kind().stream().anyMatch(k -> k.equalsIgnoreCase(ref.kind()));
        boolean namespace = filter.namespace() == null || filter.namespace().stream().anyMatch(n -> n.equalsIgnoreCase(ref.namespace()));
        return kind && namespace;
    }
}
