package io.stagehand.catalog.ingest;

import io.stagehand.catalog.CatalogProperties.SourceProperties;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.PeerFailures;
import io.stagehand.http.Redaction;
import io.stagehand.model.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph as an msgraph source reads it: an app token by the OAuth client-credentials flow
 * (kept until shortly before it expires), collections followed page by page through
 * {@code @odata.nextLink}, every request rate limited and retried (honouring {@code Retry-After})
 * by the source's resilience. Failures name the request and the HTTP status only, never Graph's
 * own text, and the client secret and tokens appear in no message.
 */
final class MsGraphClient {

    static final String DEFAULT_TARGET = "https://graph.microsoft.com/v1.0";
    static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final int MAX_PAGES = 100_000;
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(2);

    private final String source;
    private final String target;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final WebClient client;
    private final HttpResilience resilience;
    private final Clock clock;
    private volatile Token token;

    private record Token(String value, Instant renewAt) {
    }

    /** One page of a collection and the link to the next, if any. */
    private record Page(int number, List<JsonNode> values, URI next) {
    }

    MsGraphClient(String source, SourceProperties properties, HttpResilience resilience, WebClient.Builder webClient, Clock clock) {
        this.source = source;
        this.target = target(properties);
        String authority = properties.authority() == null || properties.authority().isBlank() ? DEFAULT_AUTHORITY
                : properties.authority().replaceAll("/+$", "");
        this.tokenUrl = authority + "/" + properties.tenantId() + "/oauth2/v2.0/token";
        this.clientId = properties.clientId();
        this.clientSecret = properties.clientSecret() == null ? null : properties.clientSecret().value();
        this.resilience = resilience;
        this.clock = clock;
        this.client = properties.http().webClient(webClient, 64 * 1024 * 1024);
    }

    /** Graph's base URL as configured, Backstage's default when none is. */
    static String target(SourceProperties properties) {
        return properties.target() == null || properties.target().isBlank() ? DEFAULT_TARGET : properties.target().replaceAll("/+$", "");
    }

    /** Every element of a collection ({@code users}, {@code groups}, ...), page after page; {@code what} names it in failures. */
    Flux<JsonNode> collection(String path, Map<String, String> query, boolean advanced, String what) {
        URI first = uri(path, query, advanced);
        return page(first, advanced, what, 1)
                .expand(page -> page.next() == null ? Mono.empty() : page(page.next(), advanced, what, page.number() + 1))
                .concatMapIterable(Page::values);
    }

    /** One object, such as the organization. */
    Mono<JsonNode> object(String path, Map<String, String> query, String what) {
        return get(uri(path, query, false), false, what);
    }

    private Mono<Page> page(URI uri, boolean advanced, String what, int number) {
        if (number > MAX_PAGES) {
            return Mono.error(new MsGraphException(failure(what) + ": more than " + MAX_PAGES + " pages; stopped"));
        }
        return get(uri, advanced, what).map(body -> {
            JsonNode values = body.path("value");
            if (!values.isArray()) {
                throw new MsGraphException(failure(what) + ": page " + number + " has no \"value\" array");
            }
            List<JsonNode> elements = new ArrayList<>(values.size());
            values.forEach(elements::add);
            JsonNode next = body.path("@odata.nextLink");
            return new Page(number, elements, next.isString() && !next.stringValue().isBlank() ? sameOrigin(next.stringValue(), what) : null);
        });
    }

    /** A next page only where the token may go: a link to another host would carry it there. */
    private URI sameOrigin(String link, String what) {
        URI next;
        URI base = URI.create(target);
        try {
            next = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new MsGraphException(failure(what) + ": a next page link that is not a URL; stopped");
        }
        if (!Objects.equals(next.getScheme(), base.getScheme()) || !Objects.equals(next.getHost(), base.getHost())
                || next.getPort() != base.getPort()) {
            throw new MsGraphException(failure(what) + ": a next page link to another host than the target; stopped");
        }
        return next;
    }

    private Mono<JsonNode> get(URI uri, boolean advanced, String what) {
        return token().flatMap(bearer -> resilience.protect(client.get().uri(uri)
                        .headers(headers -> {
                            headers.setBearerAuth(bearer);
                            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                            if (advanced) {
                                headers.set("ConsistencyLevel", "eventual");
                            }
                        })
                        .retrieve()
                        .bodyToMono(String.class))
                .onErrorMap(error -> explain(error, what)))
                .map(body -> parse(body, what));
    }

    /** The app token, from memory while it is fresh; else by the client-credentials flow. */
    private Mono<String> token() {
        Token current = token;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return Mono.just(current.value());
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("client_id", clientId);
        form.add("client_secret", clientSecret);
        form.add("scope", SCOPE);
        form.add("grant_type", "client_credentials");
        Mono<String> request = client.post().uri(URI.create(tokenUrl))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData(form))
                .retrieve()
                .bodyToMono(String.class);
        return resilience.protect(request)
                .onErrorMap(error -> explain(error, "a token"))
                .map(body -> {
                    JsonNode answer = parse(body, "a token");
                    JsonNode value = answer.path("access_token");
                    if (!value.isString() || value.stringValue().isBlank()) {
                        throw new MsGraphException(failure("a token") + ": the answer holds no access_token");
                    }
                    long lifetime = answer.path("expires_in").asLong(3600);
                    Duration margin = Duration.ofSeconds(Math.min(RENEW_BEFORE_EXPIRY.toSeconds(), lifetime / 2));
                    token = new Token(value.stringValue(), clock.instant().plusSeconds(lifetime).minus(margin));
                    return value.stringValue();
                });
    }

    private URI uri(String path, Map<String, String> query, boolean advanced) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(target + "/" + path);
        Map<String, String> values = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                // values as template variables, so they are encoded whole (quotes, spaces, $ and all)
                builder.queryParam(name, "{v" + values.size() + "}");
                values.put("v" + values.size(), value);
            }
        });
        if (advanced) {
            builder.queryParam("$count", "true");
        }
        return builder.encode().buildAndExpand(values).toUri();
    }

    private JsonNode parse(String body, String what) {
        try {
            return Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw new MsGraphException(failure(what) + ": the answer is not JSON");
        }
    }

    private Throwable explain(Throwable error, String what) {
        if (error instanceof MsGraphException) {
            return error;
        }
        if (PeerFailures.breakerOpen(error)) {
            return new MsGraphException("Source " + source + ": the circuit breaker is open after repeated failures of Microsoft Graph; "
                    + "the last good users and groups are kept");
        }
        if (PeerFailures.status(error) == 401) {
            // a token Graph no longer accepts is not reused by the next run
            token = null;
        }
        return new MsGraphException(failure(what) + PeerFailures.describe(error));
    }

    private String failure(String what) {
        return "Source " + source + ": Microsoft Graph (" + (what.equals("a token") ? "token endpoint" : Redaction.redact(target)) + ") could not give " + what;
    }

    /** A read of Graph that failed; its message is safe to store, serve and log. */
    static final class MsGraphException extends RuntimeException {
        MsGraphException(String message) {
            super(message, null, false, false);
        }
    }
}
