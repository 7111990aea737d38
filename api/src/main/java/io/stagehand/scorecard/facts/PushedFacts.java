package io.stagehand.scorecard.facts;

import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.catalog.store.EntitySnapshots;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import io.stagehand.model.Json;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.Definitions.Fact;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.definition.FactRef;
import io.stagehand.scorecard.definition.FactTypes;
import io.stagehand.scorecard.definition.Rule;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import io.stagehand.scorecard.evaluation.ScorecardService;
import io.stagehand.scorecard.evaluation.Subjects;
import io.stagehand.scorecard.store.ScorecardStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Facts that another tool submits (a CI pipeline's coverage, a scanner's findings) for a fact source
 * of type {@code push}: each submission checked against the source's declared facts and types,
 * stored as collected HTTP facts are (stale after the source's {@code ttl}), and its entities
 * evaluated soon after, a batch at a time however many submissions arrive meanwhile.
 */
@Service
public class PushedFacts {

    /** The most entities one call may submit facts for. */
    public static final int MAX_ITEMS = 1000;
    /** The most bytes of facts (as JSON) one entity may get in one submission. */
    static final int MAX_FACT_BYTES = 16 * 1024;
    /** How far ahead of the server's clock an observation time may be (clocks differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Log log = LogFactory.getLog(PushedFacts.class);

    /** Facts for one entity: its ref as written, the facts by name, and when they were observed (null: now). */
    public record Submission(String ref, JsonNode facts, Instant observedAt) {
    }

    /** A submission not taken, by its position in the call, with why. */
    public record Rejected(int index, String ref, String reason) {
    }

    /** What a call did: how many submissions were stored, and those that were not. */
    public record Outcome(int accepted, List<Rejected> rejected) {
    }

    private final ScorecardDefinitions definitions;
    private final EntitySnapshots snapshots;
    private final CatalogQueries catalog;
    private final ScorecardStore store;
    private final ScorecardService service;
    private final Clock clock = Clock.systemUTC();
    /** Entities whose facts were pushed and that wait for their evaluation; one evaluation of them runs at a time. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean evaluating = new AtomicBoolean();

    public PushedFacts(ScorecardDefinitions definitions, EntitySnapshots snapshots, CatalogQueries catalog, ScorecardStore store,
            ScorecardService service) {
        this.definitions = definitions;
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.store = store;
        this.service = service;
    }

    /**
     * The push source called {@code name}; a {@link BadRequestException} when there is none. Checked
     * before anything else, so a caller learns nothing more than that the source does not exist.
     */
    public FactSource source(String name) {
        // an external or manual check's own source takes results only through submitCheckResult and signOffCheck
        FactSource source = name.startsWith(FactRef.SUBMITTED) ? null : definitions.current().factSources().get(name);
        if (source == null) {
            throw new BadRequestException("Fact source " + name + " is not defined");
        }
        if (source.type() != SourceType.PUSH) {
            throw new BadRequestException("Fact source " + name + " is of type " + source.type().name().toLowerCase(java.util.Locale.ROOT)
                    + "; facts are submitted only to sources of type push");
        }
        return source;
    }

    /**
     * Stores what is valid of these submissions for {@code source} (at most {@link #MAX_ITEMS}); each
     * invalid one is rejected alone with its reason. An entity the caller may not see is rejected as
     * one that does not exist. A submission replaces the facts the entity had from this source.
     */
    public Mono<Outcome> submit(FactSource source, List<Submission> submissions) {
        if (submissions.size() > MAX_ITEMS) {
            return Mono.error(new BadRequestException("At most " + MAX_ITEMS + " entities per call; split the submission"));
        }
        Instant now = clock.instant();
        List<Rejected> rejected = new ArrayList<>();
        Map<Integer, String> keys = new LinkedHashMap<>();
        Map<Integer, StoredFacts> valid = new HashMap<>();
        for (int i = 0; i < submissions.size(); i++) {
            Submission submission = submissions.get(i);
            try {
                String key = EntityRef.parse(submission.ref()).key();
                valid.put(i, facts(source, submission, now));
                keys.put(i, key);
            } catch (InvalidRefException | BadRequestException e) {
                rejected.add(new Rejected(i, submission.ref(), e.getMessage()));
            }
        }
        Set<String> asked = new LinkedHashSet<>(keys.values());
        return catalog.hidden(asked).zipWith(snapshots.byKeys(asked)).flatMap(found -> {
            Set<String> hidden = found.getT1();
            Map<String, Snapshot> existing = new HashMap<>();
            found.getT2().forEach(s -> existing.put(s.key(), s));
            // the last submission of an entity wins when a call names it twice
            Map<String, StoredFacts> stored = new LinkedHashMap<>();
            int[] accepted = {0};
            keys.forEach((index, key) -> {
                Snapshot snapshot = hidden.contains(key) ? null : existing.get(key);
                String ref = submissions.get(index).ref();
                if (snapshot == null) {
                    rejected.add(new Rejected(index, ref, "No entity " + ref + " in the catalog"));
                } else if (!source.appliesTo().matches(Subjects.document(snapshot))) {
                    rejected.add(new Rejected(index, ref, "Fact source " + source.name() + " does not apply to " + snapshot.ref()));
                } else {
                    stored.put(key, valid.get(index));
                    accepted[0]++;
                }
            });
            rejected.sort(java.util.Comparator.comparingInt(Rejected::index));
            return store.saveNewerFacts(source.name(), stored)
                    .then(Mono.fromRunnable(() -> evaluateSoon(stored.keySet())))
                    .thenReturn(new Outcome(accepted[0], List.copyOf(rejected)));
        });
    }

    /**
     * Stores the result of an external check ({@code manual} false: {@code result} holds its state,
     * message and link) or the sign-off of a manual one for one entity, replacing the one before, and
     * evaluates the entity soon after. The check must be of that type and apply to the entity.
     */
    public Mono<Instant> submitCheck(String scorecardName, String checkId, String ref, ObjectNode result, boolean manual) {
        Definitions.Scorecard scorecard = definitions.current().scorecards().get(scorecardName);
        if (scorecard == null) {
            return Mono.error(new BadRequestException("Scorecard " + scorecardName + " is not defined"));
        }
        Definitions.Check check = scorecard.checks().stream().filter(c -> c.id().equals(checkId)).findFirst().orElse(null);
        String type = manual ? "manual" : "external";
        if (check == null || !(check.rule() instanceof Rule.Submitted submitted) || submitted.manual() != manual) {
            return Mono.error(new BadRequestException("Scorecard " + scorecardName + " has no " + type + " check " + checkId));
        }
        String key;
        try {
            key = EntityRef.parse(ref).key();
        } catch (InvalidRefException e) {
            return Mono.error(new BadRequestException(e.getMessage()));
        }
        Instant now = clock.instant();
        return catalog.hidden(List.of(key)).zipWith(snapshots.byKeys(List.of(key))).flatMap(found -> {
            Snapshot snapshot = found.getT1().contains(key) || found.getT2().isEmpty() ? null : found.getT2().get(0);
            if (snapshot == null) {
                return Mono.error(new BadRequestException("No entity " + ref + " in the catalog"));
            }
            if (!scorecard.appliesTo().matches(Subjects.document(snapshot))) {
                return Mono.error(new BadRequestException("Scorecard " + scorecardName + " does not apply to " + snapshot.ref()));
            }
            ObjectNode values = Json.MAPPER.createObjectNode();
            values.set(submitted.result().fact(), result);
            return store.saveFacts(submitted.result().source(), Map.of(key, new StoredFacts(values, now, null, false)), false)
                    .then(Mono.fromRunnable(() -> evaluateSoon(Set.of(key))))
                    .thenReturn(now);
        });
    }

    /** The submission's facts as stored: declared names only, each of its declared type, not too large, observed not in the future. */
    private static StoredFacts facts(FactSource source, Submission submission, Instant now) {
        if (submission.facts() == null || !submission.facts().isObject()) {
            throw new BadRequestException("facts must be an object of facts by name");
        }
        ObjectNode values = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : submission.facts().properties()) {
            Fact fact = source.facts().get(entry.getKey());
            if (fact == null) {
                throw new BadRequestException("Fact source " + source.name() + " declares no fact " + name(entry.getKey())
                        + " (it declares " + String.join(", ", new java.util.TreeSet<>(source.facts().keySet())) + ")");
            }
            JsonNode value = entry.getValue().isNull() ? entry.getValue() : FactTypes.coerce(entry.getValue(), fact.type());
            if (value == null) {
                throw new BadRequestException("Fact " + fact.name() + " must be a " + fact.type() + ", not " + FactTypes.describe(entry.getValue()));
            }
            values.set(fact.name(), value);
        }
        if (Json.MAPPER.writeValueAsString(values).getBytes(StandardCharsets.UTF_8).length > MAX_FACT_BYTES) {
            throw new BadRequestException("The facts of one entity may take at most " + MAX_FACT_BYTES + " bytes as JSON");
        }
        Instant observed = submission.observedAt() == null ? now : submission.observedAt();
        if (observed.isAfter(now.plus(CLOCK_SKEW))) {
            throw new BadRequestException("observedAt is in the future");
        }
        return new StoredFacts(values, observed, null, false);
    }

    /** A name as given, shortened: it is the caller's text, answered back. */
    private static String name(String given) {
        return given.length() <= 80 ? given : given.substring(0, 80) + "...";
    }

    /**
     * Evaluates these entities soon: with those pushed while an evaluation runs, in one evaluation
     * after it, so a flood of submissions queues no more than one evaluation at a time.
     */
    void evaluateSoon(Set<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        waiting.addAll(keys);
        drain();
    }

    private void drain() {
        if (waiting.isEmpty() || !evaluating.compareAndSet(false, true)) {
            return;
        }
        List<String> batch = new ArrayList<>();
        for (String key : waiting) {
            batch.add(key);
            if (batch.size() >= 5000) {
                break;
            }
        }
        batch.forEach(waiting::remove);
        Mono.defer(() -> service.evaluate(batch))
                .doOnError(e -> log.warn("Evaluating " + batch.size() + " entities after pushed facts failed; they are evaluated at the next"
                        + " evaluation of every entity", e))
                .onErrorComplete()
                .doFinally(signal -> {
                    evaluating.set(false);
                    drain();
                })
                .subscribe();
    }
}
