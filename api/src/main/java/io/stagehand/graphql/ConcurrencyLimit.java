package io.stagehand.graphql;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * At most {@code max} pieces of work at once; the rest wait their turn without holding a thread
 * (or a database connection). A waiter that is cancelled leaves the queue; a permit handed to one
 * cancelled at that moment is passed on.
 */
public final class ConcurrencyLimit {

    private final int max;
    private final Queue<MonoSink<Boolean>> waiting = new ArrayDeque<>();
    private int running;

    public ConcurrencyLimit(int max) {
        this.max = max;
    }

    /** Runs the work once a permit is free, and frees it when the work ends, fails or is cancelled. */
    public <T> Mono<T> run(Supplier<Mono<T>> work) {
        return Mono.usingWhen(acquire(), permit -> work.get(), permit -> release(), (permit, error) -> release(), permit -> release());
    }

    /** How many pieces of work hold a permit now. */
    synchronized int running() {
        return running;
    }

    private Mono<Boolean> acquire() {
        return Mono.create(sink -> {
            boolean now;
            synchronized (this) {
                now = running < max;
                if (now) {
                    running++;
                } else {
                    waiting.add(sink);
                }
            }
            if (now) {
                sink.success(Boolean.TRUE);
                return;
            }
            sink.onCancel(() -> {
                boolean granted;
                synchronized (this) {
                    granted = !waiting.remove(sink);
                }
                if (granted) {
                    release().subscribe();
                }
            });
        });
    }

    private Mono<Void> release() {
        return Mono.fromRunnable(() -> {
            MonoSink<Boolean> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running--;
                }
            }
            if (next != null) {
                next.success(Boolean.TRUE);
            }
        });
    }
}
