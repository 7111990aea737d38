package io.stagehand.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * Connections of their own for what must live as long as a session (advisory locks, LISTEN): opened
 * beside the pool, so they neither take a pooled connection for good nor go back to the pool still
 * holding a lock or a subscription. Each names itself in {@code pg_stat_activity}.
 */
public final class DedicatedConnections {

    private DedicatedConnections() {
    }

    /** A new session of the driver, named {@code applicationName}. */
    public static Mono<PostgresqlConnection> open(ConnectionFactory factory, String applicationName) {
        ConnectionPool pool = Unwrapping.find(factory, ConnectionPool.class);
        // under the pool lies the driver's own factory; without a pool the factory is used as it is
        ConnectionFactory direct = pool == null ? factory : pool.unwrap();
        return Mono.from(direct.create())
                .map(DedicatedConnections::postgres)
                .flatMap(connection -> Mono.from(connection.createStatement("SELECT set_config('application_name', $1, false)")
                                .bind("$1", applicationName).execute())
                        .flatMap(result -> Mono.from(result.getRowsUpdated()).then())
                        .thenReturn(connection)
                        .onErrorResume(e -> close(connection).then(Mono.error(e))));
    }

    public static Mono<Void> close(Connection connection) {
        return Mono.from(connection.close()).onErrorResume(e -> Mono.empty());
    }

    private static PostgresqlConnection postgres(Connection connection) {
        PostgresqlConnection postgres = Unwrapping.find(connection, PostgresqlConnection.class);
        if (postgres == null) {
            throw new IllegalStateException("Not a connection of the PostgreSQL driver: " + connection);
        }
        return postgres;
    }
}
