package io.stagehand.postgres.r2dbc;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import io.stagehand.postgres.Unwrapping;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection whose statements are cancelled on the server when their reader goes away. The
 * PostgreSQL driver only stops reading a cancelled statement's rows: the server works on (a graph
 * walk for minutes, after its request had timed out) and the connection stays busy. Here a reader
 * that cancels before the statement's last row sends PostgreSQL a cancel request for it, once the
 * statement has run half a second. A cancel that crosses the statement's end on the wire may reach
 * the connection's next statement, which then fails with "canceling statement due to user request";
 * sending none for short statements makes that rare.
 *
 * <p>Upstream: https://github.com/pgjdbc/r2dbc-postgresql/issues/251 (cancelling a subscription
 * does not cancel the running query).
 */
final class CancellingConnection implements Connection, Wrapped<Connection> {

    private final Connection connection;

    CancellingConnection(Connection connection) {
        this.connection = connection;
    }

    private void cancelRunningStatement() {
        PostgresqlConnection postgres = Unwrapping.find(connection, PostgresqlConnection.class);
        if (postgres != null) {
            postgres.cancelRequest().onErrorResume(e -> Mono.empty()).subscribe();
        }
    }

    @Override
    public Statement createStatement(String sql) {
        return new CancellingStatement(connection.createStatement(sql), this::cancelRunningStatement);
    }

    @Override
    public Connection unwrap() {
        return connection;
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return connection.beginTransaction();
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return connection.beginTransaction(definition);
    }

    @Override
    public Publisher<Void> close() {
        return connection.close();
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return connection.commitTransaction();
    }

    @Override
    public Batch createBatch() {
        return connection.createBatch();
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return connection.createSavepoint(name);
    }

    @Override
    public boolean isAutoCommit() {
        return connection.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return connection.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return connection.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return connection.releaseSavepoint(name);
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return connection.rollbackTransaction();
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return connection.rollbackTransactionToSavepoint(name);
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return connection.setAutoCommit(autoCommit);
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return connection.setLockWaitTimeout(timeout);
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return connection.setStatementTimeout(timeout);
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
        return connection.setTransactionIsolationLevel(level);
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return connection.validate(depth);
    }

    /** How long a statement must have run for its abandonment to send a cancel. */
    static final long MIN_RUNNING_NANOS = Duration.ofMillis(500).toNanos();

    /** A statement that asks for a cancel when its results are given up before their end. */
    private static final class CancellingStatement implements Statement, Wrapped<Statement> {
        private final Statement statement;
        private final Runnable cancel;

        CancellingStatement(Statement statement, Runnable cancel) {
            this.statement = statement;
            this.cancel = cancel;
        }

        @Override
        public Publisher<? extends Result> execute() {
            AtomicBoolean over = new AtomicBoolean();
            AtomicBoolean answered = new AtomicBoolean();
            long started = System.nanoTime();
            // Only a statement that has run a while is cancelled: a short one given up (the writes of a
            // run that failed) ends by itself, and a cancel sent as it ends would hit the next statement.
            Runnable givenUp = () -> {
                if (over.compareAndSet(false, true) && System.nanoTime() - started >= MIN_RUNNING_NANOS) {
                    cancel.run();
                }
            };
            // Once a result is out, its rows tell whether the statement ended (Mono.from cancels here after the first result).
            return Flux.from(statement.execute())
                    .<Result>map(result -> {
                        answered.set(true);
                        return new CancellingResult(result, over, givenUp);
                    })
                    .doOnCancel(() -> {
                        if (!answered.get()) {
                            givenUp.run();
                        }
                    });
        }

        @Override
        public Statement unwrap() {
            return statement;
        }

        @Override
        public Statement add() {
            statement.add();
            return this;
        }

        @Override
        public Statement bind(int index, Object value) {
            statement.bind(index, value);
            return this;
        }

        @Override
        public Statement bind(String name, Object value) {
            statement.bind(name, value);
            return this;
        }

        @Override
        public Statement bindNull(int index, Class<?> type) {
            statement.bindNull(index, type);
            return this;
        }

        @Override
        public Statement bindNull(String name, Class<?> type) {
            statement.bindNull(name, type);
            return this;
        }

        @Override
        public Statement returnGeneratedValues(String... columns) {
            statement.returnGeneratedValues(columns);
            return this;
        }

        @Override
        public Statement fetchSize(int rows) {
            statement.fetchSize(rows);
            return this;
        }
    }

    /** A result whose end marks its statement as over, and whose abandonment cancels it. */
    private record CancellingResult(Result result, AtomicBoolean over, Runnable givenUp) implements Result {

        private <T> Flux<T> watched(Publisher<T> items) {
            return Flux.from(items).doOnTerminate(() -> over.set(true)).doOnCancel(givenUp);
        }

        @Override
        public Publisher<Long> getRowsUpdated() {
            return watched(result.getRowsUpdated());
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return watched(result.<T>map(mapping));
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return watched(result.<T>map(mapping));
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return new CancellingResult(result.filter(filter), over, givenUp);
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return watched(result.<T>flatMap(mapping));
        }
    }
}
