package io.stagehand.catalog.store;

import io.stagehand.postgres.BinaryCopy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.modulith.NamedInterface;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The durable change feed: the entity changes every run recorded in its own transaction, read by
 * consumers from a position they remember in the database, so a slow consumer or a restart loses
 * nothing that was committed. A commit of this process wakes the consumers at once; a poll picks
 * up other processes' commits.
 */
@NamedInterface("store")
@Component
public class ChangeFeed {

    private static final Log log = LogFactory.getLog(ChangeFeed.class);

    /** One recorded change; {@code seq} orders the feed. */
    public record FeedChange(long seq, String source, String key, String ref, CatalogChange.Type type, OffsetDateTime at) {
    }

    private final DatabaseClient db;
    private final Duration retention;
    private final Sinks.Many<Long> commits = Sinks.many().multicast().directBestEffort();
    private final java.util.concurrent.atomic.AtomicInteger tails = new java.util.concurrent.atomic.AtomicInteger();

    public ChangeFeed(DatabaseClient db, io.stagehand.catalog.CatalogProperties properties) {
        this.db = db;
        this.retention = properties.ingest().changeRetention();
    }

    /**
     * Records a run's changes, in its transaction, and drops records older than {@code
     * stagehand.ingest.change-retention}.
     */
    Mono<Void> record(List<CatalogChange> changes) {
        Mono<Void> expire = db.sql("DELETE FROM entity_changes WHERE changed_at < now() - CAST(:retention AS interval)")
                .bind("retention", retention.toSeconds() + " seconds")
                .then();
        if (changes.isEmpty()) {
            return expire;
        }
        List<String[]> rows = new java.util.ArrayList<>(changes.size());
        for (CatalogChange change : changes) {
            rows.add(new String[] {change.source(), change.ref().toLowerCase(java.util.Locale.ROOT), change.ref(), change.type().name()});
        }
        return expire.then(BinaryCopy.copy(db, "COPY entity_changes (source, entity_key, ref, type) FROM STDIN (FORMAT binary)", rows));
    }

    /** Called by the writer once a run that recorded changes has committed. */
    void committed() {
        commits.tryEmitNext(System.nanoTime());
    }

    /** Up to {@code limit} changes after {@code position}, oldest first. */
    public Mono<List<FeedChange>> after(long position, int limit) {
        return db.sql("SELECT seq, source, entity_key, ref, type, changed_at FROM entity_changes WHERE seq > :position ORDER BY seq LIMIT :limit")
                .bind("position", position)
                .bind("limit", limit)
                .map(row -> new FeedChange(row.get("seq", Long.class), row.get("source", String.class), row.get("entity_key", String.class),
                        row.get("ref", String.class), CatalogChange.Type.valueOf(row.get("type", String.class)),
                        row.get("changed_at", OffsetDateTime.class)))
                .all()
                .collectList();
    }

    /** The newest change's sequence number, 0 when there is none. */
    public Mono<Long> head() {
        return db.sql("SELECT coalesce(max(seq), 0) AS head FROM entity_changes").map(row -> row.get("head", Long.class)).one();
    }

    /** Where a consumer stopped, if it ever read. */
    public Mono<Optional<Long>> position(String consumer) {
        return db.sql("SELECT position FROM feed_positions WHERE consumer = :consumer")
                .bind("consumer", consumer)
                .map(row -> row.get("position", Long.class))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    /** Remembers where a consumer stopped. */
    public Mono<Void> remember(String consumer, long position) {
        return db.sql("""
                        INSERT INTO feed_positions (consumer, position) VALUES (:consumer, :position)
                        ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = now()""")
                .bind("consumer", consumer)
                .bind("position", position)
                .then();
    }

    /** Ticks when there may be new changes: at once after a commit of this process, and every {@code poll}. */
    public Flux<Long> wakeups(Duration poll) {
        return Flux.merge(commits.asFlux(), Flux.interval(poll, poll)).onBackpressureLatest();
    }

    /**
     * Hands every change after the consumer's remembered position to {@code handler}, in batches of
     * up to {@code batch}, remembering the position after each batch the handler completed; a
     * failing batch is retried on the next wake-up. Starts at the current head for a consumer that
     * never read. Runs until disposed.
     */
    public Disposable consume(String consumer, int batch, Duration poll, Function<List<FeedChange>, Mono<Void>> handler) {
        return consume(consumer, batch, poll, () -> Mono.just(true), handler);
    }

    /**
     * As {@link #consume(String, int, Duration, Function)}, draining only while {@code lead} says
     * this process leads the consumer (its position is shared by every replica: one reads for all).
     */
    public Disposable consume(String consumer, int batch, Duration poll, java.util.function.Supplier<Mono<Boolean>> lead,
            Function<List<FeedChange>, Mono<Void>> handler) {
        return wakeups(poll)
                .startWith(0L)
                .concatMap(tick -> lead.get().filter(Boolean::booleanValue).flatMap(leading -> drain(consumer, batch, handler))
                        .onErrorResume(e -> {
                            log.warn("Change feed consumer " + consumer + " stopped at an error and retries on the next change: " + e);
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    /**
     * Every change after {@code position}, as they commit, for one reader (a subscription): read
     * from the table at the reader's own pace, so a slow reader misses nothing, and one that
     * reconnects with the last position it saw gets what it missed (within the retention).
     */
    public Flux<FeedChange> tail(long position, Duration poll) {
        return Flux.defer(() -> {
            java.util.concurrent.atomic.AtomicLong at = new java.util.concurrent.atomic.AtomicLong(position);
            tails.incrementAndGet();
            return wakeups(poll).startWith(0L)
                    .concatMap(tick -> after(at.get(), 500)
                            .expand(batch -> batch.size() < 500 ? Mono.empty() : after(batch.get(batch.size() - 1).seq(), 500))
                            .flatMapIterable(batch -> batch)
                            .doOnNext(change -> at.set(change.seq())), 1)
                    .doFinally(signal -> tails.decrementAndGet());
        });
    }

    /** How many readers {@link #tail} serves now. */
    public int tailReaders() {
        return tails.get();
    }

    private Mono<Void> drain(String consumer, int batch, Function<List<FeedChange>, Mono<Void>> handler) {
        return position(consumer)
                .flatMap(stored -> stored.isPresent() ? Mono.just(stored.get()) : head().flatMap(h -> remember(consumer, h).thenReturn(h)))
                .expand(position -> after(position, batch).flatMap(changes -> changes.isEmpty() ? Mono.empty()
                        : handler.apply(changes).then(Mono.defer(() -> {
                            long last = changes.get(changes.size() - 1).seq();
                            return remember(consumer, last).thenReturn(changes.size() < batch ? -1L : last);
                        }))).filter(next -> next >= 0))
                .then();
    }
}
