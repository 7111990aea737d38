package io.stagehand.integrations;

import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.stagehand.http.HttpSettings;
import io.stagehand.http.PeerFailures;
import io.stagehand.http.RateLimits;
import io.stagehand.integrations.ScmFiles.FileRequest;
import io.stagehand.integrations.ScmFiles.FileUrl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * The transport of {@link UrlReaders}: one request for a file with the host's resilience,
 * conditional on the last {@code ETag} remembered, paced by the host's rate-limit answers, its body
 * capped; and how a failure is told without the host's text. Which URLs may be read is decided
 * before, by {@link UrlReaders}.
 */
final class FileFetches {

    private static final long REMEMBERED_BYTES = 64L * 1024 * 1024;
    /** Room for the JSON of GitHub's app endpoints; file bodies are capped by the caller's limit instead. */
    private static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    private final Map<ScmFiles, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final RememberedBodies remembered = new RememberedBodies(REMEMBERED_BYTES);
    private final HttpSettings http;
    private final WebClient client;
    private final Clock clock;

    /** What a read gave: the bytes, or null when the host has no such file. */
    private record Fetched(byte[] bytes) {
    }

    FileFetches(HttpSettings http, WebClient.Builder webClients, Clock clock) {
        this.http = http;
        this.client = http.webClient(webClients.clone(), MAX_JSON_BYTES);
        this.clock = clock;
    }

    /** The client every request to the integrations goes through: these timeouts, no redirect followed. */
    WebClient client() {
        return client;
    }

    /** Files whose last body is remembered for conditional reads. */
    int remembered() {
        return remembered.size();
    }

    /** The longest a read may take: every attempt, its wait for a rate limit, and the waits between them. */
    Duration deadline() {
        Duration attempt = http.connectTimeout().plus(http.readTimeout()).plus(http.maxRetryAfter());
        return attempt.multipliedBy(http.maxAttempts()).plus(http.maxRetryAfter());
    }

    /** The bytes of a file, or null when the host has none; waits at most {@code within} (and never longer than {@link #deadline}). */
    byte[] fetch(ScmFiles files, FileUrl file, int maxBytes, Duration within) {
        Fetched fetched = files.request(file)
                .flatMap(request -> files.resilience().protect(Mono.defer(() -> attempt(files, file, request, maxBytes))))
                .block(within.compareTo(deadline()) < 0 ? within : deadline());
        return fetched == null ? null : fetched.bytes();
    }

    private Mono<Fetched> attempt(ScmFiles files, FileUrl file, FileRequest request, int maxBytes) {
        String key = request.uri().toString();
        RememberedBodies.Body last = remembered.get(key);
        return pause(files).then(client.get().uri(request.uri()).headers(headers -> {
            if (request.authorization() != null) {
                headers.set(HttpHeaders.AUTHORIZATION, request.authorization());
            }
            if (request.accept() != null) {
                headers.set(HttpHeaders.ACCEPT, request.accept());
            }
            if (last != null) {
                headers.setIfNoneMatch(last.etag());
            }
        }).exchangeToMono(response -> answer(files, file, key, last, response, maxBytes))
                // a whole attempt, however the host spaces its bytes: the read timeout alone would let a dripping host hold a reader
                .timeout(http.connectTimeout().plus(http.readTimeout())));
    }

    private Mono<Fetched> answer(ScmFiles files, FileUrl file, String key, RememberedBodies.Body last, ClientResponse response, int maxBytes) {
        int status = response.statusCode().value();
        HttpHeaders headers = response.headers().asHttpHeaders();
        if (RateLimits.limited(status, headers)) {
            long wait = RateLimits.waitSeconds(headers, clock);
            // every reader of the host waits, not only the one that was told
            pauseFor(files, wait > 0 ? Duration.ofSeconds(wait) : Duration.ZERO);
            return response.releaseBody().then(Mono.error(new RateLimits.Exceeded(status, wait)));
        }
        notePause(files, headers);
        if (status == 304 && last != null) {
            return response.releaseBody().thenReturn(new Fetched(last.bytes()));
        }
        if (status == 404) {
            remembered.remove(key);
            return response.releaseBody().thenReturn(new Fetched(null));
        }
        if (status == 401) {
            files.refused(file);
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().then(Mono.error(WebClientResponseException.create(status, "", new HttpHeaders(), new byte[0],
                    StandardCharsets.UTF_8)));
        }
        String etag = headers.getETag();
        return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), maxBytes).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            if (files.listing(headers, bytes)) {
                throw new NotAFile();
            }
            if (etag != null) {
                remembered.put(key, new RememberedBodies.Body(etag, bytes));
            } else {
                remembered.remove(key);
            }
            return new Fetched(bytes);
        }).defaultIfEmpty(new Fetched(new byte[0]));
    }

    /** Waits, before a request, while the host's last answer said its window has no request left. */
    private Mono<Void> pause(ScmFiles files) {
        Instant until = pausedUntil.get(files);
        Duration left = until == null ? Duration.ZERO : Duration.between(clock.instant(), until);
        return left.isNegative() || left.isZero() ? Mono.empty() : Mono.delay(left).then();
    }

    private void notePause(ScmFiles files, HttpHeaders headers) {
        pauseFor(files, RateLimits.pauseAfter(headers, clock));
    }

    private void pauseFor(ScmFiles files, Duration pause) {
        if (!pause.isZero()) {
            Duration bounded = pause.compareTo(http.maxRetryAfter()) > 0 ? http.maxRetryAfter() : pause;
            pausedUntil.merge(files, clock.instant().plus(bounded), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** An answer that lists a folder (GitHub's contents API gives a JSON array for one) rather than a file's content. */
    private static final class NotAFile extends RuntimeException {
        NotAFile() {
            super(null, null, false, false);
        }
    }

    /** What went wrong, without the host's own text, to follow "Could not read ... from ...". */
    String describe(Throwable error, int maxBytes) {
        if (error instanceof NotAFile) {
            return ": it is a folder, not a file";
        }
        if (error instanceof DataBufferLimitException) {
            return ": the file is over the limit of " + maxBytes + " bytes";
        }
        if (error instanceof RateLimits.Exceeded limited) {
            return ": the rate limit (HTTP " + limited.status() + ") outlasted the retries; what was read before is kept";
        }
        if (error instanceof RequestNotPermitted) {
            return ": the host's request rate (stagehand.integrations.http.requests-per-second) gave no turn in time";
        }
        if (PeerFailures.breakerOpen(error)) {
            return ": the circuit breaker is open after repeated failures; what was read before is kept";
        }
        if (error instanceof GithubCredentialsException) {
            return ": " + error.getMessage();
        }
        if (error instanceof IllegalStateException && String.valueOf(error.getMessage()).startsWith("Timeout")) {
            return ": no answer in time";
        }
        return PeerFailures.describe(error);
    }
}
