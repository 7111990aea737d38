package io.stagehand.postgres.r2dbc;


import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import io.stagehand.postgres.ReadReplica;
import io.stagehand.postgres.ReadRouting;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Hands out the pool's connections without tying the pool to whoever asked. When a request makes
 * the pool open a new connection, the connection keeps the subscriber that asked for it, and with
 * it the whole chain of that request (operators, lambdas and the values they captured), for as
 * long as the connection lives; for an ingestion run that chain holds everything the run read
 * (docs/benchmarks.md, "Figures behind the code"). Detaching the acquisition once it has delivered
 * its connection leaves the pool holding nothing of ours. Each connection is handed out as a
 * {@link CancellingConnection}, so a statement whose reader gives up stops on the server too.
 *
 * <p>Upstream: no r2dbc-pool or reactor-pool issue found for this retention; it works around the
 * pool keeping the first acquirer's subscriber with each connection it allocates.
 */
final class DetachingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable, Disposable {

    private final ConnectionFactory pool;
    private final Supplier<ReadReplica> replica;
    private volatile ReadReplica resolved;

    DetachingConnectionFactory(ConnectionFactory pool, Supplier<ReadReplica> replica) {
        this.pool = pool;
        this.replica = replica;
    }

    /** A connection to the primary, or to the read replica when the work only reads ({@link ReadRouting}). */
    @Override
    public Publisher<? extends Connection> create() {
        return Mono.deferContextual(context -> {
            ReadReplica readReplica = ReadRouting.replica(context) ? replica() : null;
            ConnectionFactory chosen = readReplica != null && readReplica.configured() ? readReplica.connections() : pool;
            return Mono.from(chosen.create());
        }).<Connection>map(CancellingConnection::new).onTerminateDetach();
    }

    private ReadReplica replica() {
        ReadReplica known = resolved;
        if (known == null) {
            known = replica.get();
            resolved = known;
        }
        return known;
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return pool;
    }

    @Override
    public Publisher<Void> close() {
        return pool instanceof Closeable closeable ? closeable.close() : Mono.empty();
    }

    @Override
    public void dispose() {
        if (pool instanceof Disposable disposable) {
            disposable.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return pool instanceof Disposable disposable && disposable.isDisposed();
    }

    /** Wraps the application's connection factory. */
    @Component
    static final class Wrapper implements BeanPostProcessor {

        /** Asked for at the first connection, not while beans are being made. */
        private final ObjectProvider<ReadReplica> replica;

        Wrapper(ObjectProvider<ReadReplica> replica) {
            this.replica = replica;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof ConnectionFactory factory && !(bean instanceof DetachingConnectionFactory)
                    ? new DetachingConnectionFactory(factory, replica::getIfAvailable) : bean;
        }
    }
}
