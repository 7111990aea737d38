package io.stagehand.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/** The URL readers on their own: Backstage's URL forms and resolution, the hosts refused, and the wire behaviour against WireMock. */
class UrlReadersTests {

    static final WireMockServer peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        peer.start();
        elsewhere.start();
    }

    @AfterAll
    static void stop() {
        peer.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void reset() {
        peer.resetAll();
        elsewhere.resetAll();
    }

    private static UrlReaders readers(Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(Map.of("http.max-attempts", "3", "http.initial-backoff", "PT0.05S", "http.max-backoff", "PT0.1S",
                "http.max-retry-after", "PT3S", "http.minimum-calls", "100", "http.requests-per-second", "1000"));
        all.putAll(keys);
        IntegrationsProperties properties = GithubIntegrationPropertiesTests.bind(all);
        return new UrlReaders(properties, new GithubCredentials(properties), CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                RateLimiterRegistry.ofDefaults(), WebClient.builder());
    }

    private static UrlReaders local() {
        String base = "http://localhost:" + peer.port();
        return readers(Map.of("github[0].host", "gh.test", "github[0].api-base-url", base + "/api/v3", "github[0].raw-base-url", base + "/raw",
                "gitlab[0].host", "gl.test", "gitlab[0].api-base-url", base + "/api/v4", "gitlab[0].base-url", "https://gl.test/gitlab",
                "gitlab[0].token", "glpat-secret"));
    }

    @Test
    void fileUrlsAreAcceptedInBackstagesFormsAndOthersAreRefusedWithTheReason() {
        UrlReaders urls = local();
        for (String url : new String[] {"https://gh.test/o/r/blob/main/a/b.yaml", "https://gh.test/o/r/tree/v1.2/b.yaml",
                "https://gh.test/o/r/raw/0123abc/b.yaml", "http://localhost:" + peer.port() + "/raw/o/r/main/b.yaml",
                "https://gl.test/gitlab/group/sub/project/-/blob/main/catalog-info.yaml", "https://gl.test/gitlab/group/project/blob/main/x.yaml"}) {
            assertThat(urls.refusal(url)).as(url).isNull();
        }
        assertThat(urls.refusal("https://gh.test/o/r/issues/1")).isEqualTo("Reading from 'https://gh.test/o/r/issues/1' is not possible: it is"
                + " not a GitHub file URL such as https://gh.test/owner/repo/blob/main/catalog-info.yaml");
        assertThat(urls.refusal("https://gl.test/gitlab/group/project")).contains("not a GitLab file URL");
        assertThat(urls.refusal("https://gh.test/o/r/blob/main/a/%2e%2e/secret")).contains("not a GitHub file URL");
        assertThat(urls.refusal("https://example.com/o/r/blob/main/x.yaml")).isEqualTo("Reading from 'https://example.com/o/r/blob/main/x.yaml'"
                + " is not allowed. You may need to configure an integration for the target host (stagehand.integrations)");
        assertThat(urls.refusal("https://gh.test:8443/o/r/blob/main/x.yaml")).as("a port is part of the host").contains("is not allowed");
        assertThat(readers(Map.of("github[0].host", "bare.test")).refusal("https://bare.test/o/r/blob/main/x.yaml"))
                .endsWith("the GitHub integration of bare.test has neither an apiBaseUrl nor a rawBaseUrl");
        assertThat(urls.refusal("https://user:pw@gh.test/o/r/blob/main/x.yaml")).contains("'https://***@gh.test/o/r/blob/main/x.yaml' carries credentials")
                .doesNotContain("pw");
    }

    @Test
    void githubComAndGitlabComAreReadOnlyWhenAnOperatorWroteTheirIntegration() {
        String github = "https://github.com/backstage/backstage/blob/master/catalog-info.yaml";
        String gitlab = "https://gitlab.com/g/p/-/blob/main/c.yaml";
        UrlReaders assumed = local();
        assertThat(assumed.refusal(github)).as("assumed for github-org sources, not for reading URLs").contains("is not allowed");
        assertThat(assumed.refusal(gitlab)).contains("is not allowed");
        UrlReaders written = readers(Map.of("github[0].host", "github.com", "gitlab[0].host", "gitlab.com"));
        assertThat(written.refusal(github)).isNull();
        assertThat(written.refusal(gitlab)).isNull();
    }

    @Test
    void aFolderIsRefusedBeforeAskingAndAListingTheContentsApiGivesIsNotTakenForAFile() throws Exception {
        UrlReaders urls = local();
        assertThat(urls.refusal("https://gh.test/o/r/tree/main/services/")).contains("names a folder");
        UrlReaders withToken = readers(Map.of("github[0].host", "gh.test", "github[0].api-base-url", "http://localhost:" + peer.port() + "/api/v3",
                "github[0].token", "ghp_listing"));
        peer.stubFor(get(urlEqualTo("/api/v3/repos/o/r/contents/services?ref=main")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("[{\"name\": \"secret.pem\", \"type\": \"file\", \"sha\": \"deadbeef\"}]")));
        assertThatThrownBy(() -> withToken.read("https://gh.test/o/r/blob/main/services", 4096))
                .isInstanceOf(UrlReadException.class)
                .hasMessage("Could not read https://gh.test/o/r/blob/main/services from GitHub (gh.test): it is a folder, not a file");
        peer.stubFor(get(urlEqualTo("/api/v3/repos/o/r/contents/list.json?ref=main")).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.github.raw").withBody("[1, 2]")));
        assertThat(withToken.read("https://gh.test/o/r/blob/main/list.json", 4096)).as("a file that holds an array is still a file")
                .asString(StandardCharsets.UTF_8).isEqualTo("[1, 2]");
    }

    @Test
    void everySpellingOfOneFileHasOneIdentity() {
        UrlReaders urls = local();
        String identity = urls.identity("https://gh.test/o/r/blob/main/a/b.yaml");
        assertThat(identity).isNotNull();
        for (String spelling : new String[] {"https://gh.test/o/r/blob/main/a/b.yaml?1", "https://GH.test/o/r/tree/main/a/b.yaml#x",
                "http://gh.test/o/r/raw/main/a/b.yaml", "https://gh.test/%6F/r/blob/main/a/%62.yaml", "https://gh.test//o//r/blob/main/a//b.yaml",
                "https://gh.test/O/R/blob/main/a/b.yaml", "http://localhost:" + peer.port() + "/raw/o/r/main/a/b.yaml?token=x",
                "HTTP://LOCALHOST:" + peer.port() + "/raw/o/r/main/a/b.yaml"}) {
            assertThat(urls.identity(spelling)).as(spelling).isEqualTo(identity);
        }
        assertThat(urls.identity("https://gh.test/o/r/blob/main/a/B.yaml")).as("paths are case-sensitive").isNotEqualTo(identity);
        assertThat(urls.identity("https://gh.test/o/r/blob/dev/a/b.yaml")).isNotEqualTo(identity);
        assertThat(urls.identity("https://example.com/o/r/blob/main/a/b.yaml")).as("refused").isNull();
    }

    @Test
    void onlyHttpUrlsResultFromResolvingSoNothingFallsBackToLocalFiles() {
        UrlReaders urls = local();
        String base = "https://gh.test/o/r/blob/main/catalog-info.yaml";
        assertThat(urls.resolve("file:/etc/passwd", base)).isNull();
        assertThat(urls.resolve("ftp://gh.test/o/r/blob/main/x.yaml", base)).isNull();
        assertThat(urls.resolve("file:/etc/passwd", "file:/etc/passwd")).isNull();
    }

    @Test
    void rateLimitAnswersAreWaitedOutButNeverOpenTheHostsCircuitBreaker() throws Exception {
        UrlReaders urls = readers(Map.of("github[0].host", "gh.test", "github[0].raw-base-url", "http://localhost:" + peer.port() + "/raw",
                "http.minimum-calls", "2", "http.failure-rate-threshold", "50", "http.max-attempts", "2"));
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/limited.yaml")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> urls.read("https://gh.test/o/r/blob/main/limited.yaml", 1024)).hasMessageContaining("the rate limit (HTTP 429)");
        }
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/fine.yaml")).willReturn(aResponse().withBody("ok")));
        assertThat(urls.read("https://gh.test/o/r/blob/main/fine.yaml", 1024)).as("the breaker stayed closed").asString(StandardCharsets.UTF_8)
                .isEqualTo("ok");
    }

    @Test
    void targetsResolveAgainstTheFileAsBackstagesIntegrationsResolveThem() {
        UrlReaders urls = local();
        String base = "https://gh.test/o/r/blob/main/services/catalog-info.yaml";
        assertThat(urls.resolve("./cart.yaml", base)).isEqualTo("https://gh.test/o/r/tree/main/services/cart.yaml");
        assertThat(urls.resolve("../teams/a.yaml", base)).isEqualTo("https://gh.test/o/r/tree/main/teams/a.yaml");
        assertThat(urls.resolve("/all.yaml", base)).isEqualTo("https://gh.test/o/r/tree/main/all.yaml");
        assertThat(urls.resolve("https://gh.test/x/y/blob/dev/c.yaml", base)).isEqualTo("https://gh.test/x/y/tree/dev/c.yaml");
        String gitlab = "https://gl.test/gitlab/group/project/-/blob/main/dir/catalog-info.yaml?ref_type=heads";
        assertThat(urls.resolve("other.yaml", gitlab)).isEqualTo("https://gl.test/gitlab/group/project/-/blob/main/dir/other.yaml?ref_type=heads");
        assertThat(urls.resolve("/root.yaml", gitlab)).isEqualTo("https://gl.test/gitlab/group/project/-/blob/main/root.yaml?ref_type=heads");
        assertThat(urls.resolve("https://example.com/a.yaml", base)).as("kept, to be refused").isEqualTo("https://example.com/a.yaml");
    }

    @Test
    void withoutCredentialsGithubFilesComeFromTheRawBaseUrlAndGitlabsFromItsApiWithItsToken() throws Exception {
        UrlReaders urls = local();
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/a%20b.yaml")).willReturn(aResponse().withBody("raw")));
        peer.stubFor(get(urlEqualTo("/api/v4/projects/group%2Fsub%2Fproject/repository/files/dir%2Fc.yaml/raw?ref=main"))
                .willReturn(aResponse().withBody("gitlab")));
        assertThat(urls.read("https://gh.test/o/r/blob/main/a%20b.yaml", 1024)).asString(StandardCharsets.UTF_8).isEqualTo("raw");
        assertThat(urls.read("https://gl.test/gitlab/group/sub/project/-/blob/main/dir/c.yaml", 1024)).asString(StandardCharsets.UTF_8)
                .isEqualTo("gitlab");
        assertThat(peer.findAll(getRequestedFor(urlEqualTo("/raw/o/r/main/a%20b.yaml")))).singleElement()
                .satisfies(request -> assertThat(request.containsHeader("Authorization")).isFalse());
        assertThat(peer.findAll(getRequestedFor(anyUrl()).withUrl("/api/v4/projects/group%2Fsub%2Fproject/repository/files/dir%2Fc.yaml/raw?ref=main")))
                .singleElement().satisfies(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer glpat-secret"));
        peer.stubFor(get(urlEqualTo("/api/v4/projects/g%2Fp/repository/files/c.yaml/raw?ref=a%2Bb")).willReturn(aResponse().withBody("plus")));
        assertThat(urls.read("https://gl.test/gitlab/g/p/-/blob/a+b/c.yaml", 1024)).as("a + in a ref stays a +")
                .asString(StandardCharsets.UTF_8).isEqualTo("plus");
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/gone.yaml")).willReturn(aResponse().withStatus(404)));
        assertThat(urls.read("https://gh.test/o/r/blob/main/gone.yaml", 1024)).as("no such file").isNull();
    }

    @Test
    void aRedirectIsNotFollowedSoNothingReachesAnotherHost() {
        UrlReaders urls = local();
        peer.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(302).withHeader("Location", "http://localhost:" + elsewhere.port() + "/steal")));
        assertThatThrownBy(() -> urls.read("https://gl.test/gitlab/g/p/-/blob/main/c.yaml", 1024)).isInstanceOf(UrlReadException.class)
                .hasMessage("Could not read https://gl.test/gitlab/g/p/-/blob/main/c.yaml from GitLab (gl.test): HTTP 302");
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThatThrownBy(() -> urls.read("http://localhost:" + elsewhere.port() + "/o/r/blob/main/c.yaml", 1024)).hasMessageContaining("is not allowed");
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutItsText() {
        UrlReaders urls = local();
        peer.stubFor(get(anyUrl()).willReturn(aResponse().withBody("x".repeat(5000))));
        assertThatThrownBy(() -> urls.read("https://gh.test/o/r/blob/main/big.yaml", 1024))
                .hasMessage("Could not read https://gh.test/o/r/blob/main/big.yaml from GitHub (gh.test): the file is over the limit of 1024 bytes");
    }

    @Test
    void gitlabsRateLimitIsWaitedOutAndASpentWindowPausesTheNextRequest() throws Exception {
        UrlReaders urls = local();
        String path = "/api/v4/projects/g%2Fp/repository/files/c.yaml/raw?ref=main";
        peer.stubFor(get(urlEqualTo(path)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("open")
                .willReturn(aResponse().withStatus(429).withHeader("RateLimit-Remaining", "0")
                        .withHeader("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 1))));
        peer.stubFor(get(urlEqualTo(path)).inScenario("limit").whenScenarioStateIs("open").willReturn(aResponse().withBody("ok")
                // resets come in whole seconds: three ahead leaves more than a second after the first wait, however the clock falls
                .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 3))));
        long started = System.nanoTime();
        assertThat(urls.read("https://gl.test/gitlab/g/p/-/blob/main/c.yaml", 1024)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the reset").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        long second = System.nanoTime();
        assertThat(urls.read("https://gl.test/gitlab/g/p/-/blob/main/c.yaml", 1024)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - second)).as("paused until the spent window reset").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void githubsSecondaryLimitIsWaitedOutAndAnotherForbiddenIsAFailureByStatus() throws Exception {
        UrlReaders urls = local();
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/c.yaml")).inScenario("secondary").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("open")
                .willReturn(aResponse().withStatus(403).withHeader("Retry-After", "1").withBody("You have exceeded a secondary rate limit")));
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/c.yaml")).inScenario("secondary").whenScenarioStateIs("open").willReturn(aResponse().withBody("ok")));
        long started = System.nanoTime();
        assertThat(urls.read("https://gh.test/o/r/blob/main/c.yaml", 1024)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        peer.stubFor(get(urlEqualTo("/raw/o/r/main/private.yaml")).willReturn(aResponse().withStatus(403).withBody("Resource not accessible")));
        assertThatThrownBy(() -> urls.read("https://gh.test/o/r/blob/main/private.yaml", 1024))
                .hasMessage("Could not read https://gh.test/o/r/blob/main/private.yaml from GitHub (gh.test): HTTP 403");
        assertThat(peer.findAll(getRequestedFor(urlEqualTo("/raw/o/r/main/private.yaml")))).as("not retried").hasSize(1);
    }

    @Test
    void gitlabIntegrationsTakeBackstagesKeysAndHideTheirToken() {
        IntegrationsProperties properties = GithubIntegrationPropertiesTests.bind(Map.of("gitlab[0].host", "GitLab.Example.com",
                "gitlab[0].api-base-url", "https://gitlab.example.com/api/v4/", "gitlab[0].token", "glpat-hidden-0123"));
        assertThat(properties.gitlab()).extracting(IntegrationsProperties.GitlabIntegration::host).containsExactly("gitlab.example.com", "gitlab.com");
        var company = properties.gitlabFor("gitlab.example.com").orElseThrow();
        assertThat(company.apiBaseUrl()).isEqualTo("https://gitlab.example.com/api/v4");
        assertThat(company.baseUrl()).isEqualTo("https://gitlab.example.com");
        assertThat(properties.gitlabFor("gitlab.com").orElseThrow().apiBaseUrl()).isEqualTo("https://gitlab.com/api/v4");
        assertThat(properties.toString()).doesNotContain("glpat-hidden-0123");
        var missingApi = GithubIntegrationPropertiesTests.bind(Map.of("gitlab[0].host", "git.example.com")).gitlabFor("git.example.com").orElseThrow();
        assertThat(missingApi.isApiBaseUrlGiven()).isFalse();
    }
}
