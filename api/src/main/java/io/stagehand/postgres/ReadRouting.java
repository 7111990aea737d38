package io.stagehand.postgres;

import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Which server a statement goes to when a read replica is configured
 * ({@code stagehand.database.read-replica}): the primary, unless the Reactor context of the work
 * says it only reads (an API query, a REST read). The choice is a flag in the context, set when
 * the request's kind is known: a GraphQL request learns whether it is a query only once its
 * document is parsed, after the context is built. Without a replica nothing here has any effect.
 */
public final class ReadRouting {

    private static final Class<ReadRouting> KEY = ReadRouting.class;

    private ReadRouting() {
    }

    /** A request's choice, false (the primary) until it is known to only read. */
    public static AtomicBoolean undecided() {
        return new AtomicBoolean();
    }

    /** The context of work whose statements go where {@code choice} says. */
    public static Context choosing(Context context, AtomicBoolean choice) {
        return context.put(KEY, choice);
    }

    /** The context of work that only reads. */
    public static Context readOnly(Context context) {
        return context.put(KEY, new AtomicBoolean(true));
    }

    /** Work that must see the latest writes (what fills a cache, say), inside a request that only reads. */
    public static <T> Mono<T> onPrimary(Mono<T> work) {
        return work.contextWrite(context -> context.put(KEY, new AtomicBoolean()));
    }

    /** As {@link #onPrimary(Mono)}. */
    public static <T> Flux<T> onPrimary(Flux<T> work) {
        return work.contextWrite(context -> context.put(KEY, new AtomicBoolean()));
    }

    /** Whether the work of this context may read from the replica. */
    public static boolean replica(ContextView context) {
        return context.<AtomicBoolean>getOrEmpty(KEY).map(AtomicBoolean::get).orElse(false);
    }
}
