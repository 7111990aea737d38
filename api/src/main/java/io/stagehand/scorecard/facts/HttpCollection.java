package io.stagehand.scorecard.facts;

import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.scorecard.ScorecardProperties;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.ScorecardService.Outcome;
import io.stagehand.scorecard.evaluation.ScorecardService;
import io.stagehand.scorecard.evaluation.Subjects;
import io.stagehand.scorecard.store.ScorecardStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects HTTP facts: a source's facts for the entities it covers, stored for evaluations to read
 * (HTTP facts are never asked for during an evaluation), and then those entities evaluated.
 */
@Component
public class HttpCollection {

    private final ScorecardDefinitions definitions;
    private final ScorecardProperties properties;
    private final EntitySnapshots snapshots;
    private final ScorecardStore store;
    private final HttpFacts http;
    private final ScorecardService service;

    HttpCollection(ScorecardDefinitions definitions, ScorecardProperties properties, EntitySnapshots snapshots, ScorecardStore store,
            HttpFacts http, ScorecardService service) {
        this.definitions = definitions;
        this.properties = properties;
        this.snapshots = snapshots;
        this.store = store;
        this.http = http;
        this.service = service;
    }

    /**
     * Collects an HTTP fact source's facts for every entity it applies to and that a scorecard
     * reads it for, a few requests at a time, stores them, and evaluates those entities.
     */
    public Mono<Outcome> collect(String sourceName) {
        long started = System.nanoTime();
        return collectPage(sourceName)
                .map(outcome -> service.done(outcome, started, "entities after collecting " + sourceName));
    }

    private Mono<Outcome> collectPage(String sourceName) {
        FactSource source = definitions.current().factSources().get(sourceName);
        if (source == null || source.type() != SourceType.HTTP) {
            return Mono.just(new Outcome(0, 0, 0));
        }
        return service.eachBatch(batch -> collect(source, batch, false)
                .flatMap(keys -> keys.isEmpty() ? Mono.just(new Outcome(0, 0, 0)) : service.evaluate(keys)));
    }

    /**
     * Collects every HTTP fact source's facts for those of these entities that have none yet (new
     * entities), so their first evaluation need not wait for the source's next scheduled round.
     * Gives the keys it collected facts for.
     */
    public Mono<Set<String>> collectMissing(Collection<String> keys) {
        List<FactSource> sources = definitions.current().factSources().values().stream().filter(s -> s.type() == SourceType.HTTP).toList();
        if (sources.isEmpty() || keys.isEmpty()) {
            return Mono.just(Set.of());
        }
        return Flux.fromIterable(service.chunks(List.copyOf(keys))).concatMap(chunk -> snapshots.byKeys(chunk)
                .flatMapMany(found -> Flux.fromIterable(sources).concatMap(source -> collect(source, found, true))))
                .flatMapIterable(collected -> collected)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Collects a source's facts for the entities of the batch it applies to and a scorecard reads it for; gives their keys. */
    private Mono<List<String>> collect(FactSource source, List<Snapshot> batch, boolean onlyMissing) {
        Definitions current = definitions.current();
        List<Snapshot> covered = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        for (Snapshot snapshot : batch) {
            ObjectNode document = Subjects.document(snapshot);
            boolean read = source.appliesTo().matches(document) && current.scorecards().values().stream()
                    .anyMatch(s -> s.appliesTo().matches(document) && s.factSources().contains(source.name()));
            if (read) {
                covered.add(snapshot);
                documents.add(document);
            }
        }
        if (covered.isEmpty()) {
            return Mono.just(List.of());
        }
        return store.facts(Subjects.keys(covered), List.of(source.name())).flatMap(previous -> Flux.range(0, covered.size())
                .filter(i -> !onlyMissing || !previous.containsKey(covered.get(i).key()))
                .flatMap(i -> http.collect(source, covered.get(i).ref(), documents.get(i),
                                previous.getOrDefault(covered.get(i).key(), Map.of()).get(source.name()))
                        .map(facts -> Map.entry(covered.get(i).key(), facts)), properties.httpConcurrency())
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(facts -> store.saveFacts(source.name(), facts, false).thenReturn(List.copyOf(facts.keySet()))));
    }
}
