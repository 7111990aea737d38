package io.stagehand.postgres.r2dbc;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The application's {@link DatabaseClient}: statements run, and their rows are read, without the
 * caller's Reactor context. The PostgreSQL driver passes every message of an answer through
 * Reactor's {@code handle} operator, which restores the thread locals of a non-empty context for
 * each one when context propagation is on the class path (it is, for observations). A request's
 * context carries its observations, so every row opened and closed observation scopes (the cost is
 * in docs/benchmarks.md, "Figures behind the code"). Nothing below the statement needs the context;
 * the connection, and with it a transaction, is still taken from the caller's context.
 *
 * <p>Upstream: https://github.com/reactor/reactor-core/issues/3468 (its plan to drop the automatic
 * thread-local restoration in {@code handle} and {@code tap}).
 */
@Configuration(proxyBeanMethods = false)
class ContextFreeStatements {

    @Bean
    DatabaseClient databaseClient(ConnectionFactory factory) {
        return DatabaseClient.builder().connectionFactory(factory).executeFunction(ContextFreeStatements::execute).build();
    }

    private static Publisher<? extends Result> execute(Statement statement) {
        return Flux.from(statement.execute()).<Result>map(ContextFreeResult::new).contextWrite(ContextFreeStatements::none);
    }

    private static Context none(ContextView ignored) {
        return Context.empty();
    }

    /** A result whose rows and counts are read without the subscriber's context. */
    private record ContextFreeResult(Result result) implements Result {

        @Override
        public Publisher<Long> getRowsUpdated() {
            return Flux.from(result.getRowsUpdated()).contextWrite(ContextFreeStatements::none);
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return Flux.<T>from(result.map(mapping)).contextWrite(ContextFreeStatements::none);
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return Flux.<T>from(result.map(mapping)).contextWrite(ContextFreeStatements::none);
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return new ContextFreeResult(result.filter(filter));
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return Flux.<T>from(result.flatMap(mapping)).contextWrite(ContextFreeStatements::none);
        }
    }
}
