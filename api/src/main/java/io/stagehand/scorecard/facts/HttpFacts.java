package io.stagehand.scorecard.facts;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.netty.handler.timeout.ReadTimeoutException;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.HttpSettings;
import io.stagehand.http.OutboundGuard;
import io.stagehand.model.Json;
import io.stagehand.scorecard.definition.Definitions.Fact;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.FactTypes;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects one HTTP fact source's facts about one entity: renders the request from the entity and
 * the settings, sends it through the source's resilience ({@code facts-<source>}: rate limiter,
 * circuit breaker, retries honouring {@code Retry-After}) and reads each fact by its JSON path and
 * type. Never fails: a failure keeps the last good facts and says why, so they serve until their ttl.
 */
public final class HttpFacts {

    private static final JsonMapper JSON = Json.MAPPER;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WebClient client;
    private final HttpSettings http;
    private final Function<String, String> settings;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final RateLimiterRegistry limiters;
    private final int maxResponseBytes;
    private final Clock clock;
    private final OutboundGuard guard;
    private final Duration deadline;
    private final Map<String, HttpResilience> resilience = new ConcurrentHashMap<>();

    /**
     * @param builder Boot's builder (cloned, so its observations come along) or a plain one in tests
     * @param http timeouts, retries, breaker and rate limit for every HTTP fact source
     * @param settings answers {@code ${NAME}} in URLs and headers; null when unset
     * @param maxResponseBytes a larger response is a problem, not a memory risk
     * @param guard the hosts requests may go to, checked before sending and where each connection is made
     * @param deadline the most one attempt takes, however the peer spaces its bytes
     */
    public HttpFacts(WebClient.Builder builder, HttpSettings http, Function<String, String> settings, CircuitBreakerRegistry breakers,
            RetryRegistry retries, RateLimiterRegistry limiters, int maxResponseBytes, Clock clock, OutboundGuard guard, Duration deadline) {
        this.guard = guard;
        this.deadline = deadline;
        this.http = http;
        this.settings = settings;
        this.breakers = breakers;
        this.retries = retries;
        this.limiters = limiters;
        this.maxResponseBytes = maxResponseBytes;
        this.clock = clock;
        HttpClient httpClient = http.client()
                .resolver(guard.resolvers())
                // a redirect could lead anywhere; it is reported, not followed
                .followRedirect(false);
        this.client = builder.clone()
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxResponseBytes))
                .build();
    }

    /** One request rendered for one entity; {@code shown} is the URL without credentials, query or fragment, safe for messages. */
    private record Request(HttpMethod method, URI uri, Map<String, String> headers, String shown) {
    }

    /** An attempt past {@code stagehand.scorecards.http.deadline}. */
    private static final class DeadlineExceeded extends TimeoutException {
    }

    /** A collection that cannot go on; its message becomes the stored problem. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    Mono<StoredFacts> collect(FactSource source, String ref, JsonNode descriptor, StoredFacts previous) {
        return Mono.defer(() -> {
            Request request;
            try {
                request = render(source, ref, descriptor);
            } catch (Template.MissingValueException e) {
                return Mono.just(failed(previous, e.getMessage(), e.fromEntity));
            } catch (Failure e) {
                return Mono.just(failed(previous, e.getMessage(), false));
            }
            Mono<String> send = client.method(request.method())
                    .uri(request.uri())
                    .headers(headers -> {
                        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                        request.headers().forEach(headers::set);
                    })
                    .retrieve()
                    .onStatus(HttpStatusCode::is3xxRedirection, response -> Mono.error(new Failure("HTTP " + response.statusCode().value()
                            + " from " + request.method() + " " + request.shown() + " for fact source " + source.name()
                            + ": redirects are not followed")))
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    // read timeouts bound each wait; this bounds each attempt, against a peer that drips its answer (a
                    // timeout as the breaker and the retries know it, so a source that keeps dripping opens its breaker)
                    .timeout(deadline, Mono.error(DeadlineExceeded::new));
            return resilienceOf(source).protect(send)
                    // parsing up to a MiB of someone else's JSON is CPU work: off the event loop that received it
                    .publishOn(Schedulers.parallel())
                    .map(body -> new StoredFacts(extract(source, request, body), clock.instant(), null, false))
                    .onErrorResume(error -> Mono.just(failed(previous, explain(source, request, error), false)));
        }).onErrorResume(error -> Mono.just(failed(previous, "Fact source " + source.name() + " failed unexpectedly", false)));
    }

    private HttpResilience resilienceOf(FactSource source) {
        return resilience.computeIfAbsent(source.name(),
                name -> HttpResilience.named("facts-" + name, http, breakers, retries, limiters));
    }

    private Request render(FactSource source, String ref, JsonNode descriptor) throws Template.MissingValueException {
        Definitions.Http spec = source.http();
        URI uri;
        try {
            uri = Template.renderUrl(spec.url(), ref, descriptor, settings);
        } catch (Template.MissingValueException e) {
            throw new Template.MissingValueException("spec.request.url: " + e.getMessage(), e.fromEntity);
        } catch (Template.UnsafeUrlException e) {
            throw new Failure("The URL of fact source " + source.name() + " is refused: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            headers.put(header.getKey(), renderField(header.getValue(), "spec.request.headers." + header.getKey(), ref, descriptor));
        }
        String shown = shown(uri.toString());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new Failure("The URL of fact source " + source.name() + " renders to " + shown + ", which is not an absolute http(s) URL");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String refused = guard.refusal(uri.getHost(), port, spec.allowedHosts());
        if (refused != null) {
            throw new Failure("No request for fact source " + source.name() + ": " + refused);
        }
        return new Request(HttpMethod.valueOf(spec.method()), uri, headers, shown);
    }

    private String renderField(String template, String field, String ref, JsonNode descriptor) throws Template.MissingValueException {
        try {
            return Template.render(template, ref, descriptor, settings);
        } catch (Template.MissingValueException e) {
            throw new Template.MissingValueException(field + ": " + e.getMessage(), e.fromEntity);
        }
    }

    /** The URL without user info, query and fragment: those are where secrets travel. */
    static String shown(String url) {
        String cut = url.split("[?#]", 2)[0];
        return cut.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private ObjectNode extract(FactSource source, Request request, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            // the parser's message quotes the response; no reply text is stored or served
            throw new Failure("The response of " + request.shown() + " for fact source " + source.name() + " is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new Failure("The response of " + request.shown() + " for fact source " + source.name() + " is empty");
        }
        ObjectNode values = NODES.objectNode();
        List<String> wrong = new ArrayList<>();
        for (Fact fact : new TreeMap<>(source.facts()).values()) {
            JsonNode raw = fact.path().read(root);
            JsonNode value = raw.isMissingNode() || raw.isNull() ? NODES.nullNode() : FactTypes.coerce(raw, fact.type());
            if (value == null) {
                wrong.add(fact.name() + " at " + fact.path() + " is " + FactTypes.describe(raw) + ", not a " + fact.type());
            } else {
                values.set(fact.name(), value);
            }
        }
        if (!wrong.isEmpty()) {
            throw new Failure("The response of " + request.shown() + " for fact source " + source.name() + " has facts of the wrong type: "
                    + String.join("; ", wrong));
        }
        return values;
    }

    /** Why a request failed, for people: status, source and URL, never headers or the query. */
    private String explain(FactSource source, Request request, Throwable error) {
        String where = request.method() + " " + request.shown() + " for fact source " + source.name();
        if (error instanceof Failure) {
            return error.getMessage();
        }
        if (error instanceof CallNotPermittedException) {
            return "The circuit breaker of fact source " + source.name() + " is open after repeated failures of " + request.shown()
                    + "; no request was made";
        }
        if (causedBy(error, DataBufferLimitException.class)) {
            return "The response of " + where + " is larger than " + maxResponseBytes + " bytes";
        }
        String retried = HttpResilience.isPeerFailure(error) ? " (after " + http.maxAttempts() + " attempts)" : "";
        if (error instanceof WebClientResponseException response) {
            return "HTTP " + response.getStatusCode().value() + " from " + where + retried;
        }
        if (causedBy(error, OutboundGuard.RefusedException.class)) {
            return "No request for fact source " + source.name() + ": " + rootOf(error).getMessage();
        }
        if (causedBy(error, DeadlineExceeded.class)) {
            return "No complete answer within the deadline of " + deadline + " (stagehand.scorecards.http.deadline) from " + where + retried;
        }
        if (causedBy(error, ReadTimeoutException.class) || causedBy(error, TimeoutException.class)) {
            return "No answer within " + http.readTimeout() + " from " + where + retried;
        }
        // a fixed form by kind: an exception's message may quote what the peer sent
        Throwable root = rootOf(error);
        String why = root instanceof java.net.UnknownHostException ? "unknown host"
                : root instanceof java.net.ConnectException ? "connection refused"
                : root instanceof javax.net.ssl.SSLException ? "TLS failed"
                : "the connection failed";
        return "Could not reach " + where + ": " + why + retried;
    }

    private static Throwable rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The last good values and when they were observed stay; only the problem is new. */
    private static StoredFacts failed(StoredFacts previous, String problem, boolean unknown) {
        return previous == null ? new StoredFacts(null, null, problem, unknown)
                : new StoredFacts(previous.values(), previous.observedAt(), problem, unknown);
    }
}
