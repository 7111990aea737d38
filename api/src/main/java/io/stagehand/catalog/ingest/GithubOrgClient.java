package io.stagehand.catalog.ingest;

import io.stagehand.http.HttpResilience;
import io.stagehand.http.HttpSettings;
import io.stagehand.http.PeerFailures;
import io.stagehand.http.RateLimits;
import io.stagehand.integrations.GithubAuthorization;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.GithubCredentialsException;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import io.stagehand.model.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * GitHub's GraphQL API ({@code POST {apiBaseUrl}/graphql}) as a github-org source reads it:
 * connections followed page by page through {@code pageInfo { hasNextPage endCursor }}, each
 * request authorized by the host's integration (a token or a GitHub App installation token) and
 * rate limited and retried by the source's resilience. GitHub's rate limits (a 403 or 429 with
 * {@code x-ratelimit-remaining: 0}, {@code Retry-After} or a {@code RATE_LIMITED} error) wait for
 * {@code Retry-After} or {@code x-ratelimit-reset}, bounded by {@code http.max-retry-after}.
 * Failures name the request and the status only, never GitHub's text.
 */
final class GithubOrgClient {

    private static final int MAX_PAGES = 10_000;

    private final String source;
    private final GithubIntegration integration;
    private final GithubCredentials credentials;
    private final HttpResilience resilience;
    private final WebClient client;
    private final URI graphql;
    private final Clock clock;

    /** One page of a connection: its nodes and the cursor of the next page, if any. */
    private record Page(int number, List<JsonNode> nodes, String cursor) {
    }

    GithubOrgClient(String source, GithubIntegration integration, GithubCredentials credentials, HttpSettings http,
            HttpResilience resilience, WebClient.Builder webClient, Clock clock) {
        this.source = source;
        this.integration = integration;
        this.credentials = credentials;
        this.resilience = resilience;
        this.clock = clock;
        this.graphql = URI.create(graphqlUrl(integration.apiBaseUrl()));
        this.client = http.webClient(webClient, 64 * 1024 * 1024);
    }

    /** Where GraphQL is answered: beside REST's {@code /api/v3} on GitHub Enterprise Server, as Octokit finds it. */
    static String graphqlUrl(String apiBaseUrl) {
        return apiBaseUrl.replaceAll("/api/v3$", "/api") + "/graphql";
    }

    /** The authorization for the organisation (which also decides whether e-mail addresses may be asked for). */
    Mono<GithubAuthorization> authorization(String org) {
        return credentials.forOwner(integration, org, client, resilience)
                .onErrorMap(error -> error instanceof GithubCredentialsException ? new GithubOrgException("Source " + source + ": "
                        + error.getMessage()) : error);
    }

    /** The organisations the host's GitHub Apps are installed in, for a source that names none. */
    Flux<String> installedOrganisations() {
        return credentials.installedOrganisations(integration, client, resilience)
                .onErrorMap(error -> error instanceof GithubCredentialsException ? new GithubOrgException("Source " + source + ": "
                        + error.getMessage()) : error);
    }

    /** Every node of the connection at {@code path} in the query's answer, page after page; {@code what} names it in failures. */
    Flux<JsonNode> nodes(String org, String query, Map<String, Object> variables, List<String> path, String what) {
        return page(org, query, variables, path, what, null, 1)
                .expand(page -> page.cursor() == null ? Mono.empty() : page(org, query, variables, path, what, page.cursor(), page.number() + 1))
                .concatMapIterable(Page::nodes);
    }

    private Mono<Page> page(String org, String query, Map<String, Object> variables, List<String> path, String what, String cursor, int number) {
        if (number > MAX_PAGES) {
            return Mono.error(new GithubOrgException(failure(what, org) + ": more than " + MAX_PAGES + " pages; stopped"));
        }
        Map<String, Object> values = new HashMap<>(variables);
        if (cursor != null) {
            values.put("cursor", cursor);
        }
        return post(org, Map.of("query", query, "variables", values), what).map(answer -> {
            JsonNode connection = answer.path("data");
            for (String field : path) {
                connection = connection.path(field);
            }
            if (!connection.path("nodes").isArray()) {
                throw new GithubOrgException(failure(what, org) + ": GitHub has none for it (is the organisation there, and may the token read it?)");
            }
            List<JsonNode> nodes = new ArrayList<>();
            connection.path("nodes").forEach(node -> {
                if (node.isObject()) {
                    nodes.add(node);
                }
            });
            JsonNode pageInfo = connection.path("pageInfo");
            String next = pageInfo.path("hasNextPage").asBoolean(false) && pageInfo.path("endCursor").isString()
                    ? pageInfo.path("endCursor").stringValue() : null;
            return new Page(number, nodes, next);
        });
    }

