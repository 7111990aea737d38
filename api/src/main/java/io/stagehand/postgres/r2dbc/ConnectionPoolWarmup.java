package io.stagehand.postgres.r2dbc;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.stagehand.postgres.Unwrapping;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Opens the connection pool's first connections ({@code spring.r2dbc.pool.initial-size}) while the
 * server starts rather than when the first request or catalog run asks for one, which then paid for
 * them. Runs before the server reports ready and before the first catalog run; a database that
 * cannot be reached is logged and left to the pool, which tries again when a connection is needed.
 *
 * <p>Upstream: no issue to link; r2dbc-pool (through reactor-pool) opens {@code initialSize}
 * connections on the first acquire unless {@code ConnectionPool.warmup()} is called.
 */
@Component
class ConnectionPoolWarmup implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(ConnectionPoolWarmup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionFactory factory;

    ConnectionPoolWarmup(ConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run(ApplicationArguments args) {
        ConnectionPool pool = pool(factory);
        if (pool == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            Integer opened = pool.warmup().block(TIMEOUT);
            log.debug("Opened " + opened + " database connections in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            log.warn("Could not open database connections at start-up (" + e.getMessage() + "); they are opened when first needed");
        }
    }

    /** The pool behind the application's connection factory, or null when connections are not pooled. */
    static ConnectionPool pool(ConnectionFactory factory) {
        return Unwrapping.find(factory, ConnectionPool.class);
    }
}
