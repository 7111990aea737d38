package io.stagehand.integrations;

import io.stagehand.http.HttpResilience;
import io.stagehand.http.PeerFailures;
import io.stagehand.integrations.IntegrationsProperties.GithubApp;
import io.stagehand.integrations.IntegrationsProperties.GithubIntegration;
import io.stagehand.model.Json;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The authorization for an owner (an organisation) on a GitHub host, as Backstage's
 * {@code SingleInstanceGithubCredentialsProvider} gives it: an installation token of the first of
 * the host's GitHub Apps that is installed for the owner (and allowed for it), else the host's
 * token, else none. An installation is found with the app's JWT ({@code GET /orgs/{org}/installation})
 * and its token minted by {@code POST /app/installations/{id}/access_tokens}; the token is kept
 * until shortly before GitHub's {@code expires_at}; an app found not installed for an owner is not
 * asked again for {@link #NOT_INSTALLED_RECHECK}, and concurrent callers share one mint. Requests go
 * through the caller's client and resilience, so they share its timeouts, rate limit and retries.
 */
@Component
public class GithubCredentials {

    /** A token is renewed this long before it expires, so a run that starts with it does not see it expire. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    /** GitHub's largest page of installations, and a bound on how many pages are read. */
    private static final int INSTALLATIONS_PER_PAGE = 100;
    private static final int MAX_INSTALLATION_PAGES = 100;
    /** How long an app's "not installed for this owner" is believed; an app installed meanwhile is used after it. */
    static final Duration NOT_INSTALLED_RECHECK = Duration.ofMinutes(10);

    /** Each app's key, by host and app id. */
    private final Map<String, PrivateKey> keys = new LinkedHashMap<>();
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    /** Until when an app is taken as not installed for an owner, so a source's every page does not ask again. */
    private final Map<String, Instant> notInstalled = new ConcurrentHashMap<>();
    /** The mint under way for each app and owner, which concurrent callers share. */
    private final Map<String, Mono<String>> minting = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Cached(String token, Instant renewAt) {
    }

    @Autowired
    public GithubCredentials(IntegrationsProperties properties) {
        this(properties, Clock.systemUTC());
    }

    /** Every app's private key is read at start-up, so a bad one stops the server with a message that names the app. */
    public GithubCredentials(IntegrationsProperties properties, Clock clock) {
        this.clock = clock;
        for (GithubIntegration integration : properties.github()) {
            for (GithubApp app : integration.apps()) {
                try {
                    keys.put(integration.host() + "|" + app.appId(), GithubAppKeys.parse(app.privateKey().value() == null ? "" : app.privateKey().value()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("stagehand.integrations.github (host " + integration.host() + "): the privateKey of GitHub App "
                            + app.appId() + " is not a PEM RSA private key");
                }
            }
        }
    }

    /** The authorization for {@code owner} on the integration's host; an error when an app failed other than by not being installed. */
    public Mono<GithubAuthorization> forOwner(GithubIntegration integration, String owner, WebClient client, HttpResilience resilience) {
        GithubAuthorization fallback = integration.token() == null ? GithubAuthorization.NONE
                : new GithubAuthorization(GithubAuthorization.Kind.TOKEN, integration.token().value());
        if (integration.apps().isEmpty()) {
            return Mono.just(fallback);
        }
        List<GithubApp> apps = integration.apps().stream().filter(app -> app.allows(owner)).toList();
        return Flux.fromIterable(apps)
                .concatMap(app -> installationToken(integration, app, owner, client, resilience))
                .next()
                .map(token -> new GithubAuthorization(GithubAuthorization.Kind.APP, token))
                .defaultIfEmpty(fallback);
    }

    /**
     * The organisations the host's GitHub Apps are installed in ({@code GET /app/installations}, page
     * by page), as Backstage's multi-org provider lists them when no organisations are configured.
     */
    public Flux<String> installedOrganisations(GithubIntegration integration, WebClient client, HttpResilience resilience) {
        if (integration.apiBaseUrl() == null) {
            return Flux.error(new GithubCredentialsException("GitHub host " + integration.host() + " has no apiBaseUrl, which its apps need"));
        }
        // as forOwner reads them: an owner the app is not allowed for, or a suspended installation, is not the app's to read
        return Flux.fromIterable(integration.apps())
                .concatMap(app -> installations(integration, app, client, resilience, 1)
                        .filter(installation -> installation.path("suspended_at").isNull() || installation.path("suspended_at").isMissingNode())
                        .filter(installation -> app.allows(installation.path("account").path("login").asString(""))))
                .filter(installation -> "Organization".equals(installation.path("target_type").asString("")))
                .map(installation -> installation.path("account").path("login").asString(""))
                .filter(login -> !login.isBlank())
                .distinct(login -> login.toLowerCase(Locale.ROOT));
    }

    private Flux<JsonNode> installations(GithubIntegration integration, GithubApp app, WebClient client, HttpResilience resilience, int page) {
        if (page > MAX_INSTALLATION_PAGES) {
            return Flux.error(new GithubCredentialsException("GitHub App " + app.appId() + " on " + integration.host()
                    + " has more than " + MAX_INSTALLATION_PAGES * INSTALLATIONS_PER_PAGE + " installations; stopped"));
        }
        return Mono.defer(() -> {
            String jwt = GithubAppKeys.jwt(app.appId(), keys.get(integration.host() + "|" + app.appId()), clock.instant());
            URI uri = URI.create(integration.apiBaseUrl() + "/app/installations?per_page=" + INSTALLATIONS_PER_PAGE + "&page=" + page);
            return call(client.get().uri(uri), jwt, resilience, "GitHub App " + app.appId() + " on " + integration.host()
                    + " could not list its installations");
        }).onErrorMap(NotInstalled.class, e -> new GithubCredentialsException("GitHub App " + app.appId() + " on " + integration.host()
                + " could not list its installations: HTTP 404")).flatMapMany(answer -> {
                    if (!answer.isArray()) {
                        return Flux.error(new GithubCredentialsException("GitHub App " + app.appId() + " on " + integration.host()
                                + " could not list its installations: the answer is not a list"));
                    }
                    List<JsonNode> found = new java.util.ArrayList<>();
                    answer.forEach(found::add);
                    Flux<JsonNode> these = Flux.fromIterable(found);
                    return found.size() < INSTALLATIONS_PER_PAGE ? these
                            : these.concatWith(installations(integration, app, client, resilience, page + 1));
                });
    }

    /** Forgets what is known of an owner's installations (their tokens, an app found not installed), after GitHub refused a token. */
    public void forget(GithubIntegration integration, String owner) {
        String suffix = "|" + owner.toLowerCase(Locale.ROOT);
        tokens.keySet().removeIf(key -> key.startsWith(integration.host() + "|") && key.endsWith(suffix));
        notInstalled.keySet().removeIf(key -> key.startsWith(integration.host() + "|") && key.endsWith(suffix));
    }

    private Mono<String> installationToken(GithubIntegration integration, GithubApp app, String owner, WebClient client,
            HttpResilience resilience) {
        String key = integration.host() + "|" + app.appId() + "|" + owner.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Cached cached = tokens.get(key);
        if (cached != null && now.isBefore(cached.renewAt())) {
            return Mono.just(cached.token());
        }
        Instant recheck = notInstalled.get(key);
        if (recheck != null && now.isBefore(recheck)) {
            return Mono.empty();
        }
        if (integration.apiBaseUrl() == null) {
            return Mono.error(new GithubCredentialsException("GitHub host " + integration.host() + " has no apiBaseUrl, which its apps need"));
        }
        // single flight: callers that need the token at the same moment (a source's parallel reads, several sources) share one
        // mint, made with the first caller's client and resilience. It leaves the map on its result, before any caller hears it
        // (so no caller can take up a finished flight), and its result is kept by then: the next caller finds the token or the answer.
        return minting.computeIfAbsent(key, k -> mint(integration, app, owner, key, client, resilience)
                .doOnEach(signal -> minting.remove(k))
                .cache());
    }

    /** The installation for the owner and a new token for it; empty when the app is not installed there (remembered for a while). */
    private Mono<String> mint(GithubIntegration integration, GithubApp app, String owner, String key, WebClient client,
            HttpResilience resilience) {
        String what = "GitHub App " + app.appId() + " on " + integration.host();
        return Mono.defer(() -> {
            String jwt = GithubAppKeys.jwt(app.appId(), keys.get(integration.host() + "|" + app.appId()), clock.instant());
            URI installation = UriComponentsBuilder.fromUriString(integration.apiBaseUrl() + "/orgs/{owner}/installation")
                    .encode().buildAndExpand(owner).toUri();
            return call(client.get().uri(installation), jwt, resilience, what + " could not find its installation for " + owner)
                    .onErrorResume(NotInstalled.class, e -> {
                        notInstalled.put(key, clock.instant().plus(NOT_INSTALLED_RECHECK));
                        return Mono.empty();
                    })
                    .flatMap(found -> {
                        if (!found.path("suspended_at").isNull() && !found.path("suspended_at").isMissingNode()) {
                            return Mono.error(new GithubCredentialsException(what + ": its installation for " + owner + " is suspended"));
                        }
                        long id = found.path("id").asLong(-1);
                        if (id < 0) {
                            return Mono.error(new GithubCredentialsException(what + ": the installation for " + owner + " has no id"));
                        }
                        notInstalled.remove(key);
                        URI mint = URI.create(integration.apiBaseUrl() + "/app/installations/" + id + "/access_tokens");
                        return call(client.post().uri(mint), jwt, resilience, what + " could not get an installation token for " + owner)
                                .map(answer -> remember(key, answer, what));
                    });
        });
    }

    private String remember(String key, JsonNode answer, String what) {
        String token = answer.path("token").asString("");
        if (token.isBlank()) {
            throw new GithubCredentialsException(what + ": the answer holds no token");
        }
        Instant now = clock.instant();
        Instant expires;
        try {
            expires = Instant.parse(answer.path("expires_at").asString(""));
        } catch (DateTimeParseException e) {
            // GitHub's installation tokens last an hour; without its word, assume less
            expires = now.plus(Duration.ofMinutes(30));
        }
        Duration lifetime = Duration.between(now, expires);
        Duration margin = lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : RENEW_BEFORE_EXPIRY;
        tokens.put(key, new Cached(token, expires.minus(margin)));
        return token;
    }

    /** An app's request with its JWT; GitHub's answer as JSON, a 404 as {@link NotInstalled}, other failures by status only. */
    private static Mono<JsonNode> call(WebClient.RequestHeadersSpec<?> request, String jwt, HttpResilience resilience, String failure) {
        Mono<String> answer = request
                .headers(headers -> {
                    headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
                    headers.setAccept(List.of(MediaType.parseMediaType("application/vnd.github+json")));
                    headers.set("X-GitHub-Api-Version", "2022-11-28");
                })
                .retrieve()
                .bodyToMono(String.class);
        return resilience.protect(answer)
                .onErrorMap(error -> explain(error, failure))
                .map(body -> {
                    try {
                        return Json.MAPPER.readTree(body == null ? "" : body);
                    } catch (JacksonException e) {
                        throw new GithubCredentialsException(failure + ": the answer is not JSON");
                    }
                });
    }

    /** The failure in the wording every peer's failures use ({@link PeerFailures}): a status or what kind of silence, no text of GitHub's. */
    private static Throwable explain(Throwable error, String failure) {
        if (error instanceof GithubCredentialsException) {
            return error;
        }
        if (PeerFailures.status(error) == 404) {
            return new NotInstalled();
        }
        if (PeerFailures.breakerOpen(error)) {
            return new GithubCredentialsException(failure + ": the circuit breaker is open after repeated failures");
        }
        return new GithubCredentialsException(failure + PeerFailures.describe(error));
    }

    /** The app is not installed for the owner: the next app, or the token, is used. */
    private static final class NotInstalled extends RuntimeException {
        NotInstalled() {
            super(null, null, false, false);
        }
    }
}
