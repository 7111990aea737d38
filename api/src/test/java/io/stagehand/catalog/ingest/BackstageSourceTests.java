package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.stagehand.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Backstage catalog faked at the wire by WireMock: pagination, incremental mirroring and every failure mode. */
class BackstageSourceTests extends IntegrationTest {

    static final WireMockServer backstage = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final String PATH = "/api/catalog/entities/by-query";

    static {
        backstage.start();
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void source(DynamicPropertyRegistry registry) {
        registry.add("stagehand.sources[0].name", () -> "bs");
        registry.add("stagehand.sources[0].type", () -> "backstage");
        registry.add("stagehand.sources[0].url", () -> "http://localhost:" + backstage.port() + "/");
        registry.add("stagehand.sources[0].token-env", () -> "STAGEHAND_TEST_BACKSTAGE_TOKEN");
        registry.add("stagehand.sources[0].filter", () -> "kind=component,kind=group");
        registry.add("stagehand.sources[0].http.page-size", () -> "2");
        registry.add("stagehand.sources[0].http.read-timeout", () -> "PT0.5S");
        registry.add("stagehand.sources[0].http.max-attempts", () -> "3");
        registry.add("stagehand.sources[0].http.initial-backoff", () -> "PT0.05S");
        registry.add("stagehand.sources[0].http.max-backoff", () -> "PT0.2S");
        registry.add("stagehand.sources[0].http.max-retry-after", () -> "PT3S");
        registry.add("stagehand.sources[0].http.minimum-calls", () -> "3");
        registry.add("stagehand.sources[0].http.open-duration", () -> "PT1M");
        registry.add("stagehand.sources[0].http.requests-per-second", () -> "1000");
    }

    @AfterAll
    static void stop() {
        backstage.stop();
    }

    @BeforeEach
    void reset() {
        backstage.resetAll();
        breakers.circuitBreaker("backstage-bs").reset();
    }

    static String entity(String kind, String name, String etag, String... relations) {
        List<String> rels = new ArrayList<>();
        for (int i = 0; i + 1 < relations.length; i += 2) {
            rels.add("{\"type\": \"" + relations[i] + "\", \"targetRef\": \"" + relations[i + 1] + "\"}");
        }
        return """
                {"apiVersion": "backstage.io/v1alpha1", "kind": "%s",
                 "metadata": {"name": "%s", "namespace": "default", "uid": "uid-%s", "etag": "%s"},
                 "spec": {"type": "service", "lifecycle": "production", "owner": "team-a"},
                 "relations": [%s]}""".formatted(kind, name, name, etag, String.join(", ", rels));
    }

    static String page(String nextCursor, String... items) {
        return "{\"items\": [" + String.join(", ", items) + "], \"totalItems\": 5, \"pageInfo\": "
                + (nextCursor == null ? "{}" : "{\"nextCursor\": \"" + nextCursor + "\"}") + "}";
    }

    private static MappingBuilder firstPage() {
        return get(urlPathEqualTo(PATH)).withQueryParam("cursor", absent());
    }

    private static MappingBuilder pageAt(String cursor) {
        return get(urlPathEqualTo(PATH)).withQueryParam("cursor", equalTo(cursor));
    }

    /** Five components over three pages; c3's etag given. */
    private static void threePages(String c3Etag, boolean withC5) {
        backstage.stubFor(firstPage().willReturn(okJson(page("p2",
                entity("Component", "c1", "e1", "ownedBy", "group:default/team-a", "hasRunbook", "resource:default/runbook-1"),
                entity("Component", "c2", "e2")))));
        backstage.stubFor(pageAt("p2").willReturn(okJson(page("p3", entity("Component", "c3", c3Etag), entity("Component", "c4", "e4")))));
        backstage.stubFor(pageAt("p3").willReturn(okJson(withC5 ? page(null, entity("Component", "c5", "e5")) : page(null))));
    }

    @Test
    void mirrorsEveryPageWithTheTokenTheFilterAndBackstagesRelations() {
        threePages("e3", true);
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.counts().created()).isEqualTo(5);
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(column("SELECT type || ' ' || target_ref FROM relations WHERE source_key = 'component:default/c1' ORDER BY 1"))
                .containsExactly("hasRunbook resource:default/runbook-1", "ownedBy group:default/team-a");
        assertThat(single("SELECT descriptor -> 'metadata' ->> 'uid' FROM entities WHERE name = 'c1'")).isEqualTo("uid-c1");
        // Backstage's uid is the entity's uid here too, so a client holding it finds the same entity
        assertThat(single("SELECT uid FROM entities WHERE name = 'c1'")).isEqualTo("uid-c1");
        graphQl.document("{ entityByUid(uid: \"uid-c1\") { ref } }").execute().path("entityByUid.ref").entity(String.class)
                .isEqualTo("component:default/c1");
        backstage.verify(3, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer test-backstage-token")));
        backstage.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("filter", equalTo("kind=component,kind=group"))
                .withQueryParam("limit", equalTo("2")).withQueryParam("fields", equalTo(BackstageReader.FIELDS)));
    }

