package io.stagehand.catalog.store;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import io.stagehand.postgres.DedicatedConnections;
import io.stagehand.postgres.ReplicaIdentity;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Hears what other replicas on the same database committed ({@code LISTEN} on
 * {@value ChangeNotifications#CHANNEL}, on a session of its own) and acts on it at once: empties this
 * replica's cache and passes the changes to its subscriptions. While the session is down nothing is
 * heard, so the cache is emptied again when it is back; {@code stagehand.cache.ttl} stays the
 * backstop for a silent loss that the periodic check has not found yet.
 */
@Component
public class ChangeListener implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(ChangeListener.class);
    /** How often the session is checked: a dead connection may deliver nothing without failing. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(15);

    private final ConnectionFactory factory;
    private final ReplicaIdentity replica;
    private final CatalogCache cache;
    private final ChangeFeed feed;
    private final Sinks.Many<CatalogChange> changes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Long> runs = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile Disposable session;

    public ChangeListener(ConnectionFactory factory, ReplicaIdentity replica, CatalogCache cache, ChangeFeed feed) {
        this.factory = factory;
        this.replica = replica;
        this.cache = cache;
        this.feed = feed;
    }

    /** Entity changes committed by other replicas, as they are heard; hot. */
    public Flux<CatalogChange> changes() {
        return changes.asFlux();
    }

    /** Ids of runs other replicas completed, as they are heard; hot. */
    public Flux<Long> runs() {
        return runs.asFlux();
    }

    /** Whether the LISTEN session is up now. */
    public boolean isListening() {
        return listening.get();
    }

    @Override
    public void start() {
        session = Mono.usingWhen(DedicatedConnections.open(factory, "stagehand-listen " + replica.id()),
                        this::listen, DedicatedConnections::close)
                // listen() ends only with an error: the session was lost
                .doOnError(e -> {
                    if (listening.getAndSet(false)) {
                        log.warn("Lost the session that hears other replicas' changes (" + e.getMessage() + "); reconnecting");
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
    }

    private Mono<Void> listen(PostgresqlConnection connection) {
        Flux<Void> notifications = connection.getNotifications()
                .doOnNext(n -> hear(n.getParameter()))
                .then(Mono.<Void>error(new IllegalStateException("the connection was closed")))
                .flux();
        Flux<Void> checks = Flux.interval(CHECK_EVERY)
                .concatMap(tick -> Flux.from(connection.createStatement("SELECT 1").execute())
                        .flatMap(result -> result.getRowsUpdated()).then());
        return Flux.from(connection.createStatement("LISTEN " + ChangeNotifications.CHANNEL).execute())
                .flatMap(result -> result.getRowsUpdated())
                .then(Mono.fromRunnable(() -> {
                    listening.set(true);
                    // whatever was committed while no session listened was not heard
                    cache.invalidate();
                    log.debug("Listening for other replicas' changes as " + replica.id());
                }))
                .thenMany(Flux.merge(notifications, checks))
                .then();
    }

    private void hear(String payload) {
        ChangeNotifications.Notice notice;
        try {
            notice = ChangeNotifications.parse(payload);
        } catch (RuntimeException e) {
            // not ours to understand (another version's format?): forget the cache, as something changed
            cache.invalidate();
            log.warn("A change notification could not be read, the cache was emptied: " + e.getMessage());
            return;
        }
        if (notice.replica().equals(replica.id())) {
            return;
        }
        if (!notice.changes().isEmpty()) {
            cache.invalidate();
            // the durable feed's readers (subscriptions, scorecard evaluation) read it now, not at their next poll
            feed.committed();
        }
        notice.changes().forEach(change -> changes.emitNext(change, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))));
        // a large run sends several notifications; its completion is told once
        if (notice.first()) {
            runs.emitNext(notice.run(), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }
    }

    @Override
    public void stop() {
        Disposable current = session;
        if (current != null) {
            current.dispose();
        }
        listening.set(false);
    }

    @Override
    public boolean isRunning() {
        Disposable current = session;
        return current != null && !current.isDisposed();
    }
}
