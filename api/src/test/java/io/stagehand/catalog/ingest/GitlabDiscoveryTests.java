package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagehand.IntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code gitlab} discovery sources against GitLab's REST API faked by WireMock in the shapes its documentation
 * gives: a group's projects with its sub-groups' ({@code GET /groups/:id/projects?include_subgroups=true}) in pages
 * linked by the {@code Link} header, the repository files API ({@code /projects/:id/repository/files/:path/raw},
 * {@code ETag}s and 304s) and rate-limit answers ({@code RateLimit-Remaining}, {@code RateLimit-Reset}). The group
 * "platform" has platform/backend/api and platform/web on a first page; an excluded project, one with an empty
 * repository and one shared into the group from elsewhere on a second.
 */
class GitlabDiscoveryTests extends IntegrationTest {

    static final String TOKEN_GL = "glpat-discovery-0123456789";
    static final WireMockServer gitlab = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        gitlab.start();
        elsewhere.start();
    }

    @AfterAll
    static void stop() {
        gitlab.stop();
        elsewhere.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stagehand.integrations.gitlab[0].host", () -> "gitlab.test");
        registry.add("stagehand.integrations.gitlab[0].api-base-url", () -> "http://localhost:" + gitlab.port() + "/api/v4");
        registry.add("stagehand.integrations.gitlab[0].token", () -> TOKEN_GL);
        registry.add("stagehand.integrations.http.max-attempts", () -> "2");
        registry.add("stagehand.integrations.http.initial-backoff", () -> "PT0.05S");
        registry.add("stagehand.integrations.http.requests-per-second", () -> "1000");
        source(registry, 0, "platform");
        registry.add("stagehand.sources[0].exclude-repos[0]", () -> "platform/legacy");
        registry.add("stagehand.sources[0].fallback-branch", () -> "develop");
        source(registry, 1, "platform-own");
        registry.add("stagehand.sources[1].skip-forked-repos", () -> "true");
        registry.add("stagehand.sources[1].project-pattern", () -> "backend");
    }

    private static void source(DynamicPropertyRegistry registry, int index, String name) {
        String base = "stagehand.sources[" + index + "].";
        registry.add(base + "name", () -> name);
        registry.add(base + "type", () -> "gitlab");
        registry.add(base + "host", () -> "gitlab.test");
        registry.add(base + "group", () -> "platform");
        registry.add(base + "refresh", () -> "PT1H");
        registry.add(base + "http.max-attempts", () -> "3");
        registry.add(base + "http.initial-backoff", () -> "PT0.05S");
        registry.add(base + "http.max-backoff", () -> "PT0.1S");
        registry.add(base + "http.max-retry-after", () -> "PT3S");
        registry.add(base + "http.minimum-calls", () -> "100");
        registry.add(base + "http.requests-per-second", () -> "1000");
    }

    @BeforeEach
    void group() {
        gitlab.resetAll();
        elsewhere.resetAll();
        pages(List.of(project("platform/backend/api", "main", false), fork(project("platform/web", "trunk", false))),
                List.of(project("platform/legacy", "main", false), project("platform/empty", null, false), project("shared/other", "main", false)));
        file("platform/backend/api", "main", GithubDiscoveryTests.component("api"));
        file("platform/web", "trunk", GithubDiscoveryTests.component("web"));
        file("platform/legacy", "main", GithubDiscoveryTests.component("legacy"));
        file("shared/other", "main", GithubDiscoveryTests.component("other"));
        gitlab.stubFor(get(urlPathEqualTo(filePath("platform/empty"))).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\": \"404 File Not Found\"}")));
    }

    static String project(String path, String defaultBranch, boolean archived) {
        return ("{\"id\": %d, \"path_with_namespace\": \"%s\", \"web_url\": \"https://gitlab.test/%s\", \"default_branch\": %s,"
                + " \"archived\": %s, \"last_activity_at\": \"2026-01-01T00:00:00Z\"}").formatted(Math.abs(path.hashCode()), path, path,
                        defaultBranch == null ? "null" : "\"" + defaultBranch + "\"", archived);
    }

    static String fork(String project) {
        return project.replace("\"archived\"", "\"forked_from_project\": {\"id\": 1, \"path_with_namespace\": \"upstream/web\"}, \"archived\"");
    }

    static MappingBuilder listing() {
        return get(urlPathEqualTo("/api/v4/groups/platform/projects")).withQueryParam("include_subgroups", equalTo("true"))
                .withQueryParam("archived", equalTo("false")).withHeader("Authorization", equalTo("Bearer " + TOKEN_GL));
    }

    /** Two pages, the first naming the second in its {@code Link} header as GitLab's offset pagination does. */
    static void pages(List<String> first, List<String> second) {
        String next = "http://localhost:" + gitlab.port()
                + "/api/v4/groups/platform/projects?archived=false&include_subgroups=true&order_by=id&page=2&per_page=100&sort=asc";
        gitlab.stubFor(listing().atPriority(5).willReturn(okJson("[" + String.join(", ", first) + "]")
                .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next.replace("page=2", "page=1") + ">; rel=\"first\"")
                .withHeader("RateLimit-Remaining", "599")));
        gitlab.stubFor(listing().atPriority(1).withQueryParam("page", equalTo("2")).willReturn(okJson("[" + String.join(", ", second) + "]")));
    }

    static String filePath(String project) {
        return "/api/v4/projects/" + project.replace("/", "%2F") + "/repository/files/catalog-info.yaml/raw";
    }

    static void file(String project, String ref, String body) {
        String etag = "W/\"gl-" + Integer.toHexString(body.hashCode()) + "\"";
        gitlab.stubFor(get(urlPathEqualTo(filePath(project))).atPriority(5).withQueryParam("ref", equalTo(ref))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN_GL))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag).withBody(body)));
        gitlab.stubFor(get(urlPathEqualTo(filePath(project))).atPriority(1).withQueryParam("ref", equalTo(ref))
                .withHeader("If-None-Match", equalTo(etag)).willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    private List<String> entities(String source) {
        return column("SELECT name || ' ' || location FROM entities WHERE source = '" + source + "' ORDER BY name");
    }

    @Test
    void theGroupsProjectsAreFoundAsBackstageFindsThem() {
        RunOutcome run = refresh("platform");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        // the excluded project and the one shared into the group from elsewhere are not read; forks are, unless skipped
        assertThat(entities("platform")).containsExactly(
                "api url:https://gitlab.test/platform/backend/api/-/blob/main/catalog-info.yaml",
                "web url:https://gitlab.test/platform/web/-/blob/trunk/catalog-info.yaml");
        assertThat(column("SELECT message FROM problems WHERE source = 'platform' AND severity = 'ERROR'")).isEmpty();
        // a project without a default branch is read at fallbackBranch, and its missing file is no problem (Backstage's optional Location)
        assertThat(gitlab.findAll(getRequestedFor(urlPathEqualTo(filePath("platform/empty"))))).singleElement()
                .satisfies(request -> assertThat(request.queryParameter("ref").firstValue()).isEqualTo("develop"));
        assertThat(gitlab.findAll(getRequestedFor(urlPathEqualTo(filePath("platform/legacy"))))).isEmpty();
        assertThat(gitlab.findAll(getRequestedFor(urlPathEqualTo(filePath("shared/other"))))).isEmpty();
        assertThat(column("SELECT descriptor->'metadata'->'annotations'->>'backstage.io/source-location' FROM entities WHERE name = 'api'"))
                .containsExactly("url:https://gitlab.test/platform/backend/api/-/blob/main/");
    }

    @Test
    void skipForkedReposAsksForWholeProjectsAndLeavesForksOut() {
        RunOutcome run = refresh("platform-own");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(entities("platform-own")).containsExactly("api url:https://gitlab.test/platform/backend/api/-/blob/main/catalog-info.yaml");
        // simple=true would leave forked_from_project out of the answer
        assertThat(gitlab.findAll(getRequestedFor(urlPathEqualTo("/api/v4/groups/platform/projects")).withQueryParam("simple", absent())))
                .isNotEmpty();
    }

    @Test
    void eachProjectCostsOneConditionalRequestOnARefresh() {
        assertThat(refresh("platform").succeeded()).isTrue();
        gitlab.resetRequests();
        RunOutcome run = refresh("platform");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        for (String project : List.of("platform/backend/api", "platform/web")) {
            List<LoggedRequest> requests = gitlab.findAll(getRequestedFor(urlPathEqualTo(filePath(project))));
            assertThat(requests).singleElement().satisfies(request -> assertThat(request.getHeader("If-None-Match")).startsWith("W/\"gl-"));
        }
        assertThat(entities("platform")).hasSize(2);
    }

    @Test
    void aNextPageOnAnotherHostIsNotFollowedAndNothingIsDeleted() {
        assertThat(refresh("platform").succeeded()).isTrue();
        gitlab.stubFor(listing().atPriority(0).willReturn(okJson("[]")
                .withHeader("Link", "<http://localhost:" + elsewhere.port() + "/api/v4/groups/platform/projects?page=2>; rel=\"next\"")));
        RunOutcome run = refresh("platform");
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("not under its apiBaseUrl");
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(entities("platform")).hasSize(2);
    }

    @Test
    void aRateLimitIsWaitedOutAndAHostThatIsDownKeepsTheLastGoodCatalog() {
        gitlab.stubFor(listing().atPriority(0).withQueryParam("page", equalTo("2")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("waited").willReturn(aResponse().withStatus(429).withHeader("RateLimit-Remaining", "0")
                        .withHeader("RateLimit-Reset", String.valueOf(Instant.now().getEpochSecond() + 1))));
        RunOutcome run = refresh("platform");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(entities("platform")).hasSize(2);

        gitlab.stubFor(listing().atPriority(0).willReturn(aResponse().withStatus(502).withBody("gateway exploded at 7f3a")));
        run = refresh("platform");
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("HTTP 502").doesNotContain("exploded");
        assertThat(entities("platform")).hasSize(2);
    }
}
