package io.stagehand.scorecard.store;

import io.stagehand.model.Json;
import io.stagehand.postgres.BinaryCopy;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import io.stagehand.scorecard.graphql.Views;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes and reads the scorecard tables: facts, current results, history, exemptions made through the API. */
@Repository
public class ScorecardStore {

    private static final JsonMapper JSON = Json.MAPPER;

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    ScorecardStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A result as evaluated, ready to be written. */
    record ResultRow(String scorecard, String key, String ref, String kind, double score, String level, int levelRank, int worstFailing,
            List<String> failing, int passing, int failingCount, int exempt, int unknown, int errors, String checksJson, String states,
            String digest) {
    }

    record CheckChange(String scorecard, String key, String checkId, String state, String message) {
    }

    record ScoreChange(String scorecard, String key, double score, String level) {
    }

    /** What an entity's result was before an evaluation: to skip unchanged ones and to find changed states. */
    public record Previous(String digest, String states, double score, String level) {
    }

    /** A result's identity: its scorecard and entity. */
    public record Pair(String scorecard, String key) {
    }

    /**
     * The current results of these entities, by scorecard and entity. A join with the keys, not {@code
     * entity_key = ANY(:keys)}: a plan cached while the table was still empty scanned it and searched
     * the whole array for every row, so each batch of a cold evaluation took longer than the last.
     */
    public Mono<Map<Pair, Previous>> previous(Collection<String> keys) {
        return db.sql("""
                        SELECT r.scorecard, r.entity_key, r.digest, r.states, r.score, r.level
                        FROM unnest(CAST(:keys AS text[])) AS k(key) JOIN scorecard_results r ON r.entity_key = k.key""")
                .bind("keys", keys.toArray(String[]::new))
                .map(row -> Map.entry(new Pair(row.get("scorecard", String.class), row.get("entity_key", String.class)),
                        new Previous(row.get("digest", String.class), row.get("states", String.class), row.get("score", Double.class),
                                row.get("level", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /**
     * Writes changed results with their history in one transaction, and removes the {@code stale}
     * results (of scorecards that no longer apply to their entity). Evaluations run
     * one at a time, so the results read before are still those stored.
     */
    public Mono<Void> write(Collection<Pair> stale, List<ResultRow> rows, List<CheckChange> checks, List<ScoreChange> scores) {
        Mono<Void> removed = stale.isEmpty() ? Mono.empty() : db.sql("""
                        DELETE FROM scorecard_results r USING unnest(CAST(:scorecards AS text[]), CAST(:keys AS text[])) AS s(scorecard, key)
                        WHERE r.scorecard = s.scorecard AND r.entity_key = s.key""")
                .bind("scorecards", stale.stream().map(Pair::scorecard).toArray(String[]::new))
                .bind("keys", stale.stream().map(Pair::key).toArray(String[]::new))
                .then();
        // The rows go by COPY into a table of this transaction, then one upsert: bound as arrays, the
        // driver escaped every character of every check's JSON on its event loop and the server parsed
        // the array literals back (most of what the server's own threads did in a cold evaluation).
        Mono<Void> upsert = rows.isEmpty() ? Mono.empty() : db.sql("""
                        CREATE TEMP TABLE scorecard_rows (s text, k text, r text, kd text, sc text, l text, lr text, w text, f text,
                            p text, fc text, e text, u text, er text, c text, st text, d text) ON COMMIT DROP""").then()
                .then(BinaryCopy.copy(db, "COPY scorecard_rows FROM STDIN (FORMAT binary)", rows.stream().map(r -> new String[] {
                        r.scorecard(), r.key(), r.ref(), r.kind(), Double.toString(r.score()), r.level(), Integer.toString(r.levelRank()),
                        Integer.toString(r.worstFailing()), String.join("\u001f", r.failing()), Integer.toString(r.passing()),
                        Integer.toString(r.failingCount()), Integer.toString(r.exempt()), Integer.toString(r.unknown()),
                        Integer.toString(r.errors()), r.checksJson(), r.states(), r.digest()}).toList()))
                .then(db.sql("""
                        INSERT INTO scorecard_results (scorecard, entity_key, entity_ref, kind, score, level, level_rank, worst_failing, failing,
                            passing_count, failing_count, exempt_count, unknown_count, error_count, checks, states, digest, evaluated_at)
                        SELECT s, k, r, kd, CAST(sc AS float8), l, CAST(lr AS int), CAST(w AS int),
                               CASE WHEN f = '' THEN '{}'::text[] ELSE string_to_array(f, chr(31)) END, CAST(p AS int), CAST(fc AS int),
                               CAST(e AS int), CAST(u AS int), CAST(er AS int), c, st, d, now()
                        FROM scorecard_rows
                        ON CONFLICT (scorecard, entity_key) DO UPDATE SET entity_ref = excluded.entity_ref, kind = excluded.kind,
                            score = excluded.score, level = excluded.level, level_rank = excluded.level_rank,
                            worst_failing = excluded.worst_failing, failing = excluded.failing, passing_count = excluded.passing_count,
                            failing_count = excluded.failing_count, exempt_count = excluded.exempt_count,
                            unknown_count = excluded.unknown_count, error_count = excluded.error_count, checks = excluded.checks,
                            states = excluded.states, digest = excluded.digest, evaluated_at = excluded.evaluated_at""").then());
        Mono<Void> checkHistory = checks.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO scorecard_check_history (scorecard, entity_key, check_id, state, message)
                        SELECT * FROM unnest(CAST(:scorecards AS text[]), CAST(:keys AS text[]), CAST(:checks AS text[]),
                                             CAST(:states AS text[]), CAST(:messages AS text[]))""")
                .bind("scorecards", column(checks, CheckChange::scorecard))
                .bind("keys", column(checks, CheckChange::key))
                .bind("checks", column(checks, CheckChange::checkId))
                .bind("states", column(checks, CheckChange::state))
                .bind("messages", column(checks, CheckChange::message))
                .then();
        Mono<Void> scoreHistory = scores.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO scorecard_score_history (scorecard, entity_key, score, level)
                        SELECT * FROM unnest(CAST(:scorecards AS text[]), CAST(:keys AS text[]), CAST(:scores AS float8[]),
                                             CAST(:levels AS text[]))""")
                .bind("scorecards", column(scores, ScoreChange::scorecard))
                .bind("keys", column(scores, ScoreChange::key))
                .bind("scores", scores.stream().map(ScoreChange::score).toArray(Double[]::new))
                .bind("levels", column(scores, ScoreChange::level))
                .then();
        return tx.transactional(removed.then(upsert).then(checkHistory).then(scoreHistory));
    }

    /** Results and facts of entities that are gone, and results of scorecards no longer defined. */
    public Mono<Void> purge(Collection<String> scorecards) {
        return tx.transactional(db.sql("DELETE FROM scorecard_results WHERE NOT scorecard = ANY(CAST(:names AS text[]))")
                .bind("names", scorecards.toArray(String[]::new)).then()
                .then(db.sql("DELETE FROM scorecard_results r WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = r.entity_key)").then())
                .then(db.sql("DELETE FROM scorecard_facts f WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_key = f.entity_key)").then()));
    }

    /** Results and facts of these entities, deleted from the catalog. */
    public Mono<Void> purgeEntities(Collection<String> keys) {
        String[] array = keys.toArray(String[]::new);
        return tx.transactional(db.sql("DELETE FROM scorecard_results WHERE entity_key = ANY(CAST(:keys AS text[]))").bind("keys", array).then()
                .then(db.sql("DELETE FROM scorecard_facts WHERE entity_key = ANY(CAST(:keys AS text[]))").bind("keys", array).then()));
    }

    /** History older than the retention. */
    public Mono<Void> expireHistory(java.time.Duration retention) {
        String interval = retention.toSeconds() + " seconds";
        return db.sql("DELETE FROM scorecard_check_history WHERE at < now() - CAST(:i AS interval)").bind("i", interval).then()
                .then(db.sql("DELETE FROM scorecard_score_history WHERE at < now() - CAST(:i AS interval)").bind("i", interval).then());
    }

    /** Stored facts of these entities from these sources: key, then source (a join with the keys, as in {@link #previous}). */
    public Mono<Map<String, Map<String, StoredFacts>>> facts(Collection<String> keys, Collection<String> sources) {
        if (keys.isEmpty() || sources.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("""
                        SELECT f.entity_key, f.source, CAST(f.vals AS text) AS vals, f.observed_at, f.problem, f.unknown
                        FROM unnest(CAST(:keys AS text[])) AS k(key) JOIN scorecard_facts f ON f.entity_key = k.key
                        WHERE f.source = ANY(CAST(:sources AS text[]))""")
                .bind("keys", keys.toArray(String[]::new))
                .bind("sources", sources.toArray(String[]::new))
                .map(row -> {
                    String vals = row.get("vals", String.class);
                    OffsetDateTime observed = row.get("observed_at", OffsetDateTime.class);
                    return Map.entry(row.get("entity_key", String.class), Map.entry(row.get("source", String.class),
                            new StoredFacts(vals == null ? null : JSON.readTree(vals), observed == null ? null : observed.toInstant(),
                                    row.get("problem", String.class), Boolean.TRUE.equals(row.get("unknown", Boolean.class)))));
                })
                .all()
                .collect(HashMap::new, (Map<String, Map<String, StoredFacts>> map, Map.Entry<String, Map.Entry<String, StoredFacts>> e) ->
                        map.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(e.getValue().getKey(), e.getValue().getValue()));
    }

    /**
     * Stores one source's facts; with {@code onlyChanges}, rows whose values and problem are the same
     * are left alone (git facts, read afresh at every evaluation, keep the time they last changed).
     */
    public Mono<Void> saveFacts(String source, Map<String, StoredFacts> byKey, boolean onlyChanges) {
        return save(source, byKey, onlyChanges
                ? "WHERE scorecard_facts.vals IS DISTINCT FROM excluded.vals OR scorecard_facts.problem IS DISTINCT FROM excluded.problem" : "");
    }

    /** As {@link #saveFacts}, but a row observed before the one stored leaves it as it is: a late submission never replaces a newer one. */
    public Mono<Void> saveNewerFacts(String source, Map<String, StoredFacts> byKey) {
        return save(source, byKey, "WHERE scorecard_facts.observed_at IS NULL OR scorecard_facts.observed_at <= excluded.observed_at");
    }

    private Mono<Void> save(String source, Map<String, StoredFacts> byKey, String condition) {
        if (byKey.isEmpty()) {
            return Mono.empty();
        }
        List<Map.Entry<String, StoredFacts>> rows = new ArrayList<>(byKey.entrySet());
        rows.sort(Map.Entry.comparingByKey());
        return db.sql("""
                        INSERT INTO scorecard_facts (entity_key, source, vals, observed_at, problem, unknown, attempted_at)
                        SELECT k, :source, CAST(v AS jsonb), o, p, u, now()
                        FROM unnest(CAST(:keys AS text[]), CAST(:vals AS text[]), CAST(:observed AS timestamptz[]), CAST(:problems AS text[]),
                                    CAST(:unknown AS boolean[])) AS t(k, v, o, p, u)
                        ON CONFLICT (entity_key, source) DO UPDATE SET vals = excluded.vals, observed_at = excluded.observed_at,
                            problem = excluded.problem, unknown = excluded.unknown, attempted_at = excluded.attempted_at
                        """ + condition)
                .bind("source", source)
                .bind("keys", rows.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .bind("vals", rows.stream().map(e -> e.getValue().values() == null ? null : JSON.writeValueAsString(e.getValue().values()))
                        .toArray(String[]::new))
                .bind("observed", rows.stream().map(e -> e.getValue().observedAt() == null ? null
                        : OffsetDateTime.ofInstant(e.getValue().observedAt(), java.time.ZoneOffset.UTC)).toArray(OffsetDateTime[]::new))
                .bind("problems", rows.stream().map(e -> e.getValue().problem()).toArray(String[]::new))
                .bind("unknown", rows.stream().map(e -> e.getValue().unknown()).toArray(Boolean[]::new))
                .then();
    }

    /** The exemptions made through the API that take effect: approved ones (expiry and revocation are checked when evaluating). */
    public Flux<Exemption> exemptions() {
        return db.sql("SELECT * FROM scorecard_exemptions WHERE status = 'APPROVED' ORDER BY id").map(ScorecardStore::exemption).all();
    }

    /** An exemption made through the API with where it is in its workflow. */
    public record StoredExemption(Exemption exemption, Views.ExemptionStatus status, String requestedBy, String decidedBy, Instant decidedAt,
            String decisionComment) {
    }

    /** Every exemption made through the API, whatever its status. */
    public Flux<StoredExemption> storedExemptions() {
        return db.sql("SELECT * FROM scorecard_exemptions ORDER BY id").map(ScorecardStore::stored).all();
    }

    public Mono<StoredExemption> storedExemption(long id) {
        return db.sql("SELECT * FROM scorecard_exemptions WHERE id = :id").bind("id", id).map(ScorecardStore::stored).one();
    }

    /** A request, recorded with who made it; it takes effect once approved. */
    public Mono<StoredExemption> requestExemption(String scorecard, String check, String key, String ref, String reason, String requestedBy,
            Instant expires) {
        return db.sql("""
                        INSERT INTO scorecard_exemptions (scorecard, check_id, entity_key, entity_ref, reason, requested_by, expires, status)
                        VALUES (:scorecard, :check, :key, :ref, :reason, :requestedBy, :expires, 'REQUESTED') RETURNING *""")
                .bind("scorecard", scorecard).bind("check", check).bind("key", key).bind("ref", ref).bind("reason", reason)
                .bind("requestedBy", requestedBy)
                .bind("expires", OffsetDateTime.ofInstant(expires, java.time.ZoneOffset.UTC))
                .map(ScorecardStore::stored)
                .one();
    }

    /**
     * Approves or rejects a pending request, recording who decided; empty when it is no longer
     * pending (decided or withdrawn meanwhile), so two deciders cannot both win.
     */
    public Mono<StoredExemption> decide(long id, Views.ExemptionStatus status, String decidedBy, String comment) {
        return db.sql("""
                        UPDATE scorecard_exemptions SET status = :status, decided_by = :by, decided_at = now(), decision_comment = :comment,
                            approved_by = CASE WHEN :status = 'APPROVED' THEN :by ELSE approved_by END
                        WHERE id = :id AND status = 'REQUESTED' AND revoked_at IS NULL RETURNING *""")
                .bind("id", id)
                .bind("status", status.name())
                .bind("by", decidedBy)
                .bind("comment", Parameter.fromOrEmpty(comment, String.class))
                .map(ScorecardStore::stored)
                .one();
    }

    public Mono<StoredExemption> revokeExemption(long id, String revokedBy) {
        return db.sql("""
                        UPDATE scorecard_exemptions SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, :by)
                        WHERE id = :id RETURNING *""")
                .bind("id", id)
                .bind("by", revokedBy)
                .map(ScorecardStore::stored)
                .one();
    }

    private static StoredExemption stored(io.r2dbc.spi.Readable row) {
        OffsetDateTime decided = row.get("decided_at", OffsetDateTime.class);
        return new StoredExemption(exemption(row), Views.ExemptionStatus.valueOf(row.get("status", String.class)),
                row.get("requested_by", String.class), row.get("decided_by", String.class), decided == null ? null : decided.toInstant(),
                row.get("decision_comment", String.class));
    }

    private static Exemption exemption(io.r2dbc.spi.Readable row) {
        OffsetDateTime expires = row.get("expires", OffsetDateTime.class);
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        return new Exemption(String.valueOf(row.get("id", Long.class)), row.get("scorecard", String.class), row.get("check_id", String.class),
                row.get("entity_key", String.class), row.get("entity_ref", String.class), row.get("reason", String.class),
                row.get("approved_by", String.class), expires == null ? null : expires.toInstant(),
                row.get("created_at", OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant(), "API");
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
