package io.stagehand.scorecard.facts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.http.HttpSettings;
import io.stagehand.http.OutboundGuard;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.Definitions.Fact;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.SourceType;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP fact sources against a peer faked at the wire by WireMock: extraction by type, retries, timeouts, the breaker, templates. */
class HttpFactsTests {

    static final WireMockServer peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant EARLIER = Instant.parse("2026-11-30T10:00:00Z");
    static final String ENTITY = """
            {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
             "metadata": {"name": "payments", "namespace": "default", "annotations": {"github.com/project-slug": "acme/payments"}},
             "spec": {"type": "service"}}""";

    // Short backoffs keep the suite fast; the read timeout leaves room for a busy machine; three failed calls open the breaker.
    static final HttpSettings SETTINGS = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 2,
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(3), 50, 3, Duration.ofMinutes(1), 1000);

    final Map<String, String> settings = new LinkedHashMap<>();
    final HttpFacts facts = new HttpFacts(WebClient.builder(), SETTINGS, settings::get, CircuitBreakerRegistry.ofDefaults(),
            RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(), 1024, Clock.fixed(NOW, ZoneOffset.UTC),
            new OutboundGuard(List.of("localhost")), Duration.ofSeconds(15));

    @BeforeAll
    static void start() {
        peer.start();
        // A cold JVM's first exchange can take longer than the read timeout; warm up so no test sees a spurious retry.
        peer.stubFor(get(urlPathEqualTo("/warm-up")).willReturn(okJson("{}")));
        WebClient.create(url("/warm-up")).get().retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        peer.stop();
    }

    @BeforeEach
    void reset() {
        peer.resetAll();
    }

    static String url(String path) {
        return "http://localhost:" + peer.port() + path;
    }

    static Fact fact(String name, String path, String type) {
        return new Fact(name, JsonPath.parse(path), type, null, List.of(), null);
    }

    static FactSource source(String name, String url, Map<String, String> headers, Fact... facts) {
        Map<String, Fact> byName = new LinkedHashMap<>();
        for (Fact fact : facts) {
            byName.put(fact.name(), fact);
        }
        return new FactSource(name, SourceType.HTTP, AppliesTo.EVERYTHING, Duration.ofHours(1), Duration.ofHours(2),
                new Definitions.Http("GET", url, headers), null, byName, "sources.yaml", 1);
    }

    static FactSource ci(String name) {
        return source(name, url("/ci"), Map.of(), fact("conclusion", "$.lastRun.conclusion", "string"));
    }

    StoredFacts collect(FactSource source, StoredFacts previous) {
        return facts.collect(source, "component:default/payments", JSON.readTree(ENTITY), previous).block(Duration.ofSeconds(20));
    }

    static StoredFacts previous() {
        return new StoredFacts(JSON.readTree("{\"conclusion\": \"success\"}"), EARLIER, null, false);
    }

    static void stubScenario(String path, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        peer.stubFor(get(urlPathEqualTo(path)).inScenario("s").whenScenarioStateIs(Scenario.STARTED).willReturn(first).willSetStateTo("second"));
        peer.stubFor(get(urlPathEqualTo(path)).inScenario("s").whenScenarioStateIs("second").willReturn(then));
    }

    @Test
    void readsEachFactByPathAndDeclaredType() {
        // an entity value is one path segment, its slash encoded (issue 27)
        peer.stubFor(get(urlPathEqualTo("/repos/acme%2Fpayments/status")).willReturn(okJson("""
                {"lastRun": {"conclusion": "success", "finishedAt": "2026-11-30T10:15:30+01:00"},
                 "coverage": 85.5, "openIssues": "12", "protected": true, "archived": "FALSE",
                 "version": 3, "owners": {"team": "payments", "count": 2}}""")));
        FactSource source = source("github", url("/repos/{{annotation 'github.com/project-slug'}}/status"), Map.of(),
                fact("conclusion", "$.lastRun.conclusion", "string"),
                fact("finishedAt", "$.lastRun.finishedAt", "datetime"),
                fact("coverage", "$.coverage", "number"),
                fact("openIssues", "$.openIssues", "number"),
                fact("protected", "$.protected", "boolean"),
                fact("archived", "$.archived", "boolean"),
                fact("version", "$.version", "string"),
                fact("owners", "$.owners", "any"),
                fact("missing", "$.nowhere.at.all", "string"));

        StoredFacts stored = collect(source, previous());

        assertThat(stored.problem()).isNull();
        assertThat(stored.unknown()).isFalse();
        assertThat(stored.observedAt()).isEqualTo(NOW);
        JsonNode values = stored.values();
        assertThat(values.path("conclusion").stringValue()).isEqualTo("success");
        assertThat(values.path("finishedAt").stringValue()).isEqualTo("2026-11-30T09:15:30Z");
        assertThat(values.path("coverage").isNumber()).isTrue();
        assertThat(values.path("coverage").doubleValue()).isEqualTo(85.5);
        assertThat(values.path("openIssues").isNumber()).isTrue();
        assertThat(values.path("openIssues").intValue()).isEqualTo(12);
        assertThat(values.path("protected").isBoolean()).isTrue();
        assertThat(values.path("protected").booleanValue()).isTrue();
        assertThat(values.path("archived").isBoolean()).isTrue();
        assertThat(values.path("archived").booleanValue()).isFalse();
        assertThat(values.path("version").stringValue()).isEqualTo("3");
        assertThat(values.path("owners").path("team").stringValue()).isEqualTo("payments");
        assertThat(values.has("missing")).isTrue();
        assertThat(values.path("missing").isNull()).isTrue();
        peer.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme%2Fpayments/status")));
    }

    @Test
    void aValueOfTheWrongTypeIsAProblemNamingTheFactAndKeepsThePreviousFacts() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"lastRun\": {\"conclusion\": {\"status\": \"ok\"}}, \"at\": \"soon\"}")));
        FactSource source = source("ci", url("/ci"), Map.of(), fact("conclusion", "$.lastRun.conclusion", "string"),
                fact("finishedAt", "$.at", "datetime"));

        StoredFacts stored = collect(source, previous());

        assertThat(stored.problem()).contains("ci", "conclusion at $.lastRun.conclusion is an object, not a string",
                "finishedAt at $.at is a string, not a datetime").doesNotContain("soon");
        assertThat(stored.unknown()).isFalse();
        assertThat(stored.values()).isEqualTo(previous().values());
        assertThat(stored.observedAt()).isEqualTo(EARLIER);
    }

    @Test
    void aServerErrorIsRetriedAndThenSucceeds() {
        stubScenario("/ci", serverError(), okJson("{\"lastRun\": {\"conclusion\": \"failure\"}}"));

        StoredFacts stored = collect(ci("ci"), previous());

        assertThat(stored.problem()).isNull();
        assertThat(stored.values().path("conclusion").stringValue()).isEqualTo("failure");
        assertThat(stored.observedAt()).isEqualTo(NOW);
        peer.verify(2, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void aServerErrorOnEveryAttemptIsAProblemWithTheStatusAndKeepsThePreviousFacts() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(aResponse().withStatus(502)));

        StoredFacts stored = collect(ci("ci"), previous());

        assertThat(stored.problem()).contains("HTTP 502", "fact source ci", url("/ci"), "after 2 attempts");
        assertThat(stored.unknown()).isFalse();
        assertThat(stored.values()).isEqualTo(previous().values());
        assertThat(stored.observedAt()).isEqualTo(EARLIER);
        peer.verify(2, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void aPeerSlowerThanTheReadTimeoutIsAProblem() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"lastRun\": {\"conclusion\": \"success\"}}").withFixedDelay(2500)));

        StoredFacts stored = collect(ci("ci"), null);

        assertThat(stored.problem()).contains("No answer within PT1S", "fact source ci", "after 2 attempts");
        assertThat(stored.values()).isNull();
        assertThat(stored.observedAt()).isNull();
        assertThat(stored.unknown()).isFalse();
        peer.verify(2, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndThenSucceeds() {
        stubScenario("/ci", aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson("{\"lastRun\": {\"conclusion\": \"success\"}}"));

        long started = System.nanoTime();
        StoredFacts stored = collect(ci("ci"), null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stored.problem()).isNull();
        assertThat(stored.values().path("conclusion").stringValue()).isEqualTo("success");
        // The configured backoff is at most 100 ms, so a wait near a second can only be Retry-After's.
        assertThat(took).isGreaterThan(Duration.ofMillis(800));
        peer.verify(2, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void malformedJsonIsAProblemAndKeepsThePreviousFacts() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"lastRun\": {\"conclusion\": ")));

        StoredFacts stored = collect(ci("ci"), previous());

        assertThat(stored.problem()).contains("not valid JSON", "fact source ci", url("/ci"));
        assertThat(stored.unknown()).isFalse();
        assertThat(stored.values()).isEqualTo(previous().values());
        assertThat(stored.observedAt()).isEqualTo(EARLIER);
        peer.verify(1, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void aResponseOverTheSizeLimitIsAProblem() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"padding\": \"" + "x".repeat(4096) + "\"}")));

        StoredFacts stored = collect(ci("ci"), previous());

        assertThat(stored.problem()).contains("larger than 1024 bytes", "fact source ci");
        assertThat(stored.values()).isEqualTo(previous().values());
        peer.verify(1, getRequestedFor(urlPathEqualTo("/ci")));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndThenFailsFastWithoutARequest() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(serverError()));
        FactSource source = ci("flaky");

        StoredFacts stored = null;
        for (int i = 0; i < 5 && (stored == null || !stored.problem().contains("circuit breaker")); i++) {
            stored = collect(source, previous());
        }
        assertThat(stored.problem()).contains("circuit breaker of fact source flaky is open");
        int reached = peer.findAll(getRequestedFor(urlPathEqualTo("/ci"))).size();
        assertThat(reached).isEqualTo(3);

        StoredFacts again = collect(source, previous());

        assertThat(again.problem()).contains("circuit breaker of fact source flaky is open", "no request was made");
        assertThat(again.values()).isEqualTo(previous().values());
        assertThat(again.observedAt()).isEqualTo(EARLIER);
        peer.verify(reached, getRequestedFor(urlPathEqualTo("/ci")));
        // Another source has its own breaker, still closed.
        peer.stubFor(get(urlPathEqualTo("/other")).willReturn(okJson("{\"lastRun\": {\"conclusion\": \"success\"}}")));
        FactSource other = source("other", url("/other"), Map.of(), fact("conclusion", "$.lastRun.conclusion", "string"));
        assertThat(collect(other, null).problem()).isNull();
    }

    @Test
    void aMissingAnnotationIsUnknownAndSendsNothing() {
        FactSource source = source("sonar", url("/measures?component={{annotation 'sonarqube.org/project-key'}}"), Map.of(),
                fact("coverage", "$.coverage", "number"));

        StoredFacts stored = collect(source, previous());

        assertThat(stored.unknown()).isTrue();
        assertThat(stored.problem()).contains("spec.request.url", "annotation sonarqube.org/project-key");
        assertThat(stored.values()).isEqualTo(previous().values());
        assertThat(stored.observedAt()).isEqualTo(EARLIER);
        peer.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aSettingInAHeaderIsRenderedAndSent() {
        settings.put("TOKEN", "s3cret-token");
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"lastRun\": {\"conclusion\": \"success\"}}")));
        FactSource source = source("ci", url("/ci"), Map.of("Authorization", "Bearer ${TOKEN}", "X-Entity", "{{ref}}"),
                fact("conclusion", "$.lastRun.conclusion", "string"));

        StoredFacts stored = collect(source, null);

        assertThat(stored.problem()).isNull();
        peer.verify(1, getRequestedFor(urlPathEqualTo("/ci")).withHeader("Authorization", equalTo("Bearer s3cret-token"))
                .withHeader("X-Entity", equalTo("component:default/payments")));
    }

    @Test
    void aFailureMessageShowsNeitherTheQueryNorTheAuthorizationHeader() {
        settings.put("TOKEN", "s3cret-token");
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(aResponse().withStatus(404)));
        FactSource source = source("ci", url("/ci?api_key=${TOKEN}"), Map.of("Authorization", "Bearer ${TOKEN}"),
                fact("conclusion", "$.lastRun.conclusion", "string"));

        StoredFacts stored = collect(source, null);

        assertThat(stored.problem()).contains("HTTP 404", url("/ci")).doesNotContain("s3cret", "api_key");
        // A 404 will not change on a retry.
        peer.verify(1, getRequestedFor(urlPathEqualTo("/ci")).withQueryParam("api_key", equalTo("s3cret-token")));
    }

    @Test
    void aMissingSettingIsAProblemNotUnknownAndSendsNothing() {
        FactSource source = source("ci", url("/ci"), Map.of("Authorization", "Bearer ${TOKEN}"),
                fact("conclusion", "$.lastRun.conclusion", "string"));

        StoredFacts stored = collect(source, previous());

        assertThat(stored.unknown()).isFalse();
        assertThat(stored.problem()).contains("spec.request.headers.Authorization", "${TOKEN} is not set");
        assertThat(stored.values()).isEqualTo(previous().values());
        peer.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnreachablePeerIsAProblem() {
        FactSource source = source("gone", "http://localhost:1/ci", Map.of(), fact("conclusion", "$.lastRun.conclusion", "string"));

        StoredFacts stored = collect(source, previous());

        assertThat(stored.problem()).contains("Could not reach GET http://localhost:1/ci for fact source gone", "after 2 attempts");
        assertThat(stored.values()).isEqualTo(previous().values());
    }

    @Test
    void shownUrlsDropCredentialsQueryAndFragment() {
        assertThat(HttpFacts.shown("https://user:pw@api.example.com/x/y?token=abc#top")).isEqualTo("https://api.example.com/x/y");
        assertThat(HttpFacts.shown("https://api.example.com/a@b")).isEqualTo("https://api.example.com/a@b");
    }
}
