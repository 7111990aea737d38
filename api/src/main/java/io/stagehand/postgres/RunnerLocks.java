package io.stagehand.postgres;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which replica runs a source: the one holding the source's PostgreSQL advisory lock, taken with
 * {@code pg_try_advisory_lock} on a session of this replica's own and kept from run to run. The
 * other replicas skip their runs of that source. When the holder dies (or its session is cut), the
 * lock goes with the session and the next replica to try takes it; the holder finds its session
 * gone at its next run and, its lock lost, tries again like the others.
 */
@Component
public class RunnerLocks implements DisposableBean {

    private static final Log log = LogFactory.getLog(RunnerLocks.class);
    /** The first half of every source's two-part lock key ("STAG"); the row writers' lock uses the one-part space. */
    static final int LOCK_CLASS = 0x53544147;

    private final ConnectionFactory factory;
    private final ReplicaIdentity replica;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private Mono<PostgresqlConnection> session;
    private PostgresqlConnection open;
    private boolean closed;

    public RunnerLocks(ConnectionFactory factory, ReplicaIdentity replica) {
        this.factory = factory;
        this.replica = replica;
    }

    /**
     * Whether this replica runs the source now: true while it holds the source's lock (checked to be
     * still held), or when it takes it now. False when another replica holds it, or when the database
     * cannot be asked (a run needs the database anyway).
     */
    public Mono<Boolean> tryAcquire(String source) {
        return session().flatMap(connection -> held.contains(source) ? stillHeld(connection, source) : take(connection, source))
                .onErrorResume(e -> {
                    lost("the database could not be asked (" + e.getMessage() + ")");
                    return Mono.just(false);
                })
                .doOnNext(runs -> log.debug("Source " + source + (runs ? " runs here" : " runs on another replica")));
    }

    /** The source's lock key: the second half is the name's hash, the same in every JVM. */
    static int key(String source) {
        return source.hashCode();
    }

    private Mono<Boolean> take(PostgresqlConnection connection, String source) {
        return query(connection, "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + key(source) + ")").map(taken -> {
            if (taken && held.add(source)) {
                log.info("Source " + source + " runs on this replica (" + replica.id() + ") from now on");
            }
            return taken;
        });
    }

    /** The lock is held as long as the session lives; a round trip shows that it does. */
    private Mono<Boolean> stillHeld(PostgresqlConnection connection, String source) {
        return query(connection, "SELECT true").thenReturn(true);
    }

    private static Mono<Boolean> query(PostgresqlConnection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .flatMap(result -> result.map((row, meta) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .next()
                .defaultIfEmpty(false);
    }

    private synchronized Mono<PostgresqlConnection> session() {
        if (closed) {
            return Mono.error(new IllegalStateException("shutting down"));
        }
        if (session == null) {
            session = DedicatedConnections.open(factory, "stagehand-runner " + replica.id())
                    .doOnNext(this::opened)
                    .cache(connection -> java.time.Duration.ofDays(36500), e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
        }
        return session;
    }

    private synchronized void opened(PostgresqlConnection connection) {
        if (closed) {
            DedicatedConnections.close(connection).subscribe();
        } else {
            open = connection;
        }
    }

    /** Forgets the session and every lock: they are gone, or will be once the old session closes. */
    private synchronized void lost(String why) {
        if (!held.isEmpty()) {
            log.warn("This replica (" + replica.id() + ") no longer runs " + String.join(", ", held) + ": " + why);
        } else {
            log.debug("Runner locks could not be asked: " + why);
        }
        held.clear();
        session = null;
        if (open != null) {
            DedicatedConnections.close(open).subscribe();
            open = null;
        }
    }

    /** Names of the sources this replica holds the lock of. */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    /** Closing the session gives every lock up, as the death of the process would. */
    @Override
    public synchronized void destroy() {
        closed = true;
        held.clear();
        session = null;
        if (open != null) {
            DedicatedConnections.close(open).block(java.time.Duration.ofSeconds(5));
            open = null;
        }
    }
}
