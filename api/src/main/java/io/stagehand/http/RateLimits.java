package io.stagehand.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * The rate limits of source-control APIs as their answers tell them: GitHub's {@code
 * x-ratelimit-remaining}/{@code x-ratelimit-reset} (primary limit) and {@code Retry-After}
 * (secondary limit), GitLab's {@code RateLimit-Remaining}/{@code RateLimit-Reset}. A limited
 * answer becomes an {@link Exceeded}, a 429 carrying the wait as {@code Retry-After}, which
 * {@link HttpResilience} waits out (bounded by {@code http.max-retry-after}) before retrying.
 */
public final class RateLimits {

    private RateLimits() {
    }

    /** Whether an answer is a rate limit: any 429, or a 403 that says no request is left or when to come back. */
    public static boolean limited(int status, HttpHeaders headers) {
        return status == 429 || status == 403 && ("0".equals(remaining(headers)) || headers.getFirst(HttpHeaders.RETRY_AFTER) != null);
    }

    /** The requests left in the current window, as GitHub or GitLab says it, or null. */
    public static String remaining(HttpHeaders headers) {
        String github = headers.getFirst("x-ratelimit-remaining");
        return github != null ? github.trim() : trimmed(headers.getFirst("ratelimit-remaining"));
    }

    /**
     * The seconds to wait: {@code Retry-After}, else until just past the window's reset (epoch
     * seconds), else -1 when the answer does not say (then the usual backoff applies).
     */
    public static long waitSeconds(HttpHeaders headers, Clock clock) {
        try {
            String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
            if (retryAfter != null) {
                return Math.max(0, Long.parseLong(retryAfter.trim()));
            }
            String reset = headers.getFirst("x-ratelimit-reset");
            reset = reset != null ? reset : headers.getFirst("ratelimit-reset");
            if (reset != null) {
                // a second more: the reset is a whole second, and the peer's clock is not ours
                return Math.max(0, Long.parseLong(reset.trim()) - clock.instant().getEpochSecond()) + 1;
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** How long to pause before the next request when an answer that succeeded spent the last one of its window; zero otherwise. */
    public static Duration pauseAfter(HttpHeaders headers, Clock clock) {
        if (!"0".equals(remaining(headers))) {
            return Duration.ZERO;
        }
        long seconds = waitSeconds(headers, clock);
        return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** A rate limit, as the 429 that {@link HttpResilience} retries after the {@code Retry-After} it carries; {@code status} is the peer's. */
    public static final class Exceeded extends WebClientResponseException {
        private final int status;

        public Exceeded(int status, long seconds) {
            super(HttpStatus.TOO_MANY_REQUESTS.value(), "rate limited", retryAfter(seconds), new byte[0], StandardCharsets.UTF_8);
            this.status = status;
        }

        /** The status the peer answered with (403 or 429). */
        public int status() {
            return status;
        }

        private static HttpHeaders retryAfter(long seconds) {
            HttpHeaders headers = new HttpHeaders();
            if (seconds >= 0) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            }
            return headers;
        }
    }
}
