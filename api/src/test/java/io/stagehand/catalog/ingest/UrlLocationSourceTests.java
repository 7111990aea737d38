package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagehand.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code url} source whose root file on a GitHub host names further files by relative, repository-root
 * and absolute URLs, one on a GitLab host and one on a host with no integration; GitHub's contents API
 * and GitLab's repository files API are faked by WireMock in the shapes their documentation gives
 * (raw bodies, {@code ETag}s and 304s, rate-limit headers). The hosts the catalog names ({@code
 * ghe.test}, {@code gitlab.test}) are never asked: requests go to the integrations' API base URLs.
 */
class UrlLocationSourceTests extends IntegrationTest {

    static final String GITHUB_TOKEN = "ghp_url_reader_0123456789";
    static final String GITLAB_TOKEN = "glpat-url-reader-0123456789";
    static final String REMOTE_TEXT = "upstream exploded at request 7f3a";
    static final WireMockServer scm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static final Path folder;

    static {
        scm.start();
        elsewhere.start();
        try {
            folder = Files.createTempDirectory("url-locations");
            Files.writeString(folder.resolve("catalog-info.yaml"), """
                    apiVersion: backstage.io/v1alpha1
                    kind: Location
                    metadata: {name: local-root}
                    spec: {type: url, target: https://ghe.test/acme/catalog/blob/main/services/billing.yaml}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String ROOT = "https://ghe.test/acme/catalog/blob/main/catalog-info.yaml";
    static final String GITLAB_FILE = "https://gitlab.test/platform/infra/-/blob/main/catalog-info.yaml";

    @AfterAll
    static void stop() {
        scm.stop();
        elsewhere.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stagehand.integrations.github[0].host", () -> "ghe.test");
        registry.add("stagehand.integrations.github[0].api-base-url", () -> "http://localhost:" + scm.port() + "/api/v3");
        registry.add("stagehand.integrations.github[0].token", () -> GITHUB_TOKEN);
        registry.add("stagehand.integrations.gitlab[0].host", () -> "gitlab.test");
        registry.add("stagehand.integrations.gitlab[0].api-base-url", () -> "http://localhost:" + scm.port() + "/api/v4");
        registry.add("stagehand.integrations.gitlab[0].token", () -> GITLAB_TOKEN);
        registry.add("stagehand.integrations.http.read-timeout", () -> "PT2S");
        registry.add("stagehand.integrations.http.max-attempts", () -> "3");
        registry.add("stagehand.integrations.http.initial-backoff", () -> "PT0.05S");
        registry.add("stagehand.integrations.http.max-backoff", () -> "PT0.1S");
        registry.add("stagehand.integrations.http.max-retry-after", () -> "PT4S");
        registry.add("stagehand.integrations.http.minimum-calls", () -> "100");
        registry.add("stagehand.integrations.http.requests-per-second", () -> "1000");
        registry.add("stagehand.sources[0].name", () -> "scm");
        registry.add("stagehand.sources[0].type", () -> "url");
        registry.add("stagehand.sources[0].target", () -> ROOT);
        registry.add("stagehand.sources[0].refresh", () -> "PT1H");
        registry.add("stagehand.sources[1].name", () -> "local");
        registry.add("stagehand.sources[1].type", () -> "file");
        registry.add("stagehand.sources[1].path", folder::toString);
        registry.add("stagehand.sources[1].refresh", () -> "PT1H");
    }

    @BeforeEach
    void files() {
        scm.resetAll();
        elsewhere.resetAll();
        github("catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: acme-root}
                spec:
                  targets:
                    - ./services/cart.yaml
                    - /teams.yaml
                    - %s
                    - http://127.0.0.1:%d/acme/other/blob/main/catalog-info.yaml
                """.formatted(GITLAB_FILE, elsewhere.port()));
        github("services/cart.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: cart}
                spec: {type: openapi, lifecycle: production, owner: team-a, definition: {$text: ./cart-api.yaml}}
                """);
        github("services/cart-api.yaml", "openapi: 3.0.0\n");
        github("services/billing.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: billing}
                spec: {type: service, lifecycle: production, owner: team-a}
                """);
        github("teams.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: team-a}
                spec: {type: team, children: []}
                """);
        gitlab("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: infra}
                spec: {type: service, lifecycle: production, owner: team-a}
                """);
    }

    /** GitHub's contents API with the raw media type: the body as it is, a weak ETag, and 304 when it matches. */
    static void github(String path, String body) {
        MappingBuilder file = get(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/" + path))
                .withQueryParam("ref", equalTo("main"))
                .withHeader("Accept", equalTo("application/vnd.github.v3.raw"))
                .withHeader("Authorization", equalTo("Bearer " + GITHUB_TOKEN));
        String etag = "W/\"gh-" + Integer.toHexString(body.hashCode()) + "\"";
        scm.stubFor(file.atPriority(5).willReturn(aResponse().withStatus(200).withHeader("ETag", etag)
                .withHeader("x-ratelimit-remaining", "4999").withBody(body)));
        scm.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/" + path)).atPriority(1)
                .withHeader("If-None-Match", equalTo(etag)).withHeader("Authorization", equalTo("Bearer " + GITHUB_TOKEN))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    /** GitLab's repository files API ({@code /projects/:id/repository/files/:file_path/raw}), the project named by its encoded path. */
    static void gitlab(String body) {
        String path = "/api/v4/projects/platform%2Finfra/repository/files/catalog-info.yaml/raw";
        String etag = "W/\"gl-" + Integer.toHexString(body.hashCode()) + "\"";
        scm.stubFor(get(urlPathEqualTo(path)).atPriority(5).withQueryParam("ref", equalTo("main"))
                .withHeader("Authorization", equalTo("Bearer " + GITLAB_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag).withHeader("RateLimit-Remaining", "599").withBody(body)));
        scm.stubFor(get(urlPathEqualTo(path)).atPriority(1).withHeader("If-None-Match", equalTo(etag))
                .withHeader("Authorization", equalTo("Bearer " + GITLAB_TOKEN))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    private List<String> entities() {
        return column("SELECT kind || ':' || name FROM entities WHERE source = 'scm' ORDER BY 1");
    }

    @Test
    void theRootAndEveryLocationItNamesAreReadThroughTheirHostsIntegration() {
        RunOutcome run = refresh("scm");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(entities()).containsExactly("API:cart", "Component:infra", "Group:team-a", "Location:acme-root");
        assertThat(column("SELECT location || ' ' || (descriptor->'metadata'->'annotations'->>'backstage.io/managed-by-origin-location')"
                + " FROM entities WHERE source = 'scm' ORDER BY name")).containsExactly(
                        "url:" + ROOT + " url:" + ROOT,
                        "url:https://ghe.test/acme/catalog/tree/main/services/cart.yaml url:" + ROOT,
                        "url:" + GITLAB_FILE + " url:" + ROOT,
                        "url:https://ghe.test/acme/catalog/tree/main/teams.yaml url:" + ROOT);
        assertThat(column("SELECT descriptor->'spec'->>'definition' FROM entities WHERE name = 'cart'")).containsExactly("openapi: 3.0.0\n");
        assertThat(column("SELECT severity || ' ' || entity_ref || ' ' || message FROM problems WHERE source = 'scm'")).containsExactly(
                "ERROR location:default/acme-root Reading from 'http://127.0.0.1:" + elsewhere.port() + "/acme/other/blob/main/catalog-info.yaml'"
                        + " is not allowed. You may need to configure an integration for the target host (stagehand.integrations)");
        // each token went to its own integration's API only, and the host named without an integration heard nothing
        assertThat(scm.findAll(getRequestedFor(urlPathEqualTo("/api/v4/projects/platform%2Finfra/repository/files/catalog-info.yaml/raw"))))
                .singleElement().satisfies(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + GITLAB_TOKEN));
        assertThat(scm.findAll(getRequestedFor(anyUrl())).stream().filter(request -> request.getUrl().startsWith("/api/v3/")))
                .hasSize(4).allSatisfy(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN));
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aUrlLocationInAFolderSourceIsReadThroughTheIntegrationToo() {
        RunOutcome run = refresh("local");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT kind || ':' || name || ' ' || location FROM entities WHERE source = 'local' ORDER BY name")).containsExactly(
                "Component:billing url:https://ghe.test/acme/catalog/tree/main/services/billing.yaml",
                "Location:local-root file:" + folder.toAbsolutePath().normalize().resolve("catalog-info.yaml"));
        assertThat(column("SELECT message FROM problems WHERE source = 'local' AND severity = 'ERROR'")).isEmpty();
    }

    @Test
    void anUnchangedFileCostsAConditionalRequestAnsweredWith304() {
        assertThat(refresh("scm").succeeded()).isTrue();
        scm.resetRequests();
        RunOutcome again = refresh("scm");
        assertThat(again.succeeded()).as(again.message()).isTrue();
        List<ServeEvent> served = scm.getAllServeEvents();
        assertThat(served).as("root, cart, its definition, teams and the GitLab file, asked once each").hasSize(5);
        assertThat(served).allSatisfy(event -> {
            assertThat(event.getRequest().getHeader("If-None-Match")).startsWith("W/\"g");
            assertThat(event.getResponse().getStatus()).isEqualTo(304);
        });
        assertThat(entities()).containsExactly("API:cart", "Component:infra", "Group:team-a", "Location:acme-root");
        assertThat(column("SELECT descriptor->'spec'->>'definition' FROM entities WHERE name = 'cart'")).containsExactly("openapi: 3.0.0\n");
    }

    @Test
    void aRateLimitIsWaitedOutUntilItsResetAndTheRunGoesOn() {
        long reset = Instant.now().getEpochSecond() + 2;
        scm.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/teams.yaml")).atPriority(0)
                .inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", Long.toString(reset)).withBody("{\"message\": \"" + REMOTE_TEXT + "\"}")));
        long started = System.nanoTime();
        RunOutcome run = refresh("scm");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the reset").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(entities()).contains("Group:team-a");
        assertThat(scm.findAll(getRequestedFor(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/teams.yaml")))).hasSize(2);
        assertThat(column("SELECT message FROM problems WHERE source = 'scm'")).noneMatch(message -> message.contains("teams.yaml"));
    }

    @Test
    void aNestedFileThatVanishesAndAPlaceholderThatFailsKeepWhatTheyGaveBefore() {
        assertThat(refresh("scm").succeeded()).isTrue();
        scm.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/teams.yaml")).atPriority(0).willReturn(aResponse().withStatus(404)));
        scm.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/services/cart-api.yaml")).atPriority(0)
                .willReturn(aResponse().withStatus(503).withBody(REMOTE_TEXT)));
        RunOutcome run = refresh("scm");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(entities()).containsExactly("API:cart", "Component:infra", "Group:team-a", "Location:acme-root");
        assertThat(column("SELECT descriptor->'spec'->>'definition' FROM entities WHERE name = 'cart'")).containsExactly("openapi: 3.0.0\n");
        assertThat(column("SELECT message FROM problems WHERE source = 'scm'")).anySatisfy(message -> assertThat(message)
                .startsWith("Location target https://ghe.test/acme/catalog/tree/main/teams.yaml does not exist"))
                .anySatisfy(message -> assertThat(message).startsWith("Placeholder $text could not read location"))
                .noneMatch(message -> message.contains(REMOTE_TEXT));
    }

    @Test
    void aHostThatFailsKeepsWhatWasReadFromItBefore() {
        assertThat(refresh("scm").succeeded()).isTrue();
        scm.stubFor(get(anyUrl()).atPriority(0).willReturn(aResponse().withStatus(503).withBody(REMOTE_TEXT)));
        RunOutcome failed = refresh("scm");
        assertThat(entities()).containsExactly("API:cart", "Component:infra", "Group:team-a", "Location:acme-root");
        List<String> problems = column("SELECT message FROM problems WHERE source = 'scm'");
        assertThat(problems).contains("Could not read " + ROOT + " from GitHub (ghe.test): HTTP 503 (after retries)");
        assertThat(problems).noneMatch(message -> message.contains(REMOTE_TEXT));
        assertThat(String.valueOf(failed.message())).doesNotContain(REMOTE_TEXT);
        List<LoggedRequest> asked = scm.findAll(getRequestedFor(urlPathEqualTo("/api/v3/repos/acme/catalog/contents/catalog-info.yaml")));
        assertThat(asked).as("the root, retried").hasSizeGreaterThan(2);
    }
}
