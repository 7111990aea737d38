package io.stagehand.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * The resilience of one HTTP source: a rate limiter so a large mirror never floods the peer, a
 * circuit breaker that opens after repeated failures, and retries with exponential backoff and
 * jitter on 5xx, 429, timeouts and connection errors, honouring {@code Retry-After}. Public so
 * scorecards' HTTP fact sources share it.
 */
public final class HttpResilience {

    private final RateLimiter rateLimiter;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    public HttpResilience(String name, HttpSettings http, CircuitBreakerRegistry breakers, RetryRegistry retries,
            RateLimiterRegistry limiters) {
        this("backstage-" + name, breakers, retries, limiters, http);
    }

    /** The resilience instances named {@code id} in the registries (so their metrics carry that name). */
    public static HttpResilience named(String id, HttpSettings http, CircuitBreakerRegistry breakers, RetryRegistry retries,
            RateLimiterRegistry limiters) {
        return new HttpResilience(id, breakers, retries, limiters, http);
    }

    private HttpResilience(String id, CircuitBreakerRegistry breakers, RetryRegistry retries, RateLimiterRegistry limiters,
            HttpSettings http) {
        this.rateLimiter = limiters.rateLimiter(id, RateLimiterConfig.custom()
                .limitForPeriod(http.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofMinutes(5))
                .build());
        this.circuitBreaker = breakers.circuitBreaker(id, CircuitBreakerConfig.custom()
                .failureRateThreshold(http.failureRateThreshold())
                .minimumNumberOfCalls(http.minimumCalls())
                .slidingWindowSize(Math.max(http.minimumCalls(), 10))
                .waitDurationInOpenState(http.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // a rate limit says "slow down", not "down": it is waited out, and must not open the breaker for every reader of the peer
                .recordException(error -> isPeerFailure(error) && PeerFailures.status(error) != HttpStatus.TOO_MANY_REQUESTS.value())
                .build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(http.initialBackoff(), 2.0, 0.5, http.maxBackoff());
        this.retry = retries.retry(id, RetryConfig.custom()
                .maxAttempts(http.maxAttempts())
                .retryOnException(HttpResilience::isPeerFailure)
                .intervalBiFunction((attempt, outcome) -> {
                    Duration retryAfter = outcome.isLeft() ? retryAfter(outcome.getLeft()) : null;
                    if (retryAfter != null) {
                        // never sooner than the backoff: "Retry-After: 0" or a reset already past must not make retries a burst
                        return Math.max(Math.min(retryAfter.toMillis(), http.maxRetryAfter().toMillis()), backoff.apply(attempt));
                    }
                    return backoff.apply(attempt);
                })
                .build());
    }

    /** Wraps one request: every attempt is rate limited and counted by the breaker; attempts are retried. */
    public <T> Mono<T> protect(Mono<T> request) {
        return request
                .transformDeferred(RateLimiterOperator.of(rateLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry));
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    /** The peer misbehaved (5xx, 429, timeout, connection failure): worth a retry, and counted by the breaker. */
    public static boolean isPeerFailure(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return false;
        }
        if (error instanceof WebClientResponseException response) {
            return response.getStatusCode().is5xxServerError() || response.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value();
        }
        return error instanceof WebClientRequestException || error instanceof TimeoutException
                || error instanceof ReadTimeoutException || error.getCause() instanceof ReadTimeoutException;
    }

    /** The delay a 429 or 503 asks for in Retry-After (seconds or an HTTP date), or null. */
    static Duration retryAfter(Throwable error) {
        if (!(error instanceof WebClientResponseException response)) {
            return null;
        }
        int status = response.getStatusCode().value();
        String value = response.getHeaders().getFirst("Retry-After");
        if ((status != 429 && status != 503) || value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
