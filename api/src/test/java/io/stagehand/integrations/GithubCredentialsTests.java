package io.stagehand.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.http.HttpResilience;
import io.stagehand.http.HttpSettings;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * GithubCredentials against GitHub's App endpoints faked by WireMock, with a clock the test moves:
 * installation tokens are kept until five minutes before they expire and then minted again, apps
 * are tried in order and skipped where not installed or not allowed, and failures name a status only.
 */
class GithubCredentialsTests {

    static final WireMockServer github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final Instant START = Instant.parse("2026-12-07T12:00:00Z");
    static final KeyPair KEY = key();

    static {
        github.start();
    }

    Instant now = START;
    IntegrationsProperties configured;
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final HttpResilience resilience = HttpResilience.named("credentials-test", new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 500,
            2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1), 50, 100, Duration.ofMinutes(1), 1000),
            CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults());

    @AfterAll
    static void stop() {
        github.stop();
    }

    @BeforeEach
    void app() {
        github.resetAll();
        github.stubFor(get(urlPathEqualTo("/orgs/acme/installation")).willReturn(okJson("{\"id\": 7, \"suspended_at\": null}")));
        mint(7, "ghs_first", START.plus(Duration.ofHours(1)));
    }

    @Test
    void anInstallationTokenIsKeptUntilShortlyBeforeItExpires() {
        GithubCredentials credentials = new GithubCredentials(properties(Map.of()), clock);
        assertThat(token(credentials, "acme")).isEqualTo("ghs_first");
        now = START.plus(Duration.ofMinutes(54));
        assertThat(token(credentials, "ACME")).as("owners are matched without regard to case").isEqualTo("ghs_first");
        mint(7, "ghs_second", START.plus(Duration.ofHours(2)));
        now = START.plus(Duration.ofMinutes(56));
        assertThat(token(credentials, "acme")).isEqualTo("ghs_second");
        github.verify(2, postRequestedFor(urlPathEqualTo("/app/installations/7/access_tokens")));
    }

    @Test
    void appsAreTriedInOrderAndTheTokenIsTheLastResort() {
        github.stubFor(get(urlPathEqualTo("/orgs/beta/installation")).willReturn(notFound()));
        Map<String, String> twoApps = Map.of("github[0].apps[1].app-id", "2", "github[0].apps[1].private-key", GithubIntegrationPropertiesTests.pem(KEY, true),
                "github[0].apps[1].allowed-installation-owners[0]", "acme", "github[0].token", "ghp_fallback");
        GithubCredentials credentials = new GithubCredentials(properties(twoApps), clock);
        assertThat(authorization(credentials, "beta")).isEqualTo(new GithubAuthorization(GithubAuthorization.Kind.TOKEN, "ghp_fallback"));
        github.verify(1, anyRequestedFor(anyUrl()));
        assertThat(authorization(credentials, "acme")).isEqualTo(new GithubAuthorization(GithubAuthorization.Kind.APP, "ghs_first"));
    }

    @Test
    void aSuspendedInstallationOrAFailureFailsWithoutGithubsText() {
        github.stubFor(get(urlPathEqualTo("/orgs/paused/installation")).willReturn(okJson("{\"id\": 8, \"suspended_at\": \"2026-01-01T00:00:00Z\"}")));
        GithubCredentials credentials = new GithubCredentials(properties(Map.of()), clock);
        assertThatThrownBy(() -> token(credentials, "paused")).hasMessageContaining("suspended");
        github.stubFor(post(urlPathEqualTo("/app/installations/7/access_tokens"))
                .willReturn(aResponse().withStatus(500).withBody("{\"message\": \"secret internals\"}")));
        assertThatThrownBy(() -> token(credentials, "acme")).isInstanceOf(GithubCredentialsException.class)
                .hasMessageContaining("HTTP 500").hasMessageNotContaining("secret internals");
        github.verify(0, postRequestedFor(urlPathEqualTo("/app/installations/8/access_tokens")));
    }

    @Test
    void anAppNotInstalledForAnOwnerIsNotAskedAgainUntilTheRecheck() {
        github.stubFor(get(urlPathEqualTo("/orgs/beta/installation")).willReturn(notFound()));
        GithubCredentials credentials = new GithubCredentials(properties(Map.of("github[0].token", "ghp_fallback")), clock);
        for (int page = 0; page < 3; page++) {
            assertThat(token(credentials, "beta")).isEqualTo("ghp_fallback");
        }
        github.verify(1, getRequestedFor(urlPathEqualTo("/orgs/beta/installation")));
        now = START.plus(GithubCredentials.NOT_INSTALLED_RECHECK).plusSeconds(1);
        github.stubFor(get(urlPathEqualTo("/orgs/beta/installation")).willReturn(okJson("{\"id\": 7, \"suspended_at\": null}")));
        assertThat(token(credentials, "beta")).as("installed meanwhile, and asked again after the recheck").isEqualTo("ghs_first");
        github.verify(2, getRequestedFor(urlPathEqualTo("/orgs/beta/installation")));
    }

    @Test
    void callersThatNeedATokenAtOnceShareOneMint() {
        github.stubFor(post(urlPathEqualTo("/app/installations/7/access_tokens")).willReturn(okJson(
                "{\"token\": \"ghs_shared\", \"expires_at\": \"" + START.plus(Duration.ofHours(1)) + "\"}").withFixedDelay(400)));
        GithubCredentials credentials = new GithubCredentials(properties(Map.of()), clock);
        List<String> tokens = Flux.range(0, 8)
                .flatMap(caller -> credentials.forOwner(configured.github().get(0), "acme", WebClient.create(), resilience), 8)
                .map(GithubAuthorization::token)
                .collectList().block(Duration.ofSeconds(10));
        assertThat(tokens).hasSize(8).containsOnly("ghs_shared");
        github.verify(1, getRequestedFor(urlPathEqualTo("/orgs/acme/installation")));
        github.verify(1, postRequestedFor(urlPathEqualTo("/app/installations/7/access_tokens")));
    }

    @Test
    void failuresAreWordedAsEveryPeersAre() {
        github.stubFor(post(urlPathEqualTo("/app/installations/7/access_tokens"))
                .willReturn(aResponse().withStatus(503).withBody("{\"message\": \"maintenance by ops@example.com\"}")));
        GithubCredentials credentials = new GithubCredentials(properties(Map.of()), clock);
        assertThatThrownBy(() -> token(credentials, "acme")).isInstanceOf(GithubCredentialsException.class)
                .hasMessage("GitHub App 1 on localhost:" + github.port() + " could not get an installation token for acme: HTTP 503 (after retries)");
        GithubCredentials unreachable = new GithubCredentials(properties(Map.of("github[0].api-base-url", "http://127.0.0.1:1")), clock);
        assertThatThrownBy(() -> token(unreachable, "acme")).isInstanceOf(GithubCredentialsException.class)
                .hasMessage("GitHub App 1 on localhost:" + github.port() + " could not find its installation for acme: no connection (after retries)");
    }

    private String token(GithubCredentials credentials, String owner) {
        return authorization(credentials, owner).token();
    }

    private GithubAuthorization authorization(GithubCredentials credentials, String owner) {
        return credentials.forOwner(configured.github().get(0), owner, WebClient.create(), resilience).block(Duration.ofSeconds(10));
    }

    private static void mint(long installation, String token, Instant expires) {
        github.stubFor(post(urlPathEqualTo("/app/installations/" + installation + "/access_tokens"))
                .willReturn(okJson("{\"token\": \"" + token + "\", \"expires_at\": \"" + expires + "\"}")));
    }

    /** The configuration of the credentials a test made last; its integration is the one asked for. */
    private IntegrationsProperties properties(Map<String, String> more) {
        Map<String, String> keys = new HashMap<>(Map.of("github[0].host", "localhost:" + github.port(),
                "github[0].api-base-url", "http://localhost:" + github.port(),
                "github[0].apps[0].app-id", "1", "github[0].apps[0].private-key", GithubIntegrationPropertiesTests.pem(KEY, false)));
        keys.putAll(more);
        configured = GithubIntegrationPropertiesTests.bind(keys);
        return configured;
    }

    private static KeyPair key() {
        try {
            return GithubIntegrationPropertiesTests.rsa();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
