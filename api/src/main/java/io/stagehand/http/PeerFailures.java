package io.stagehand.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * How a failed request to a peer is told, safely: by its status, or whether it timed out or found
 * no connection, never with the transport's or the peer's own text (either may quote what the peer
 * sent). One wording for every client of a peer.
 */
public final class PeerFailures {

    private PeerFailures() {
    }

    /** Whether the peer's circuit breaker refused the call without sending it. */
    public static boolean breakerOpen(Throwable error) {
        return error instanceof CallNotPermittedException;
    }

    /** The status of an answer, or -1 when there was none. */
    public static int status(Throwable error) {
        return error instanceof WebClientResponseException response ? response.getStatusCode().value() : -1;
    }

    /** What went wrong, to follow "could not give ...": {@code ": HTTP 503 (after retries)"}, {@code ": no connection (after retries)"}. */
    public static String describe(Throwable error) {
        int status = status(error);
        if (status >= 0) {
            return ": HTTP " + status + (HttpResilience.isPeerFailure(error) ? " (after retries)" : "");
        }
        return (timedOut(error) ? ": no answer within http.read-timeout" : ": no connection") + " (after retries)";
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
