package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.IntegrationsProperties;
import io.stagehand.integrations.UrlReaders;
import io.stagehand.model.Problem;
import io.stagehand.model.ReadResult;
import io.stagehand.model.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * How a run follows url targets whatever a catalog file makes of them: one read per file however it
 * is spelled, a cap on one Location's targets and on a run's URL reads, a deadline, refusals kept as
 * failed locations, and the network never waited for on the parsing threads. GitHub's raw host is
 * faked by WireMock; the folder naming the targets is real.
 */
class UrlTargetsTests {

    static final WireMockServer raw = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        raw.start();
    }

    @TempDir
    Path root;

    @AfterAll
    static void stop() {
        raw.stop();
    }

    @BeforeEach
    void files() {
        raw.resetAll();
        raw.stubFor(get(urlPathMatching("/raw/o/r/main/c[0-9]*\\.yaml")).willReturn(aResponse()
                .withBody("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: placeholder}\n"
                        + "spec: {type: service, lifecycle: production, owner: team-a}\n")));
        for (int i = 0; i < 4; i++) {
            raw.stubFor(get(urlPathEqualTo("/raw/o/r/main/c" + i + ".yaml")).atPriority(1).willReturn(aResponse().withBody(component("c" + i))));
        }
    }

    private UrlReaders urls() {
        Map<String, String> keys = new HashMap<>(Map.of("github[0].host", "gh.test", "github[0].raw-base-url", "http://localhost:" + raw.port() + "/raw",
                "http.max-attempts", "1", "http.requests-per-second", "1000"));
        Map<String, String> properties = new HashMap<>();
        keys.forEach((key, value) -> properties.put("stagehand.integrations." + key, value));
        IntegrationsProperties integrations = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("stagehand.integrations", IntegrationsProperties.class);
        return new UrlReaders(integrations, new GithubCredentials(integrations), CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                RateLimiterRegistry.ofDefaults(), WebClient.builder());
    }

    private CatalogReader reader(int maxTargets, int maxUrlReads) {
        return new CatalogReader(YamlLimits.DEFAULTS, new ReadRun.Limits(1000, 32, maxTargets), maxUrlReads, 100, urls());
    }

    private static String component(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: " + name
                + "}\nspec: {type: service, lifecycle: production, owner: team-a}\n";
    }

    private ReadResult read(CatalogReader reader, Duration urlTime, String... targets) throws IOException {
        Files.writeString(root.resolve("catalog-info.yaml"), "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: root}\n"
                + "spec:\n  type: url\n  targets:\n" + String.join("", java.util.Arrays.stream(targets).map(t -> "    - '" + t + "'\n").toList()));
        try (FileTree tree = new FileTree(root)) {
            List<ReadResult> parts = new ArrayList<>();
            reader.parts(tree, "catalog-info.yaml", null, urlTime).forEach(parts::add);
            return ReadResult.merge(parts);
        }
    }

    private String rootLocation() throws IOException {
        return new FileTree(root).location("catalog-info.yaml");
    }

    private static List<String> names(ReadResult result) {
        return result.entities().stream().map(e -> e.entity().ref().name()).sorted().toList();
    }

    @Test
    void everySpellingOfOneFileIsReadOnce() throws IOException {
        ReadResult result = read(reader(100, 100), Duration.ofMinutes(1), "https://gh.test/o/r/blob/main/c1.yaml",
                "https://gh.test/o/r/blob/main/c1.yaml?1", "https://GH.TEST/o/r/tree/main/c1.yaml#top", "http://gh.test/o/r/raw/main/c1.yaml",
                "https://gh.test/%6F/r/blob/main/c1.yaml", "https://gh.test//o//r/blob/main/c1.yaml",
                "http://localhost:" + raw.port() + "/raw/o/r/main/c1.yaml?2");
        assertThat(names(result)).containsExactly("c1", "root");
        assertThat(result.problems()).isEmpty();
        assertThat(raw.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void aCycleThroughAnotherSpellingOfAUrlIsReportedAndReadOnce() throws IOException {
        raw.stubFor(get(urlPathEqualTo("/raw/o/r/main/a.yaml")).willReturn(aResponse().withBody("apiVersion: backstage.io/v1alpha1\n"
                + "kind: Location\nmetadata: {name: a}\nspec: {target: ./b.yaml}\n")));
        raw.stubFor(get(urlPathEqualTo("/raw/o/r/main/b.yaml")).willReturn(aResponse().withBody("apiVersion: backstage.io/v1alpha1\n"
                + "kind: Location\nmetadata: {name: b}\nspec: {target: 'https://GH.test/o/r/raw/main/a.yaml?again'}\n")));
        ReadResult result = read(reader(100, 100), Duration.ofMinutes(1), "https://gh.test/o/r/blob/main/a.yaml");
        assertThat(names(result)).containsExactly("a", "b", "root");
        assertThat(result.problems()).extracting(Problem::message).singleElement().asString().startsWith("Location cycle: ")
                .endsWith("-> https://GH.test/o/r/raw/main/a.yaml?again");
        assertThat(raw.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void aLocationWithTooManyTargetsFollowsTheFirstAndKeepsWhatTheRestHeld() throws IOException {
        ReadResult result = read(reader(2, 100), Duration.ofMinutes(1), "https://gh.test/o/r/blob/main/c0.yaml",
                "https://gh.test/o/r/blob/main/c1.yaml", "https://gh.test/o/r/blob/main/c2.yaml");
        assertThat(names(result)).containsExactly("c0", "c1", "root");
        assertThat(result.problems()).extracting(Problem::message).containsExactly("The Location has 3 targets, more than"
                + " stagehand.ingest.max-targets-per-location (2); the first 2 are followed, and what the others held before is kept");
        assertThat(result.failedLocations()).containsExactly(rootLocation());
        assertThat(raw.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void aSpentUrlBudgetFailsOnlyTheTargetsItStopsAndNotTheRun() throws IOException {
        ReadResult result = read(reader(100, 2), Duration.ofMinutes(1), "https://gh.test/o/r/blob/main/c0.yaml",
                "https://gh.test/o/r/blob/main/c1.yaml", "https://gh.test/o/r/blob/main/c2.yaml", "https://gh.test/o/r/blob/main/c3.yaml");
        assertThat(names(result)).containsExactly("c0", "c1", "root");
        assertThat(result.problems()).extracting(Problem::message).containsExactly("Location target https://gh.test/o/r/tree/main/c2.yaml and the"
                + " targets after it were not read: the run has read 2 URLs, as many as stagehand.ingest.max-url-reads-per-run allows;"
                + " what was read before is kept");
        assertThat(result.failedLocations()).containsExactlyInAnyOrder("url:https://gh.test/o/r/tree/main/c2.yaml",
                "url:https://gh.test/o/r/tree/main/c3.yaml");
        assertThat(raw.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void afterTheRunsDeadlineNoUrlIsAskedAndWhatTheTargetsHeldIsKept() throws IOException {
        ReadResult result = read(reader(100, 100), Duration.ZERO, "https://gh.test/o/r/blob/main/c0.yaml");
        assertThat(names(result)).containsExactly("root");
        assertThat(result.failedLocations()).containsExactly("url:https://gh.test/o/r/tree/main/c0.yaml");
        assertThat(result.problems()).extracting(Problem::message).singleElement().asString().contains("the run's time for URL reads");
        assertThat(raw.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aTargetRefusedByTheConfigurationIsAFailedLocationSoWhatItHeldStays() throws IOException {
        ReadResult result = read(reader(100, 100), Duration.ofMinutes(1), "https://elsewhere.test/o/r/blob/main/c0.yaml");
        assertThat(result.problems()).extracting(Problem::message).singleElement().asString().contains("is not allowed");
        assertThat(result.failedLocations()).containsExactly("url:https://elsewhere.test/o/r/blob/main/c0.yaml");
    }

    @Test
    void aCredentialInATargetsQueryIsNeverStoredOrShown() throws IOException {
        ReadResult result = read(reader(100, 100), Duration.ofMinutes(1), "https://gh.test/o/r/blob/main/c0.yaml?private_token=glpat-stolen",
                "https://elsewhere.test/x.yaml?token=ghp-stolen");
        // the Location's own spec holds what its author wrote; nothing Stagehand derives from it does
        assertThat(result.entities()).filteredOn(e -> !e.entity().ref().name().equals("root"))
                .extracting(e -> e.location() + " " + e.descriptorJson()).singleElement().asString().doesNotContain("stolen");
        assertThat(result.entities()).extracting(e -> e.location()).contains("url:https://gh.test/o/r/tree/main/c0.yaml?private_token=***");
        assertThat(result.problems()).isNotEmpty().extracting(Problem::message).noneMatch(message -> message.contains("stolen"));
        assertThat(result.failedLocations()).noneMatch(location -> location.contains("stolen"));
    }

    @Test
    void aUrlPlaceholderInALocalFileIsNeverReadOnAParsingThread() throws IOException {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        raw.stubFor(get(urlPathEqualTo("/raw/o/r/main/api.yaml")).willReturn(aResponse().withBody("openapi: 3.0.0\n")));
        for (int i = 0; i < 3; i++) {
            Files.writeString(root.resolve("api" + i + ".yaml"), "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: api" + i + "}\n"
                    + "spec: {type: openapi, lifecycle: production, owner: team-a, definition: {$text: 'https://gh.test/o/r/blob/main/api.yaml'}}\n");
        }
        FileTree files = new FileTree(root);
        CatalogTree watched = new CatalogTree() {
            @Override
            public List<String> list(String glob) throws IOException {
                return files.list(glob);
            }

            @Override
            public byte[] read(String path, int maxBytes) throws IOException {
                threads.add(Thread.currentThread().getName());
                return files.read(path, maxBytes);
            }

            @Override
            public String location(String path) {
                return files.location(path);
            }
        };
        List<ReadResult> parts = new ArrayList<>();
        reader(100, 100).parts(watched, "api*.yaml", null, Duration.ofMinutes(1)).forEach(parts::add);
        ReadResult result = ReadResult.merge(parts);
        assertThat(names(result)).containsExactly("api0", "api1", "api2");
        assertThat(threads).isNotEmpty().allSatisfy(thread -> assertThat(thread).startsWith("stagehand-fetch-"));
        assertThat(raw.findAll(getRequestedFor(urlPathEqualTo("/raw/o/r/main/api.yaml")))).as("one file, read once in the run").hasSize(1);
    }

    @Test
    void placeholdersSpendTheRunsUrlBudgetAndOneOverItRefusesOnlyItsEntity() throws IOException {
        raw.stubFor(get(urlPathMatching("/raw/o/r/main/api[0-9]\\.yaml")).willReturn(aResponse().withBody("openapi: 3.0.0\n")));
        for (int i = 0; i < 2; i++) {
            Files.writeString(root.resolve("api" + i + ".yaml"), "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: api" + i + "}\n"
                    + "spec: {type: openapi, lifecycle: production, owner: team-a, definition: {$text: 'https://gh.test/o/r/blob/main/api" + i
                    + ".yaml'}}\n");
        }
        List<ReadResult> parts = new ArrayList<>();
        try (FileTree tree = new FileTree(root)) {
            reader(100, 1).parts(tree, "api*.yaml", null, Duration.ofMinutes(1)).forEach(parts::add);
        }
        ReadResult result = ReadResult.merge(parts);
        // the two load at once, so which one the budget serves is not fixed: one is read, the other alone is refused
        assertThat(names(result)).hasSize(1);
        String refused = names(result).get(0).equals("api0") ? "api1" : "api0";
        assertThat(result.rejectedKeys()).containsExactly("api:default/" + refused);
        assertThat(result.problems()).extracting(Problem::message).containsExactly("Placeholder $text could not read location"
                + " https://gh.test/o/r/tree/main/" + refused + ".yaml, the run has read 1 URLs, as many as stagehand.ingest.max-url-reads-per-run allows;"
                + " what was read before is kept");
    }
}