    @Test
    void onlyEntitiesWhoseEtagChangedAreRewrittenAndVanishedOnesGo() {
        threePages("e3", true);
        refresh("bs");
        backstage.resetAll();
        threePages("e3-changed", false);
        RunOutcome second = refresh("bs");
        assertThat(second.counts().updated()).isEqualTo(1);
        assertThat(second.counts().created()).isZero();
        assertThat(second.counts().deleted()).isEqualTo(1);
        assertThat(column("SELECT name FROM entities ORDER BY name")).containsExactly("c1", "c2", "c3", "c4");
        assertThat(single("SELECT uid FROM entities WHERE name = 'c3'")).isEqualTo("uid-c3");
    }

    @Test
    void aServerErrorIsRetriedAndTheRunSucceeds() {
        backstage.stubFor(firstPage().inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("recovered"));
        backstage.stubFor(firstPage().inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(page(null, entity("Component", "c1", "e1")))));
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.counts().created()).isEqualTo(1);
        backstage.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterTheDelayItAsksFor() {
        backstage.stubFor(firstPage().inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        backstage.stubFor(firstPage().inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(page(null, entity("Component", "c1", "e1")))));
        assertThat(refresh("bs").succeeded()).isTrue();
        var requests = backstage.getAllServeEvents().stream().map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1) - requests.get(0)).isGreaterThanOrEqualTo(900);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPageThatTimesOutFailsTheRunAfterRetriesAndDeletesNothing() {
        threePages("e3", true);
        refresh("bs");
        backstage.stubFor(pageAt("p2").willReturn(okJson(page(null)).withFixedDelay(2000)));
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("bs").contains("after retries");
        assertThat(column("SELECT name FROM entities")).hasSize(5);
        // one request in the first run, then three attempts
        backstage.verify(4, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("cursor", equalTo("p2")));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndTheMirrorStaysServedAsStale() {
        threePages("e3", true);
        refresh("bs");
        backstage.stubFor(firstPage().willReturn(aResponse().withStatus(503)));
        RunOutcome failed = refresh("bs");
        assertThat(failed.succeeded()).isFalse();
        int requestsWhileFailing = backstage.getAllServeEvents().size();
        RunOutcome rejected = refresh("bs");
        assertThat(rejected.succeeded()).isFalse();
        assertThat(rejected.message()).contains("circuit breaker").contains("last complete mirror is kept");
        assertThat(backstage.getAllServeEvents()).hasSize(requestsWhileFailing);
        assertThat(column("SELECT name FROM entities")).hasSize(5);
        graphQl.document("{ sources { name state stale circuitState lastSuccessAt entityCount } }").execute()
                .path("sources[0].state").entity(String.class).isEqualTo("FAILED")
                .path("sources[0].stale").entity(Boolean.class).isEqualTo(true)
                .path("sources[0].circuitState").entity(String.class).isEqualTo("OPEN")
                .path("sources[0].entityCount").entity(Integer.class).isEqualTo(5)
                .path("sources[0].lastSuccessAt").hasValue();
        http.get().uri("/actuator/health").header("Authorization", "Bearer " + TOKEN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.sources.details.bs.circuitState").isEqualTo("OPEN")
                .jsonPath("$.components.sources.details.bs.stale").isEqualTo(true);
        http.get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .value(body -> assertThat(body).contains("resilience4j_circuitbreaker_state").contains("stagehand_backstage_requests_total"));
    }

    @Test
    void aMalformedPageFailsTheRunWithAProblemAndDeletesNothing() {
        threePages("e3", true);
        refresh("bs");
        backstage.stubFor(pageAt("p3").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\": [")));
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("Page 3").contains("not valid JSON");
        assertThat(column("SELECT name FROM entities")).hasSize(5);
        assertThat(column("SELECT message FROM problems WHERE severity = 'ERROR'")).singleElement()
                .satisfies(m -> assertThat(m).contains("not valid JSON"));
    }

    @Test
    void anInvalidEntityIsAProblemAndTheRestIsMirrored() {
        // a NUL (JSON's \u0000), which PostgreSQL refuses in text and JSON, made the whole run fail
        backstage.stubFor(firstPage().willReturn(okJson(page(null, "{\"kind\": \"Component\", \"metadata\": {\"name\": \"-bad-\"}}",
                "[1, 2]", entity("Component", "good", "e1", "dependsOn", "component:default/a\\u0000b"),
                entity("Component", "nul", "e2").replace("\"owner\": \"team-a\"", "\"owner\": \"team\\u0000a\"")))));
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(column("SELECT name FROM entities")).containsExactly("good");
        assertThat(column("SELECT count(*) FROM relations")).containsExactly("0");
        assertThat(column("SELECT location FROM problems WHERE severity = 'ERROR' ORDER BY location")).satisfiesExactly(
                nul -> assertThat(nul).endsWith("/by-name/component/default/nul"),
                item -> assertThat(item).contains("page 1, item 0"),
                item -> assertThat(item).contains("page 1, item 1"));
        assertThat(column("SELECT message FROM problems WHERE severity = 'WARNING'")).singleElement()
                .satisfies(message -> assertThat(message).contains("Relation skipped", "NUL"));
    }

    @Test
    void aRefusedTokenFailsAtOnceWithAClearMessage() {
        backstage.stubFor(firstPage().willReturn(aResponse().withStatus(401).withBody("{\"error\": {\"name\": \"AuthenticationError\"}}")));
        RunOutcome outcome = refresh("bs");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("refused source bs (HTTP 401)").contains("STAGEHAND_TEST_BACKSTAGE_TOKEN");
        backstage.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aRealisticResponseIsServedWithItsRelationsAndStatus() throws IOException {
        String recorded = new ClassPathResource("backstage/by-query-page.json").getContentAsString(StandardCharsets.UTF_8);
        backstage.stubFor(firstPage().willReturn(okJson(recorded)));
        assertThat(refresh("bs").succeeded()).isTrue();
        graphQl.documentName("backstageEntity").execute()

                .path("entity.source").entity(String.class).isEqualTo("bs")
                .path("entity.annotation").entity(String.class).isEqualTo("url:https://github.com/acme/shop/tree/main/services/checkout/catalog-info.yaml")
                .path("entity.relations[*].type").entityList(String.class)
                .containsExactly("dependsOn", "hasRunbook", "ownedBy", "partOf", "providesApi")
                .path("entity.owner.profile.displayName").entity(String.class).isEqualTo("Checkout")
                .path("entity.problems[0].severity").entity(String.class).isEqualTo("ERROR")
                .path("entity.problems[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("Policy check failed"));
    }
}
