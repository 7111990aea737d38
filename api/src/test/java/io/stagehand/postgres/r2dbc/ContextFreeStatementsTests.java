package io.stagehand.postgres.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.r2dbc.spi.ConnectionFactory;
import io.stagehand.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class ContextFreeStatementsTests extends IntegrationTest {

    private static final String KEY = "stagehand.test.context-value";

    /** Counts how often Reactor puts the context's value into a thread local, as it does for observations. */
    private static final AtomicInteger RESTORED = new AtomicInteger();

    private static final ThreadLocal<Object> VALUE = new ThreadLocal<>();

    @BeforeAll
    static void registerAccessor() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new ThreadLocalAccessor<Object>() {
            @Override
            public Object key() {
                return KEY;
            }

            @Override
            public Object getValue() {
                return VALUE.get();
            }

            @Override
            public void setValue(Object value) {
                RESTORED.incrementAndGet();
                VALUE.set(value);
            }

            @Override
            public void setValue() {
                VALUE.remove();
            }
        });
    }

    @AfterAll
    static void removeAccessor() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Autowired
    ConnectionFactory connectionFactory;

    private int restoredWhileReading(DatabaseClient client) {
        RESTORED.set(0);
        StepVerifier.create(client.sql("SELECT generate_series(1, 300) AS n").map(row -> row.get("n", Integer.class)).all()
                        .contextWrite(Context.of(KEY, "the request's")))
                .expectNextCount(300)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        return RESTORED.get();
    }

    @Test
    void rowsAreReadWithoutRestoringTheCallersContextForEachOne() {
        // Spring's operators around the statement still restore it a couple of times, per statement, not per row
        assertThat(restoredWhileReading(db)).isLessThan(10);
    }

    @Test
    void aPlainClientRestoresItForEveryRow() {
        assertThat(restoredWhileReading(DatabaseClient.create(connectionFactory))).as("the control").isGreaterThanOrEqualTo(300);
    }

    @Test
    void statementsStillRunInTheCallersTransaction() {
        TransactionalOperator transaction = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
        Mono<Long> id = db.sql("SELECT txid_current() AS id").map(row -> row.get("id", Long.class)).one();
        List<Long> ids = transaction.transactional(id.concatWith(id).collectList()).block();
        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(id.block()).as("outside the transaction").isNotEqualTo(ids.get(0));
    }
}
