package io.stagehand.postgres.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.stagehand.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

class ConnectionPoolWarmupTests extends IntegrationTest {

    @Autowired
    ConnectionFactory application;

    /** A fresh pool of two on the application's database, wrapped as the application wraps its own. */
    private ConnectionPool freshPool(ConnectionFactory connections) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(connections).initialSize(2).maxSize(4)
                .maxAcquireTime(Duration.ofSeconds(5)).build());
    }

    private ConnectionFactory database() {
        return ConnectionPoolWarmup.pool(application).unwrap();
    }

    @Test
    void theApplicationsConnectionsArePooled() {
        assertThat(ConnectionPoolWarmup.pool(application)).isNotNull();
    }

    @Test
    void opensThePoolsFirstConnectionsAtStartUp() {
        ConnectionPool pool = freshPool(database());
        try {
            assertThat(pool.getMetrics().orElseThrow().allocatedSize()).as("a pool opens nothing by itself").isZero();
            new ConnectionPoolWarmup(new DetachingConnectionFactory(pool, () -> null)).run(null);
            assertThat(pool.getMetrics().orElseThrow().allocatedSize()).isEqualTo(2);
            assertThat(pool.getMetrics().orElseThrow().idleSize()).isEqualTo(2);
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedDoesNotStopTheStart() {
        ConnectionFactory unreachable = new ConnectionFactory() {
            @Override
            public Publisher<? extends io.r2dbc.spi.Connection> create() {
                return Mono.error(new IllegalStateException("connection refused"));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> "unreachable";
            }
        };
        ConnectionPool pool = freshPool(unreachable);
        try {
            assertThatCode(() -> new ConnectionPoolWarmup(pool).run(null)).doesNotThrowAnyException();
        } finally {
            pool.dispose();
        }
    }
}
