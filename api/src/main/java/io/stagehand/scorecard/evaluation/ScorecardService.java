package io.stagehand.scorecard.evaluation;

import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.catalog.store.ChangeFeed;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.scorecard.ContentProperties;
import io.stagehand.scorecard.ScorecardConfig;
import io.stagehand.scorecard.ScorecardProperties;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.Evaluation.Result;
import io.stagehand.scorecard.facts.GitFactReader;
import io.stagehand.scorecard.facts.GitFacts;
import io.stagehand.scorecard.facts.RepositoryGuard;
import io.stagehand.scorecard.store.Results;
import io.stagehand.scorecard.store.ScorecardStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Evaluates entities against the scorecards that apply to them, a batch at a time: reads the
 * entities, reads their git facts afresh (a repository's file list once per evaluation) and their
 * HTTP facts as last collected, evaluates, and writes only the results that changed, with history.
 * Evaluations run one at a time, in the order asked.
 */
@Service
public class ScorecardService implements org.springframework.beans.factory.DisposableBean {

    private static final Log log = LogFactory.getLog(ScorecardService.class);

    /** What an evaluation did. */
    public record Outcome(int entitiesEvaluated, int resultsChanged, long millis) {
        Outcome plus(Outcome other) {
            return new Outcome(entitiesEvaluated + other.entitiesEvaluated, resultsChanged + other.resultsChanged, millis);
        }
    }

    private final ScorecardDefinitions definitions;
    private final ScorecardProperties properties;
    private final EntitySnapshots snapshots;
    private final ScorecardStore store;
    private final GitRepositories repositories;
    private final GitFacts.Listings listings;
    private final Candidates candidates;
    private final BatchSubjects batches;
    private final ChangeFeed feed;
    /**
     * The change feed's head when the last evaluation of every entity that completed began: the
     * changes up to it are in that evaluation's results (writers commit one at a time, in order).
     * Set, not raised: evaluations run one at a time, and a feed whose numbering restarted (a
     * restored database) is taken as it is by the next one.
     */
    private final java.util.concurrent.atomic.AtomicLong coveredThrough = new java.util.concurrent.atomic.AtomicLong(-1);
    private final Sinks.Many<Job<?>> jobs = Sinks.many().unicast().onBackpressureBuffer();
    private final reactor.core.Disposable worker;
    private final CpuWork dryRuns;

    public ScorecardService(ScorecardDefinitions definitions, ScorecardProperties properties, EntitySnapshots snapshots,
            ScorecardStore store, Candidates candidates, GitRepositories repositories, Environment environment, ChangeFeed feed,
            ContentProperties content, io.stagehand.catalog.CatalogProperties stagehand,
            org.springframework.beans.factory.ObjectProvider<ScorecardConfig.Allowance> allowances) {
        this.definitions = definitions;
        this.feed = feed;
        this.properties = properties;
        this.snapshots = snapshots;
        this.store = store;
        this.repositories = repositories;
        this.listings = new GitFacts.Listings(repositories, GitFacts.Limits.of(content.git()));
        this.dryRuns = new CpuWork(Runtime.getRuntime().availableProcessors(), content.dryRunQueue(), "dry run");
        this.candidates = candidates;
        this.batches = new BatchSubjects(store, new GitFactReader(repositories, environment::getProperty,
                RepositoryGuard.of(content.git(), stagehand, allowances.orderedStream().toList())));
        this.worker = jobs.asFlux().concatMap(Job::run, 1).subscribe();
    }

    /** Closes the repositories of the git listings it keeps. */
    @Override
    public void destroy() {
        worker.dispose();
        listings.close();
        dryRuns.close();
    }

    public Definitions definitions() {
        return definitions.current();
    }

    /**
     * Every entity a scorecard may apply to (read by its appliesTo in SQL), two batches at a time (one
     * per core); then the results of entities no scorecard applies to any more, or whose entity or
     * scorecard is gone, are removed.
     */
    public Mono<Outcome> evaluateAll() {
        return enqueue(() -> {
            long started = System.nanoTime();
            return feed.head().flatMap(head -> context().flatMap(context -> {
                Map<String, Scorecard> scorecards = context.definitions().scorecards();
                List<Definitions.AppliesTo> appliesTo = scorecards.values().stream().map(Scorecard::appliesTo).toList();
                Flux<Outcome> outcomes = pages(after -> candidates.page(after, properties.batchSize(), context.relations(), appliesTo))
                        .flatMap(batch -> evaluate(context, batch), 2);
                Mono<Outcome> evaluated = outcomes.reduce(new Outcome(0, 0, 0), Outcome::plus);
                Mono<Void> cleanUp = Flux.fromIterable(scorecards.values())
                        .concatMap(s -> candidates.removeNotApplying(s.name(), s.appliesTo()))
                        .then(store.purge(scorecards.keySet()))
                        .then(store.expireHistory(properties.historyRetention()));
                return evaluated.flatMap(outcome -> cleanUp.thenReturn(outcome));
            }).doOnNext(outcome -> coveredThrough.set(head))).map(outcome -> done(outcome, started, "every entity"));
        });
    }

    /** Runs {@code work} on every entity, {@code batch-size} at a time in key order, one batch after another, and adds up the outcomes. */
    public Mono<Outcome> eachBatch(Function<List<Snapshot>, Mono<Outcome>> work) {
        return pages(after -> snapshots.page(after, properties.batchSize())).concatMap(work).reduce(new Outcome(0, 0, 0), Outcome::plus);
    }

    /**
     * The pages a reader gives, each read when the one before it has arrived and a subscriber asks
     * for more. A loop, not a recursion: each batch (descriptors and all) is let go once its work is
     * done; a recursion kept every one of them until the last, which fills the heap of a large catalog.
     */
    private Flux<List<Snapshot>> pages(Function<String, Mono<List<Snapshot>>> reader) {
        int size = properties.batchSize();
        java.util.concurrent.atomic.AtomicReference<String> after = new java.util.concurrent.atomic.AtomicReference<>("");
        java.util.concurrent.atomic.AtomicBoolean more = new java.util.concurrent.atomic.AtomicBoolean(true);
        return Mono.defer(() -> reader.apply(after.get()))
                .doOnNext(batch -> {
                    more.set(batch.size() == size);
                    if (!batch.isEmpty()) {
                        after.set(batch.get(batch.size() - 1).key());
                    }
                })
                .repeat(more::get)
                .filter(batch -> !batch.isEmpty());
    }

    /** These entities (those that still exist); the results of those that are gone are removed. */
    public Mono<Outcome> evaluate(Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        return enqueue(() -> evaluateNow(distinct, distinct.size() + " changed entities"));
    }

    /**
     * The entities of changes read from the feed, by the sequence number of their change, less
     * those an evaluation of every entity that began after their change has evaluated since (after
     * a large run, the whole run again), decided when their turn comes; those in {@code fresh} (new
     * facts just collected) are evaluated all the same.
     */
    public Mono<Outcome> evaluateChanges(Map<String, Long> changedAt, Set<String> fresh) {
        return enqueue(() -> {
            long covered = coveredThrough.get();
            List<String> due = changedAt.entrySet().stream()
                    .filter(e -> e.getValue() > covered || fresh.contains(e.getKey()))
                    .map(Map.Entry::getKey)
                    .toList();
            int skipped = changedAt.size() - due.size();
            return evaluateNow(due, changedAt.size() + " changed entities"
                    + (skipped == 0 ? "" : ", " + skipped + " of them already in the last evaluation of every entity,"));
        });
    }

    private Mono<Outcome> evaluateNow(List<String> distinct, String what) {
        long started = System.nanoTime();
        return context().flatMap(context -> Flux.fromIterable(chunks(distinct))
                .concatMap(chunk -> snapshots.byKeys(chunk, context.relations()).flatMap(found -> {
                    Set<String> gone = new HashSet<>(chunk);
                    found.forEach(s -> gone.remove(s.key()));
                    return store.purgeEntities(gone).then(found.isEmpty() ? Mono.just(new Outcome(0, 0, 0)) : evaluate(context, found));
                }))
                .reduce(new Outcome(0, 0, 0), Outcome::plus))
                .map(outcome -> done(outcome, started, what));
    }

    /** Evaluates entities against a scorecard that is not stored: nothing is written. */
    public Mono<List<Result>> dryRun(Scorecard scorecard, Collection<String> keys) {
        return context().flatMap(context -> {
            Context only = context.withScorecards(Map.of(scorecard.name(), scorecard));
            // the rules are the caller's: evaluated on the dry runs' workers, not on the database driver's thread
            return snapshots.byKeys(keys, only.relations()).flatMap(found -> batches.subjects(only, found).flatMap(subjects -> dryRuns.run(() -> {
                List<Result> results = new ArrayList<>();
                for (BatchSubjects.Prepared prepared : subjects) {
                    if (scorecard.appliesTo().matches(prepared.document())) {
                        results.add(Evaluation.evaluate(scorecard, prepared.subject(), only.definitions().factSources(),
                                only.exemptions(), only.weights(), only.now()));
                    }
                }
                return results;
            })));
        });
    }

    public Outcome done(Outcome outcome, long started, String what) {
        Outcome timed = new Outcome(outcome.entitiesEvaluated(), outcome.resultsChanged(), (System.nanoTime() - started) / 1_000_000);
        log.info("Scorecards: evaluated " + what + " (" + timed.entitiesEvaluated() + ") in " + timed.millis() + " ms, "
                + timed.resultsChanged() + " results changed");
        return timed;
    }

    /** An evaluation waiting its turn, and where its outcome goes. */
    private record Job<T>(java.util.function.Supplier<Mono<T>> work, Sinks.One<T> done) {
        Mono<Void> run() {
            return Mono.defer(work)
                    .doOnNext(done::tryEmitValue)
                    .doOnSuccess(value -> {
                        if (value == null) {
                            done.tryEmitEmpty();
                        }
                    })
                    .doOnError(done::tryEmitError)
                    .onErrorResume(e -> Mono.empty())
                    .then();
        }
    }

    /**
     * Runs evaluations one after another, each as soon as its turn comes: two never write the same
     * results at once. (A chain of cached Monos did this before, and kept every evaluation's
     * arguments for as long as the process lived.)
     */
    private <T> Mono<T> enqueue(java.util.function.Supplier<Mono<T>> work) {
        Sinks.One<T> done = Sinks.one();
        jobs.emitNext(new Job<>(work, done), Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        return done.asMono();
    }

    /**
     * What one evaluation uses throughout: definitions, exemptions, weights, the time, the git listings
     * read so far, and the relations its definitions read.
     */
    record Context(Definitions definitions, List<Exemption> exemptions, Evaluation.Weights weights, Instant now,
            GitFacts.Listings listings, EntitySnapshots.Relations relations) {
        Context(Definitions definitions, List<Exemption> exemptions, Evaluation.Weights weights, Instant now, GitFacts.Listings listings) {
            this(definitions, exemptions, weights, now, listings, Subjects.relationsRead(definitions));
        }

        Context withScorecards(Map<String, Scorecard> scorecards) {
            return new Context(new Definitions(scorecards, definitions.factSources(), definitions.exemptions(), definitions.problems(),
                    definitions.campaigns()),
                    exemptions, weights, now, listings);
        }
    }

    private Mono<Context> context() {
        Definitions current = definitions.current();
        return store.exemptions().collectList().map(stored -> {
            List<Exemption> all = new ArrayList<>(current.exemptions());
            all.addAll(stored);
            listings.begin();
            return new Context(current, all, properties.weights().asWeights(), Instant.now(), listings);
        });
    }

    /**
     * Evaluates a batch and writes what changed, and removes the results of scorecards that no longer
     * apply (read before, not evaluated now). The evaluation itself (rules, JSON, digests) runs on a
     * worker, not on the database driver's thread that delivered the previous results.
     */
    private Mono<Outcome> evaluate(Context context, List<Snapshot> batch) {
        return batches.subjects(context, batch).zipWith(store.previous(Subjects.keys(batch))).flatMap(t -> Mono.fromCallable(() -> {
            Results results = new Results(t.getT2(), context.now());
            Set<ScorecardStore.Pair> stale = new HashSet<>(t.getT2().keySet());
            for (BatchSubjects.Prepared entity : t.getT1()) {
                for (Scorecard scorecard : entity.scorecards()) {
                    stale.remove(new ScorecardStore.Pair(scorecard.name(), entity.snapshot().key()));
                    Result result = Evaluation.evaluate(scorecard, entity.subject(), context.definitions().factSources(),
                            context.exemptions(), context.weights(), context.now());
                    results.add(scorecard, entity.snapshot(), result);
                }
            }
            return Map.entry(stale, results);
        }).subscribeOn(Schedulers.parallel())).flatMap(e -> store.write(e.getKey(), e.getValue().rows(), e.getValue().checkChanges(),
                        e.getValue().scoreChanges())
                .thenReturn(new Outcome(batch.size(), e.getValue().rows().size(), 0)));
    }

    public List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += properties.batchSize()) {
            chunks.add(keys.subList(i, Math.min(keys.size(), i + properties.batchSize())));
        }
        return chunks;
    }
}