    private Mono<JsonNode> post(String org, Map<String, Object> body, String what) {
        return authorization(org).flatMap(authorization -> resilience.protect(client.post().uri(graphql)
                        .headers(headers -> {
                            if (authorization.header() != null) {
                                headers.set(HttpHeaders.AUTHORIZATION, authorization.header());
                            }
                            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchangeToMono(this::answer))
                .onErrorMap(error -> explain(error, what, org)));
    }

    /** A REST resource of the host ({@code GET} under {@code apiBaseUrl}), authorized, limited and retried as the GraphQL requests are. */
    Mono<JsonNode> get(String org, URI uri, String what) {
        return authorization(org).flatMap(authorization -> resilience.protect(client.get().uri(uri)
                        .headers(headers -> {
                            if (authorization.header() != null) {
                                headers.set(HttpHeaders.AUTHORIZATION, authorization.header());
                            }
                            headers.setAccept(List.of(MediaType.parseMediaType("application/vnd.github+json")));
                        })
                        .exchangeToMono(this::answer))
                .onErrorMap(error -> explain(error, what, org)));
    }

    /** GitHub's answer as JSON; a rate limit as a retryable 429 that says how long to wait, other failures by status. */
    private Mono<JsonNode> answer(ClientResponse response) {
        int status = response.statusCode().value();
        HttpHeaders headers = response.headers().asHttpHeaders();
        if (RateLimits.limited(status, headers)) {
            return response.releaseBody().then(Mono.error(new RateLimits.Exceeded(status, RateLimits.waitSeconds(headers, clock))));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().then(Mono.error(WebClientResponseException.create(status, "", new HttpHeaders(), new byte[0],
                    StandardCharsets.UTF_8)));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("").map(text -> {
            JsonNode answer;
            try {
                answer = Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw new GithubOrgException("the answer is not JSON");
            }
            JsonNode errors = answer.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                TreeSet<String> types = new TreeSet<>();
                errors.forEach(error -> types.add(error.path("type").asString("")));
                if (types.contains("RATE_LIMITED")) {
                    throw new RateLimits.Exceeded(status, RateLimits.waitSeconds(headers, clock));
                }
                // GitHub's error types are fixed codes; its messages are not repeated
                types.removeIf(type -> !type.matches("[A-Z_]{1,40}"));
                throw new GithubOrgException("GitHub answered with errors" + (types.isEmpty() ? "" : " " + types));
            }
            return answer;
        });
    }

    private Throwable explain(Throwable error, String what, String org) {
        if (error instanceof GithubOrgException known) {
            return known.getMessage().startsWith("Source ") ? known : new GithubOrgException(failure(what, org) + ": " + known.getMessage());
        }
        if (PeerFailures.breakerOpen(error)) {
            return new GithubOrgException("Source " + source + ": the circuit breaker is open after repeated failures of GitHub ("
                    + integration.host() + "); what was read before is kept");
        }
        if (error instanceof RateLimits.Exceeded limited) {
            return new GithubOrgException(failure(what, org) + ": GitHub's rate limit (HTTP " + limited.status() + ") outlasted the retries");
        }
        if (PeerFailures.status(error) == 401) {
            // an installation token GitHub no longer accepts is not used again
            credentials.forget(integration, org);
        }
        return new GithubOrgException(failure(what, org) + PeerFailures.describe(error));
    }

    private String failure(String what, String org) {
        return "Source " + source + ": GitHub (" + integration.host() + ") could not give " + what + " of organisation " + org;
    }

    /** A read of GitHub that failed; its message is safe to store, serve and log. */
    static final class GithubOrgException extends RuntimeException {
        GithubOrgException(String message) {
            super(message, null, false, false);
        }
    }
}
