package io.stagehand.scorecard.evaluation;

import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import io.stagehand.scorecard.evaluation.Evaluation.Subject;
import io.stagehand.scorecard.evaluation.ScorecardService.Context;
import io.stagehand.scorecard.facts.GitFactReader;
import io.stagehand.scorecard.store.ScorecardStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/**
 * Readies a batch of entities for evaluation: parses each, finds the scorecards that apply, reads
 * its entity and git facts, stores the git facts that changed, and adds the HTTP facts last
 * collected and the facts last pushed.
 */
final class BatchSubjects {

    /** An entity ready to be evaluated: its document, the scorecards that apply, and its facts. */
    record Prepared(Snapshot snapshot, ObjectNode document, List<Scorecard> scorecards, Subject subject) {
    }

    private record PreparedBatch(List<Prepared> entities, Map<String, Map<String, StoredFacts>> gitFacts) {
    }

    private final ScorecardStore store;
    private final GitFactReader gitReader;

    BatchSubjects(ScorecardStore store, GitFactReader gitReader) {
        this.store = store;
        this.gitReader = gitReader;
    }

    Mono<List<Prepared>> subjects(Context context, List<Snapshot> batch) {
        return Mono.fromCallable(() -> prepare(context, batch)).subscribeOn(Schedulers.boundedElastic()).flatMap(prepared -> {
            Set<String> http = new HashSet<>();
            for (FactSource source : context.definitions().factSources().values()) {
                if (source.type().stored()) {
                    http.add(source.name());
                }
            }
            Set<String> stored = new HashSet<>(http);
            stored.addAll(prepared.gitFacts().keySet());
            return store.facts(Subjects.keys(batch), stored).flatMap(fromStore -> saveChangedGitFacts(prepared, fromStore).then(Mono.fromSupplier(() -> {
                List<Prepared> complete = new ArrayList<>();
                for (Prepared entity : prepared.entities()) {
                    Map<String, StoredFacts> facts = new HashMap<>(entity.subject().facts());
                    fromStore.getOrDefault(entity.snapshot().key(), Map.of()).forEach((source, values) -> {
                        if (http.contains(source)) {
                            facts.putIfAbsent(source, values);
                        }
                    });
                    complete.add(new Prepared(entity.snapshot(), entity.document(), entity.scorecards(),
                            new Subject(entity.snapshot().key(), entity.snapshot().ref(), entity.document(), facts)));
                }
                return complete;
            })));
        });
    }

    /**
     * Git facts are read afresh at every evaluation and stored only where they differ from the
     * stored ones (an upsert of every row, even one that changes nothing, locks and rewrites it).
     */
    private Mono<Void> saveChangedGitFacts(PreparedBatch prepared, Map<String, Map<String, StoredFacts>> fromStore) {
        return Flux.fromIterable(prepared.gitFacts().entrySet())
                .concatMap(e -> {
                    Map<String, StoredFacts> changed = new HashMap<>();
                    e.getValue().forEach((key, fresh) -> {
                        StoredFacts old = fromStore.getOrDefault(key, Map.of()).get(e.getKey());
                        if (old == null || !Objects.equals(old.values(), fresh.values()) || !Objects.equals(old.problem(), fresh.problem())) {
                            changed.put(key, fresh);
                        }
                    });
                    return store.saveFacts(e.getKey(), changed, true);
                })
                .then();
    }

    private PreparedBatch prepare(Context context, List<Snapshot> batch) {
        List<Prepared> entities = new ArrayList<>();
        Map<String, Map<String, StoredFacts>> gitFacts = new HashMap<>();
        // each scorecard's fact sources, found once per batch rather than per entity (a walk of its rules)
        Map<Scorecard, Set<String>> sourcesOf = new java.util.IdentityHashMap<>();
        for (Snapshot snapshot : batch) {
            ObjectNode document = Subjects.document(snapshot);
            List<Scorecard> scorecards = context.definitions().scorecards().values().stream()
                    .filter(s -> s.appliesTo().matches(document)).toList();
            Map<String, StoredFacts> facts = new HashMap<>();
            Set<String> needed = new LinkedHashSet<>();
            scorecards.forEach(s -> needed.addAll(sourcesOf.computeIfAbsent(s, Scorecard::factSources)));
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
}
