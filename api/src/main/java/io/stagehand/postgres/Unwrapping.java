package io.stagehand.postgres;

import io.r2dbc.spi.Wrapped;

/**
 * What lies under R2DBC's wrappers: the pool's, Spring's transaction proxy, ours. Works around no
 * upstream issue: R2DBC's {@code Wrapped} unwraps one level, and the driver's connection (for COPY
 * and cancel requests) lies several levels down.
 */
public final class Unwrapping {

    private Unwrapping() {
    }

    /** The first object of the given type down the chain of wrappers, or null when there is none. */
    public static <T> T find(Object candidate, Class<T> type) {
        for (int depth = 0; depth < 10 && candidate != null; depth++) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
            candidate = candidate instanceof Wrapped<?> wrapped ? wrapped.unwrap() : null;
        }
        return null;
    }
}
