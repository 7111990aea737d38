package io.stagehand.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The read replica of {@code stagehand.database.read-replica}, when one is configured: a pool of
 * its own, with the same connection settings as the primary's, and a way to wait until it has
 * replayed what the primary has written ({@link #caughtUp()}), for whoever must not keep older data
 * than the primary's (the catalog's cache).
 */
@Component
public class ReadReplica implements DisposableBean {

    private static final Log log = LogFactory.getLog(ReadReplica.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Past {@code max-lag}, one poll in this many: once a second. */
    private static final long SLOW_EVERY = 20;

    private final DatabaseProperties.ReadReplica settings;
    private final ObjectProvider<DatabaseClient> primary;
    private final ConnectionPool pool;

    ReadReplica(DatabaseProperties properties, Environment environment, ObjectProvider<DatabaseClient> primary) {
        this.settings = properties.readReplica();
        this.primary = primary;
        this.pool = settings.configured() ? pool(settings, properties, environment) : null;
        if (pool != null) {
            log.info("API reads go to the read replica " + ConnectionFactoryOptions.parse(settings.url()).getValue(ConnectionFactoryOptions.HOST)
                    + "; writes, and what fills the cache, to the primary");
        }
    }

    private static ConnectionPool pool(DatabaseProperties.ReadReplica settings, DatabaseProperties properties, Environment environment) {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(settings.url()).mutate()
                .option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, ConnectionSettings.APPLICATION_NAME)
                .option(PostgresqlConnectionFactoryProvider.OPTIONS,
                        Map.of("statement_timeout", String.valueOf(properties.statementTimeout().toMillis())));
        String user = settings.username() != null ? settings.username() : environment.getProperty("spring.r2dbc.username");
        String password = settings.password() != null ? settings.password() : environment.getProperty("spring.r2dbc.password");
        if (user != null) {
            options.option(ConnectionFactoryOptions.USER, user);
        }
        if (password != null) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        ConnectionFactory factory = ConnectionFactories.get(options.build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory).initialSize(0).maxSize(settings.maxSize())
                .maxIdleTime(Duration.ofMinutes(10)).name("stagehand-replica").build());
    }

    public boolean configured() {
        return pool != null;
    }

    /** The replica's pool, for the routing of connections; null without a replica. */
    public ConnectionFactory connections() {
        return pool;
    }

    /**
     * Completes once the replica has replayed what the primary had written when this was asked
     * (its write-ahead log insert position: with {@code synchronous_commit} off a commit returns
     * before its record is written out, so the write position may not hold it yet); at once
     * without a replica. Asked often ({@link #POLL}), and less often past {@code max-lag}, when the
     * lag is logged as a warning: it ends only when the replica has caught up, so whoever waits
     * never takes the replica for current before it is.
     */
    public Mono<Void> caughtUp() {
        if (pool == null) {
            return Mono.empty();
        }
        DatabaseClient client = primary.getObject();
        long started = System.nanoTime();
        AtomicBoolean warned = new AtomicBoolean();
        return ReadRouting.onPrimary(client.sql("SELECT pg_current_wal_insert_lsn()::text").map(row -> row.get(0, String.class)).one())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(10)))
                .flatMap(lsn -> Flux.interval(Duration.ZERO, POLL)
                        .onBackpressureDrop()
                        .filter(tick -> System.nanoTime() - started < settings.maxLag().toNanos() || tick % SLOW_EVERY == 0)
                        .concatMap(tick -> replayed(lsn).onErrorReturn(false))
                        .doOnNext(replayed -> {
                            if (!replayed && System.nanoTime() - started > settings.maxLag().toNanos() && warned.compareAndSet(false, true)) {
                                log.warn("The read replica has not replayed the primary's position " + lsn + " within "
                                        + settings.maxLag() + " (stagehand.database.read-replica.max-lag); the API's reads are not cached until it has");
                            }
                        })
                        .filter(Boolean::booleanValue)
                        .next()
                        .then());
    }

    private Mono<Boolean> replayed(String lsn) {
        return Mono.usingWhen(pool.create(),
                connection -> Mono.from(connection.createStatement("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)")
                        .bind("$1", lsn).execute()).flatMap(result -> Mono.from(result.map((row, meta) -> row.get(0, Boolean.class)))),
                connection -> connection.close());
    }

    @Override
    public void destroy() {
        if (pool != null) {
            pool.dispose();
        }
    }
}
