package io.stagehand.scorecard;

import io.stagehand.ingest.GitRepositories;
import io.stagehand.scorecard.Definitions.Exemption;
import io.stagehand.scorecard.Definitions.FactSource;
import io.stagehand.scorecard.Definitions.Scorecard;
import io.stagehand.scorecard.Definitions.SourceType;
import io.stagehand.scorecard.Evaluation.Result;
import io.stagehand.scorecard.Evaluation.StoredFacts;
import io.stagehand.scorecard.Evaluation.Subject;
import io.stagehand.store.EntitySnapshots;
import io.stagehand.store.EntitySnapshots.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
    private final GitFactReader gitReader;
    private final Sinks.Many<Job<?>> jobs = Sinks.many().unicast().onBackpressureBuffer();
    private final reactor.core.Disposable worker;

    public ScorecardService(ScorecardDefinitions definitions, ScorecardProperties properties, EntitySnapshots snapshots,
            ScorecardStore store, GitRepositories repositories, Environment environment) {
        this.definitions = definitions;
        this.properties = properties;
        this.snapshots = snapshots;
        this.store = store;
        this.repositories = repositories;
        this.listings = new GitFacts.Listings(repositories);
        this.gitReader = new GitFactReader(repositories, environment::getProperty);
        this.worker = jobs.asFlux().concatMap(Job::run, 1).subscribe();
    }

    /** Closes the repositories of the git listings it keeps. */
    @Override
    public void destroy() {
        worker.dispose();
        listings.close();
    }

    Definitions definitions() {
        return definitions.current();
    }

    /** Every entity, and a clean-up of results whose entity or scorecard is gone. */
    public Mono<Outcome> evaluateAll() {
        return enqueue(() -> {
            long started = System.nanoTime();
            return context().flatMap(context -> eachBatch(batch -> evaluate(context, batch))
                    .flatMap(outcome -> store.purge(context.definitions().scorecards().keySet())
                            .then(store.expireHistory(properties.historyRetention()))
                            .thenReturn(outcome)))
                    .map(outcome -> done(outcome, started, "every entity"));
        });
    }

    /**
     * Runs {@code work} on every entity, {@code batch-size} at a time in key order, and adds up the
     * outcomes. A loop, not a recursion: each batch (descriptors and all) is let go before the next
     * is read; a recursion kept every one of them until the last (at 100,000 entities the heap of
     * the benchmark's server filled up).
     */
    Mono<Outcome> eachBatch(Function<List<Snapshot>, Mono<Outcome>> work) {
        int size = properties.batchSize();
        java.util.concurrent.atomic.AtomicReference<String> after = new java.util.concurrent.atomic.AtomicReference<>("");
        java.util.concurrent.atomic.AtomicBoolean more = new java.util.concurrent.atomic.AtomicBoolean(true);
        return Mono.defer(() -> snapshots.page(after.get(), size))
                .flatMap(batch -> {
                    more.set(batch.size() == size);
                    if (batch.isEmpty()) {
                        return Mono.just(new Outcome(0, 0, 0));
                    }
                    after.set(batch.get(batch.size() - 1).key());
                    return work.apply(batch);
                })
                .repeat(more::get)
                .reduce(new Outcome(0, 0, 0), Outcome::plus);
    }

    /** These entities (those that still exist); the results of those that are gone are removed. */
    public Mono<Outcome> evaluate(Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        return enqueue(() -> {
            long started = System.nanoTime();
            return context().flatMap(context -> Flux.fromIterable(chunks(distinct))
                    .concatMap(chunk -> snapshots.byKeys(chunk).flatMap(found -> {
                        Set<String> gone = new HashSet<>(chunk);
                        found.forEach(s -> gone.remove(s.key()));
                        return store.purgeEntities(gone).then(found.isEmpty() ? Mono.just(new Outcome(0, 0, 0)) : evaluate(context, found));
                    }))
                    .reduce(new Outcome(0, 0, 0), Outcome::plus))
                    .map(outcome -> done(outcome, started, distinct.size() + " changed entities"));
        });
    }

    /** Evaluates entities against a scorecard that is not stored: nothing is written. */
    Mono<List<Result>> dryRun(Scorecard scorecard, Collection<String> keys) {
        return context().flatMap(context -> snapshots.byKeys(keys).flatMap(found -> {
            Context only = context.withScorecards(Map.of(scorecard.name(), scorecard));
            return subjects(only, found).map(subjects -> {
                List<Result> results = new ArrayList<>();
                for (Prepared prepared : subjects) {
                    if (scorecard.appliesTo().matches(prepared.document())) {
                        results.add(Evaluation.evaluate(scorecard, prepared.subject(), only.definitions().factSources(),
                                only.exemptions(), only.weights(), only.now()));
                    }
                }
                return results;
            });
        }));
    }

    Outcome done(Outcome outcome, long started, String what) {
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

    /** What one evaluation uses throughout: definitions, exemptions, weights, the time, and the git listings read so far. */
    record Context(Definitions definitions, List<Exemption> exemptions, Evaluation.Weights weights, Instant now,
            GitFacts.Listings listings) {
        Context withScorecards(Map<String, Scorecard> scorecards) {
            return new Context(new Definitions(scorecards, definitions.factSources(), definitions.exemptions(), definitions.problems()),
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

    /** An entity ready to be evaluated: its document, the scorecards that apply, and its facts. */
    private record Prepared(Snapshot snapshot, ObjectNode document, List<Scorecard> scorecards, Subject subject) {
    }

    private Mono<Outcome> evaluate(Context context, List<Snapshot> batch) {
        return subjects(context, batch).flatMap(prepared -> store.previous(Subjects.keys(batch)).flatMap(previous -> {
            Results results = new Results(previous, context.now());
            Set<String> applicable = new HashSet<>();
            for (Prepared entity : prepared) {
                for (Scorecard scorecard : entity.scorecards()) {
                    applicable.add(ScorecardStore.pair(scorecard.name(), entity.snapshot().key()));
                    Result result = Evaluation.evaluate(scorecard, entity.subject(), context.definitions().factSources(),
                            context.exemptions(), context.weights(), context.now());
                    results.add(scorecard, entity.snapshot(), result);
                }
            }
            return store.write(Subjects.keys(batch), applicable, results.rows(), results.checkChanges(), results.scoreChanges())
                    .thenReturn(new Outcome(batch.size(), results.rows().size(), 0));
        }));
    }

    /** Parses the batch, finds the scorecards and facts each entity needs, reads git facts, loads stored HTTP facts. */
    private Mono<List<Prepared>> subjects(Context context, List<Snapshot> batch) {
        return Mono.fromCallable(() -> prepare(context, batch)).subscribeOn(Schedulers.boundedElastic()).flatMap(prepared -> {
            Set<String> stored = new HashSet<>();
            for (FactSource source : context.definitions().factSources().values()) {
                if (source.type() == SourceType.HTTP) {
                    stored.add(source.name());
                }
            }
            Mono<Void> saveGit = Flux.fromIterable(prepared.gitFacts().entrySet())
                    .concatMap(e -> store.saveFacts(e.getKey(), e.getValue(), true))
                    .then();
            return saveGit.then(store.facts(Subjects.keys(batch), stored)).map(fromStore -> {
                List<Prepared> complete = new ArrayList<>();
                for (Prepared entity : prepared.entities()) {
                    Map<String, StoredFacts> facts = new HashMap<>(entity.subject().facts());
                    fromStore.getOrDefault(entity.snapshot().key(), Map.of()).forEach(facts::putIfAbsent);
                    complete.add(new Prepared(entity.snapshot(), entity.document(), entity.scorecards(),
                            new Subject(entity.snapshot().key(), entity.snapshot().ref(), entity.document(), facts)));
                }
                return complete;
            });
        });
    }

    private record PreparedBatch(List<Prepared> entities, Map<String, Map<String, StoredFacts>> gitFacts) {
    }

    private PreparedBatch prepare(Context context, List<Snapshot> batch) {
        List<Prepared> entities = new ArrayList<>();
        Map<String, Map<String, StoredFacts>> gitFacts = new HashMap<>();
        for (Snapshot snapshot : batch) {
            ObjectNode document = Subjects.document(snapshot);
            List<Scorecard> scorecards = context.definitions().scorecards().values().stream()
                    .filter(s -> s.appliesTo().matches(document)).toList();
            Map<String, StoredFacts> facts = new HashMap<>();
            Set<String> needed = new LinkedHashSet<>();
            scorecards.forEach(s -> needed.addAll(s.factSources()));
            for (String name : needed) {
                FactSource source = context.definitions().factSources().get(name);
                if (source == null || !source.appliesTo().matches(document)) {
                    continue;
                }
                if (source.type() == SourceType.GIT) {
                    StoredFacts read = gitReader.read(context.listings(), source, snapshot, document, context.now());
                    facts.put(name, read);
                    gitFacts.computeIfAbsent(name, n -> new HashMap<>()).put(snapshot.key(), read);
                } else if (source.type() == SourceType.ENTITY) {
                    ObjectNode values = document.objectNode();
                    source.facts().values().forEach(f -> values.set(f.name(), f.path().read(document)));
                    facts.put(name, new StoredFacts(values, context.now(), null, false));
                }
            }
            entities.add(new Prepared(snapshot, document, scorecards, new Subject(snapshot.key(), snapshot.ref(), document, facts)));
        }
        return new PreparedBatch(entities, gitFacts);
    }

    List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += properties.batchSize()) {
            chunks.add(keys.subList(i, Math.min(keys.size(), i + properties.batchSize())));
        }
        return chunks;
    }
}
