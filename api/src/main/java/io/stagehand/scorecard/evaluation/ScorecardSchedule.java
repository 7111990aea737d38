package io.stagehand.scorecard.evaluation;

import io.stagehand.catalog.ingest.CatalogSource;
import io.stagehand.catalog.ingest.CatalogSources;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.catalog.ingest.IngestService;
import io.stagehand.catalog.store.ChangeFeed;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.model.EntityRef;
import io.stagehand.postgres.RunnerLocks;
import io.stagehand.scorecard.ScorecardProperties;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.facts.HttpCollection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * When evaluation happens by itself (with {@code stagehand.scorecards.schedule}): everything once
 * the server is up and then every {@code reevaluate-every} (time-based rules, expiring
 * exemptions); the entities each run changed, read from the durable change feed (and those owned by
 * a changed group or user, whose owner check depends on it); and everything again when a git
 * source's commit moved, since its files' git facts may have changed without the catalog changing.
 * With several replicas on one database, one of them (the holder of a PostgreSQL advisory lock, as
 * for a source's runs) evaluates; if it dies, another takes the lock at its next tick.
 */
@Component
class ScorecardSchedule implements SmartLifecycle {

    static final String CONSUMER = "scorecards";
    /** With several replicas, the one holding this lock evaluates (the others serve the results). */
    static final String LOCK = "stagehand:scorecards";
    private static final Log log = LogFactory.getLog(ScorecardSchedule.class);

    private final ScorecardService service;
    private final ScorecardProperties properties;
    private final ChangeFeed feed;
    private final EntitySnapshots snapshots;
    private final IngestService ingest;
    private final CatalogSources sources;
    private final GitRepositories repositories;
    private final RunnerLocks locks;
    private final HttpCollection http;
    private final Map<String, String> commits = new ConcurrentHashMap<>();
    private volatile Disposable running;

    ScorecardSchedule(ScorecardService service, ScorecardProperties properties, ChangeFeed feed, EntitySnapshots snapshots,
            IngestService ingest, CatalogSources sources, GitRepositories repositories, RunnerLocks locks, HttpCollection http) {
        this.service = service;
        this.properties = properties;
        this.feed = feed;
        this.snapshots = snapshots;
        this.ingest = ingest;
        this.sources = sources;
        this.repositories = repositories;
        this.locks = locks;
        this.http = http;
    }

    private Mono<Boolean> leading() {
        return locks.tryAcquire(LOCK);
    }

    /** Runs an evaluation only on the replica that leads them. */
    private <T> Mono<T> ifLeading(java.util.function.Supplier<Mono<T>> evaluation) {
        return leading().flatMap(lead -> lead ? evaluation.get() : Mono.empty());
    }

    @EventListener(ApplicationReadyEvent.class)
    void startOnReady() {
        if (!properties.schedule() || running != null) {
            return;
        }
        Disposable changes = feed.consume(CONSUMER, 5000, Duration.ofSeconds(5), this::leading, batch -> {
            // each entity with its latest change: what an evaluation of every entity began after is not evaluated again
            Map<String, Long> changedAt = new HashMap<>();
            Set<String> owners = new HashSet<>();
            batch.forEach(change -> {
                changedAt.merge(change.key(), change.seq(), Math::max);
                String kind = EntityRef.parse(change.ref()).kind();
                if (kind.equals("group") || kind.equals("user")) {
                    owners.add(change.key());
                }
            });
            // entities owned by a changed group or user, as of the batch's last change (their owner check depends on it)
            long last = batch.get(batch.size() - 1).seq();
            return snapshots.ownedBy(owners).flatMap(owned -> {
                owned.forEach(key -> changedAt.merge(key, last, Math::max));
                return http.collectMissing(changedAt.keySet()).flatMap(fresh -> service.evaluateChanges(changedAt, fresh));
            }).then();
        });
        Disposable gitRuns = ingest.completedRuns()
                .filter(outcome -> outcome.succeeded() && sources.find(outcome.source()).map(s -> s.sourceType() == CatalogSource.Type.GIT).orElse(false))
                .concatMap(outcome -> Mono.fromCallable(() -> commitOf(outcome.source())).subscribeOn(Schedulers.boundedElastic())
                        .flatMap(commit -> {
                            String before = commits.put(outcome.source(), commit);
                            return commit.equals(before) ? Mono.empty() : ifLeading(() -> afterCommit(outcome.source(), before, commit));
                        })
                        .onErrorResume(e -> {
                            log.warn("Scorecards: git facts of " + outcome.source() + " could not be brought up to date: " + e);
                            return Mono.empty();
                        }))
                .subscribe();
        Disposable timer = Flux.interval(Duration.ZERO, properties.reevaluateEvery())
                .onBackpressureDrop()
                .concatMap(tick -> ifLeading(service::evaluateAll).onErrorResume(e -> {
                    log.warn("Scorecards: an evaluation of every entity failed and runs again at the next interval: " + e);
                    return Mono.empty();
                }), 1)
                .subscribe();
        // each HTTP fact source on its own schedule (a source added by a later reload waits for a restart)
        Disposable collections = Flux.fromIterable(service.definitions().factSources().values())
                .filter(source -> source.type() == Definitions.SourceType.HTTP)
                .flatMap(source -> Flux.interval(Duration.ZERO, source.every())
                        .onBackpressureDrop()
                        .concatMap(tick -> ifLeading(() -> http.collect(source.name())).onErrorResume(e -> {
                            log.warn("Scorecards: collecting " + source.name() + " failed and runs again at its next interval: " + e);
                            return Mono.empty();
                        }), 1))
                .subscribe();
        running = reactor.core.Disposables.composite(changes, gitRuns, timer, collections);
    }

    /**
     * A git source's commit moved: its files' git facts may have changed without the catalog. The
     * entities whose folder (or a folder above it) holds a changed path are evaluated; everything
     * when the older commit is unknown (the first run of this process, or gone from the clone).
     */
    private Mono<ScorecardService.Outcome> afterCommit(String source, String before, String commit) {
        if (before == null) {
            return service.evaluateAll();
        }
        return Mono.fromCallable(() -> repositories.changedPaths(source, before, commit)).subscribeOn(Schedulers.boundedElastic())
                // the folders of every entity are found on a worker: on the database driver's thread
                // (where the locations arrive) mapping a large catalog's locations held up every other query
                .flatMap(changed -> changed.isEmpty() ? service.evaluateAll() : snapshots.locations(source)
                        .publishOn(Schedulers.boundedElastic()).flatMap(locations -> {
                    Set<String> folders = new HashSet<>();
                    for (String path : changed.get()) {
                        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                            folders.add(path.substring(0, slash));
                        }
                        folders.add("");
                    }
                    Set<String> affected = new HashSet<>();
                    locations.forEach((key, location) -> repositories.ofEntity(source, location)
                            .filter(located -> folders.contains(located.folder()))
                            .ifPresent(located -> affected.add(key)));
                    return service.evaluate(affected);
                }));
    }

    private String commitOf(String source) throws java.io.IOException {
        return repositories.commitOf(source);
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
