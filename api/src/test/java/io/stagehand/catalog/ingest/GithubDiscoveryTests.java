package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.stagehand.IntegrationTest;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.IntegrationsProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code github} discovery sources against GitHub faked by WireMock in the shapes its documentation gives:
 * GraphQL's {@code repositoryOwner.repositories} connection with {@code pageInfo} cursors, the contents API with
 * the raw media type ({@code ETag}s, 304s), the git trees API ({@code recursive=1}), rate-limit answers (403 with
 * {@code x-ratelimit-remaining: 0} and {@code x-ratelimit-reset}) and a GitHub App's installation tokens. The
 * organisation "acme" has, on a first page, svc-cart, svc-billing, an archived repository and one with the excluded
 * topic; on a second, a fork, a repository whose catalog file is invalid and one without a catalog file.
 */
class GithubDiscoveryTests extends IntegrationTest {

    static final String TOKEN_GH = "ghp_discovery_0123456789";
    static final WireMockServer github = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        github.start();
    }

    @Autowired
    GithubCredentials credentials;

    @Autowired
    IntegrationsProperties integrations;

    @AfterAll
    static void stop() {
        github.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stagehand.integrations.github[0].host", () -> "localhost:" + github.port());
        registry.add("stagehand.integrations.github[0].api-base-url", () -> "http://localhost:" + github.port() + "/api/v3");
        registry.add("stagehand.integrations.github[0].token", () -> TOKEN_GH);
        registry.add("stagehand.integrations.github[1].host", () -> "127.0.0.1:" + github.port());
        registry.add("stagehand.integrations.github[1].api-base-url", () -> "http://127.0.0.1:" + github.port() + "/api/v3");
        registry.add("stagehand.integrations.github[1].apps[0].app-id", () -> GithubFixture.APP_ID);
        registry.add("stagehand.integrations.github[1].apps[0].private-key", GithubFixture::pkcs1Pem);
        registry.add("stagehand.integrations.http.max-attempts", () -> "2");
        registry.add("stagehand.integrations.http.initial-backoff", () -> "PT0.05S");
        registry.add("stagehand.integrations.http.requests-per-second", () -> "1000");
        source(registry, 0, "acme", "localhost");
        registry.add("stagehand.sources[0].filters.topic.exclude[0]", () -> "experimental");
        source(registry, 1, "acme-glob", "localhost");
        registry.add("stagehand.sources[1].catalog-path", () -> "/**/catalog-info.yaml");
        registry.add("stagehand.sources[1].filters.repository", () -> "svc-(cart|billing)");
        registry.add("stagehand.sources[1].filters.allow-forks", () -> "false");
        source(registry, 2, "acme-app", "127.0.0.1");
        registry.add("stagehand.sources[2].filters.repository", () -> "svc-cart");
    }

    private static void source(DynamicPropertyRegistry registry, int index, String name, String host) {
        String base = "stagehand.sources[" + index + "].";
        registry.add(base + "name", () -> name);
        registry.add(base + "type", () -> "github");
        registry.add(base + "host", () -> host + ":" + github.port());
        registry.add(base + "organization", () -> "acme");
        registry.add(base + "refresh", () -> "PT1H");
        registry.add(base + "http.max-attempts", () -> "3");
        registry.add(base + "http.initial-backoff", () -> "PT0.05S");
        registry.add(base + "http.max-backoff", () -> "PT0.1S");
        registry.add(base + "http.max-retry-after", () -> "PT3S");
        registry.add(base + "http.minimum-calls", () -> "100");
        registry.add(base + "http.requests-per-second", () -> "1000");
    }

    static String component(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: %s}\nspec: {type: service, lifecycle: production, owner: team-a}\n"
                .formatted(name);
    }

    @BeforeEach
    void organisation() {
        github.resetAll();
        listing(page(true, "r2", repo("svc-cart", "main", "c1"), repo("svc-billing", "main", "c2"),
                        archived(repo("old-thing", "main", "c3")), topics(repo("experiment", "main", "c4"), "experimental")),
                page(false, null, fork(repo("svc-fork", "main", "c5")), repo("svc-bad", "main", "c6"), withoutFile(repo("docs", "main", "c7"))));
        file("svc-cart", "main", "catalog-info.yaml", component("cart"));
        file("svc-billing", "main", "catalog-info.yaml", component("billing"));
        file("svc-fork", "main", "catalog-info.yaml", component("fork"));
        file("svc-bad", "main", "catalog-info.yaml", "kind: Component\nmetadata: {name: [unclosed\n");
        file("old-thing", "main", "catalog-info.yaml", component("old"));
        file("experiment", "main", "catalog-info.yaml", component("experiment"));
    }

    // ----- the fake

    /** The listing's pages: the first answers requests without a cursor, later ones their cursor. */
    static void listing(String... pages) {
        for (int i = 0; i < pages.length; i++) {
            MappingBuilder request = graphql();
            if (i == 0) {
                github.stubFor(request.atPriority(5).willReturn(okJson(pages[i])));
            } else {
                github.stubFor(request.atPriority(1).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"r" + (i + 1) + "\"}}", true, true))
                        .willReturn(okJson(pages[i])));
            }
        }
    }

    static MappingBuilder graphql() {
        return post(urlPathEqualTo("/api/graphql")).withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$.query", containing("repositoryOwner")))
                .withRequestBody(matchingJsonPath("$.variables.org", equalTo("acme")));
    }

    static String page(boolean next, String cursor, String... nodes) {
        return "{\"data\": {\"repositoryOwner\": {\"repositories\": {\"pageInfo\": {\"hasNextPage\": " + next + ", \"endCursor\": "
                + (cursor == null ? "null" : "\"" + cursor + "\"") + "}, \"nodes\": [" + String.join(", ", nodes) + "]}}}}";
    }

    /** A repository node; its catalog file's blob id follows its commit, so a new commit is a changed file. */
    static String repo(String name, String branch, String commit) {
        return ("{\"name\": \"%s\", \"isArchived\": false, \"isFork\": false, \"visibility\": \"PRIVATE\", \"repositoryTopics\": {\"nodes\": []},"
                + " \"defaultBranchRef\": {\"name\": \"%s\", \"target\": {\"oid\": \"%s\"}},"
                + " \"catalogInfoFile\": {\"__typename\": \"Blob\", \"oid\": \"%s\"}}").formatted(name, branch, oid(commit), oid("blob-" + commit));
    }

    static String archived(String node) {
        return node.replace("\"isArchived\": false", "\"isArchived\": true");
    }

    static String fork(String node) {
        return node.replace("\"isFork\": false", "\"isFork\": true");
    }

    static String withoutFile(String node) {
        return node.replaceFirst("\"catalogInfoFile\": \\{[^}]*}", "\"catalogInfoFile\": null");
    }

    static String topics(String node, String... topics) {
        return node.replace("\"repositoryTopics\": {\"nodes\": []}", "\"repositoryTopics\": {\"nodes\": ["
                + String.join(", ", Arrays.stream(topics).map(t -> "{\"topic\": {\"name\": \"" + t + "\"}}").toList()) + "]}");
    }

    static String oid(String seed) {
        return HexFormat.of().formatHex(Arrays.copyOf(seed.getBytes(), 20));
    }

    /** The contents API with the raw media type: the body with a weak ETag, and a 304 for a request that has it. */
    static void file(String repository, String ref, String path, String body) {
        String url = "/api/v3/repos/acme/" + repository + "/contents/" + path;
        String etag = "W/\"" + Integer.toHexString(body.hashCode()) + "\"";
        github.stubFor(get(urlPathEqualTo(url)).atPriority(5).withQueryParam("ref", equalTo(ref))
                .withHeader("Accept", equalTo("application/vnd.github.v3.raw"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", etag).withHeader("x-ratelimit-remaining", "4999").withBody(body)));
        github.stubFor(get(urlPathEqualTo(url)).atPriority(1).withQueryParam("ref", equalTo(ref)).withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    static int contentsRequests(String repository) {
        return github.findAll(getRequestedFor(urlPathMatching("/api/v3/repos/acme/" + repository + "/contents/.*"))).size();
    }

    private List<String> entities(String source) {
        return column("SELECT name || ' ' || location || ' ' || (descriptor->'metadata'->'annotations'->>'backstage.io/managed-by-origin-location')"
                + " FROM entities WHERE source = '" + source + "' ORDER BY name");
    }

    private String url(String repository, String path) {
        return "https://localhost:" + github.port() + "/acme/" + repository + "/blob/main/" + path;
    }

    private String located(String name, String repository) {
        return name + " url:" + url(repository, "catalog-info.yaml") + " url:" + url(repository, "catalog-info.yaml");
    }

    // ----- the behaviours

    @Test
    void repositoriesAreFoundAsBackstageFindsThemAndABadFileFailsAlone() {
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        // archived, excluded by topic and without a catalog file: not read; forks are allowed by default, as in Backstage
        assertThat(entities("acme")).containsExactly(located("billing", "svc-billing"), located("cart", "svc-cart"), located("fork", "svc-fork"));
        assertThat(column("SELECT severity || ' ' || location FROM problems WHERE source = 'acme' AND severity = 'ERROR'"))
                .containsExactly("ERROR url:" + url("svc-bad", "catalog-info.yaml"));
        assertThat(contentsRequests("old-thing") + contentsRequests("experiment") + contentsRequests("docs")).isZero();
        // Backstage's location annotations: scorecard git facts find the repository through source-location
        String annotations = "descriptor->'metadata'->'annotations'";
        assertThat(column("SELECT (" + annotations + "->>'backstage.io/source-location') || ' ' || (" + annotations + "->>'backstage.io/edit-url')"
                + " || ' ' || (" + annotations + "->>'backstage.io/view-url') FROM entities WHERE name = 'cart'")).containsExactly(
                        "url:https://localhost:" + github.port() + "/acme/svc-cart/tree/main/ https://localhost:" + github.port()
                                + "/acme/svc-cart/edit/main/catalog-info.yaml " + url("svc-cart", "catalog-info.yaml"));
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql")))).hasSize(2).allSatisfy(request -> {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN_GH);
            assertThat(request.getBodyAsString()).contains("\"catalogPathRef\":\"HEAD:catalog-info.yaml\"");
        });
    }

    @Test
    void anUnchangedRepositoryCostsNoRequestAndAChangedOneItsFileOnly() {
        assertThat(refresh("acme").succeeded()).isTrue();
        github.resetRequests();
        // svc-cart has a new commit and a new file; the others did not move
        github.resetMappings();
        listing(page(true, "r2", repo("svc-cart", "main", "c1-new"), repo("svc-billing", "main", "c2")),
                page(false, null, fork(repo("svc-fork", "main", "c5")), repo("svc-bad", "main", "c6")));
        file("svc-cart", "main", "catalog-info.yaml", component("cart").replace("production", "experimental"));
        file("svc-bad", "main", "catalog-info.yaml", "kind: Component\nmetadata: {name: [unclosed\n");

        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(contentsRequests("svc-cart")).isEqualTo(1);
        assertThat(contentsRequests("svc-billing") + contentsRequests("svc-fork")).isZero();
        // a file that failed is asked again, as it may have been repaired
        assertThat(contentsRequests("svc-bad")).isEqualTo(1);
        assertThat(column("SELECT descriptor->'spec'->>'lifecycle' FROM entities WHERE name = 'cart'")).containsExactly("experimental");
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
    }

    @Test
    void archivedRenamedAndDeletedRepositoriesLeaveAsACompletedRunSaysSo() {
        assertThat(refresh("acme").succeeded()).isTrue();
        github.resetMappings();
        // svc-billing archived, svc-cart renamed to svc-basket (GitHub serves it under the new name)
        listing(page(false, null, repo("svc-basket", "main", "c1"), archived(repo("svc-billing", "main", "c2")), fork(repo("svc-fork", "main", "c5"))));
        file("svc-basket", "main", "catalog-info.yaml", component("cart"));
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(entities("acme")).containsExactly(located("cart", "svc-basket"), located("fork", "svc-fork"));

        github.resetMappings();
        listing(page(false, null, repo("svc-basket", "main", "c1")));
        file("svc-basket", "main", "catalog-info.yaml", component("cart"));
        assertThat(refresh("acme").succeeded()).isTrue();
        assertThat(entities("acme")).containsExactly(located("cart", "svc-basket"));
    }

    @Test
    void anOrganisationThatSuddenlyListsNothingDeletesNothingWithoutConfirmation() {
        assertThat(refresh("acme").succeeded()).isTrue();
        github.resetMappings();
        listing(page(false, null));
        refresh("acme");
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
        assertThat(column("SELECT message FROM problems WHERE source = 'acme' AND severity = 'ERROR'")).singleElement()
                .satisfies(message -> assertThat(message).contains("would delete 3 of the 3 entities"));
    }

    @Test
    void aHostThatIsDownFailsTheRunAndKeepsTheLastGoodCatalog() {
        assertThat(refresh("acme").succeeded()).isTrue();
        github.resetMappings();
        github.stubFor(post(urlPathEqualTo("/api/graphql")).willReturn(aResponse().withStatus(503).withBody("upstream exploded at 7f3a")));
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("acme").doesNotContain("exploded");
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
        assertThat(column("SELECT status FROM runs WHERE source = 'acme' ORDER BY id")).containsExactly("SUCCEEDED", "FAILED");
        // served as every source is: its type, the last good catalog marked stale, its breaker, and its health
        graphQl.document("{ sources { name type target state stale circuitState entityCount } }").execute()
                .path("sources[?(@.name == 'acme')].type").entityList(String.class).containsExactly("github")
                .path("sources[?(@.name == 'acme')].target").entityList(String.class)
                .containsExactly("https://localhost:" + github.port() + "/acme/*/blob/-/catalog-info.yaml")
                .path("sources[?(@.name == 'acme')].state").entityList(String.class).containsExactly("FAILED")
                .path("sources[?(@.name == 'acme')].stale").entityList(Boolean.class).containsExactly(true)
                .path("sources[?(@.name == 'acme')].circuitState").entityList(String.class).hasSize(1)
                .path("sources[?(@.name == 'acme')].entityCount").entityList(Integer.class).containsExactly(3);
        http.get().uri("/actuator/health").header("Authorization", "Bearer " + TOKEN).exchange().expectBody()
                .jsonPath("$.components.sources.details.acme.stale").isEqualTo(true);
    }

    @Test
    void aRateLimitMidRunIsWaitedOutAndTheRunGoesOn() {
        String reset = String.valueOf(Instant.now().getEpochSecond() + 1);
        github.stubFor(graphql().atPriority(1).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"r2\"}}", true, true))
                .inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("waited")
                .willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", reset)
                        .withBody("{\"message\": \"API rate limit exceeded\"}")));
        long started = System.nanoTime();
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
    }

    @Test
    void aBurstOf5xxIsRetriedAndTheRunGoesOn() {
        for (String[] step : new String[][] {{Scenario.STARTED, "one"}, {"one", "two"}}) {
            github.stubFor(graphql().atPriority(1).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"r2\"}}", true, true))
                    .inScenario("burst").whenScenarioStateIs(step[0]).willSetStateTo(step[1]).willReturn(aResponse().withStatus(502)));
        }
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql")))).hasSize(4);
    }

    @Test
    void aRateLimitThatOutlastsTheWaitFailsTheRunAndDeletesNothing() {
        assertThat(refresh("acme").succeeded()).isTrue();
        String reset = String.valueOf(Instant.now().getEpochSecond() + 3600);
        github.stubFor(graphql().atPriority(1).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"r2\"}}", true, true))
                .willReturn(aResponse().withStatus(429).withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", reset)));
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).isFalse();
        assertThat(run.message()).contains("rate limit");
        assertThat(column("SELECT name FROM entities WHERE source = 'acme' ORDER BY name")).containsExactly("billing", "cart", "fork");
    }

    // ----- catalog paths with a glob

    /** The git trees API: every entry of the commit's tree, recursively. */
    static void tree(String repository, String commit, String... blobs) {
        List<String> entries = new ArrayList<>();
        entries.add("{\"path\": \"docs\", \"mode\": \"040000\", \"type\": \"tree\", \"sha\": \"" + oid("docs") + "\"}");
        for (String path : blobs) {
            entries.add("{\"path\": \"" + path + "\", \"mode\": \"100644\", \"type\": \"blob\", \"sha\": \"" + oid(commit + path) + "\", \"size\": 90}");
        }
        github.stubFor(get(urlPathEqualTo("/api/v3/repos/acme/" + repository + "/git/trees/" + oid(commit))).withQueryParam("recursive", equalTo("1"))
                .willReturn(okJson("{\"sha\": \"" + oid(commit) + "\", \"truncated\": false, \"tree\": [" + String.join(", ", entries) + "]}")));
    }

    @Test
    void aGlobReadsEachRepositorysTreeOnlyWhenItsCommitMovedAndFollowsAMovedFile() {
        tree("svc-cart", "c1", "catalog-info.yaml", "services/payments/catalog-info.yaml", "README.md");
        tree("svc-billing", "c2", "docs/catalog-info.yaml");
        file("svc-cart", "main", "services/payments/catalog-info.yaml", component("payments"));
        file("svc-billing", "main", "docs/catalog-info.yaml", component("billing"));
        RunOutcome run = refresh("acme-glob");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        String origin = "url:" + url("svc-cart", "**/catalog-info.yaml");
        assertThat(entities("acme-glob")).containsExactly(
                "billing url:" + url("svc-billing", "docs/catalog-info.yaml") + " url:" + url("svc-billing", "**/catalog-info.yaml"),
                "cart url:" + url("svc-cart", "catalog-info.yaml") + " " + origin,
                "payments url:" + url("svc-cart", "services/payments/catalog-info.yaml") + " " + origin);

        github.resetRequests();
        assertThat(refresh("acme-glob").succeeded()).isTrue();
        assertThat(github.findAll(getRequestedFor(urlPathMatching("/api/v3/repos/.*")))).isEmpty();

        // billing's file moved in a new commit: only that repository's tree and file are asked for
        github.resetMappings();
        listing(page(true, "r2", repo("svc-cart", "main", "c1"), repo("svc-billing", "main", "c2-moved")), page(false, null));
        tree("svc-billing", "c2-moved", "catalog/catalog-info.yaml");
        file("svc-billing", "main", "catalog/catalog-info.yaml", component("billing"));
        github.resetRequests();
        run = refresh("acme-glob");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(github.findAll(getRequestedFor(urlPathMatching("/api/v3/repos/.*"))).stream().map(r -> r.getUrl()).toList())
                .hasSize(2).allMatch(u -> u.contains("svc-billing"));
        assertThat(column("SELECT location FROM entities WHERE name = 'billing'")).containsExactly("url:" + url("svc-billing", "catalog/catalog-info.yaml"));
    }

    @Test
    void aRepositoryWhoseTreeCannotBeReadFailsAloneAndKeepsItsFiles() {
        tree("svc-cart", "c1", "catalog-info.yaml");
        tree("svc-billing", "c2", "catalog-info.yaml");
        assertThat(refresh("acme-glob").succeeded()).isTrue();
        github.resetMappings();
        listing(page(false, null, repo("svc-cart", "main", "c1-new"), repo("svc-billing", "main", "c2")));
        github.stubFor(get(urlPathMatching("/api/v3/repos/acme/svc-cart/git/trees/.*")).willReturn(aResponse().withStatus(500).withBody("boom 7f3a")));
        RunOutcome run = refresh("acme-glob");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT name FROM entities WHERE source = 'acme-glob' ORDER BY name")).containsExactly("billing", "cart");
        assertThat(column("SELECT message FROM problems WHERE source = 'acme-glob' AND severity = 'ERROR'")).singleElement().satisfies(message -> assertThat(message)
                .contains("svc-cart").contains("the files it had are kept").doesNotContain("boom"));
    }

    // ----- a GitHub App

    @Test
    void anInstallationTokenThatExpiresMidRunIsMintedAgain() {
        credentials.forget(integrations.githubFor("127.0.0.1:" + github.port()).orElseThrow(), "acme");
        github.stubFor(get(urlPathEqualTo("/api/v3/orgs/acme/installation")).withHeader("Authorization", matching("Bearer ey[^.]+\\.[^.]+\\.[^.]+"))
                .willReturn(okJson("{\"id\": 77, \"account\": {\"login\": \"acme\", \"type\": \"Organization\"}, \"suspended_at\": null}")));
        // the first token lasts a few seconds (renewed half-way); the second an hour
        mint(Scenario.STARTED, "first", "ghs_first_0123456789", Instant.now().plusSeconds(4));
        mint("first", "second", "ghs_second_0123456789", Instant.now().plusSeconds(3600));
        github.stubFor(graphql().atPriority(0).withHeader("Authorization", equalTo("Bearer ghs_first_0123456789"))
                .withRequestBody(matchingJsonPath("$.variables.cursor", com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(okJson(page(true, "r2", repo("svc-cart", "main", "c1"))).withFixedDelay(2500)));
        github.stubFor(graphql().atPriority(0).withHeader("Authorization", equalTo("Bearer ghs_second_0123456789"))
                .withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"r2\"}}", true, true))
                .willReturn(okJson(page(false, null))));
        RunOutcome run = refresh("acme-app");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        github.verify(2, postRequestedFor(urlPathEqualTo("/api/v3/app/installations/77/access_tokens")));
        assertThat(github.findAll(getRequestedFor(urlPathMatching("/api/v3/repos/acme/svc-cart/contents/.*")))).singleElement()
                .satisfies(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer ghs_second_0123456789"));
        assertThat(column("SELECT name || ' ' || location FROM entities WHERE source = 'acme-app'"))
                .containsExactly("cart url:https://127.0.0.1:" + github.port() + "/acme/svc-cart/blob/main/catalog-info.yaml");
    }

    private static void mint(String state, String next, String token, Instant expires) {
        ResponseDefinitionBuilder answer = okJson("{\"token\": \"" + token + "\", \"expires_at\": \"" + expires + "\"}");
        github.stubFor(post(urlPathEqualTo("/api/v3/app/installations/77/access_tokens")).withHeader("Authorization", matching("Bearer ey.+"))
                .inScenario("mint").whenScenarioStateIs(state).willSetStateTo(next).willReturn(answer));
    }
}
