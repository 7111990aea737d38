package io.stagehand.postgres.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

class DetachingConnectionFactoryTests {

    /** Like the connection pool: every connection it opens keeps the subscriber that asked for it. */
    static final class KeepingFactory implements ConnectionFactory {
        final List<MonoSink<Connection>> kept = new ArrayList<>();

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.create(sink -> {
                kept.add(sink);
                sink.success((Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> null));
            });
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "keeping";
        }
    }

    @Test
    void whatTheAskerHeldIsGarbageOnceItHasItsConnection() throws InterruptedException {
        KeepingFactory pool = new KeepingFactory();
        WeakReference<?> held = useConnectionHolding(new DetachingConnectionFactory(pool, () -> null));
        for (int i = 0; i < 50 && held.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(held.get()).as("what the chain that asked for the connection captured").isNull();
        assertThat(pool.kept).hasSize(1);
    }

    @Test
    void withoutDetachingThePoolKeepsIt() throws InterruptedException {
        KeepingFactory pool = new KeepingFactory();
        WeakReference<?> held = useConnectionHolding(pool);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(held.get()).as("the control: the keeping factory really keeps it").isNotNull();
        assertThat(pool.kept).hasSize(1);
    }

    private static WeakReference<?> useConnectionHolding(ConnectionFactory factory) {
        byte[] large = new byte[1 << 20];
        Integer size = Mono.from(factory.create()).map(connection -> large.length).block();
        assertThat(size).isEqualTo(1 << 20);
        return new WeakReference<>(large);
    }
}
