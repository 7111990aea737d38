package io.stagehand.scorecard.facts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.stagehand.http.OutboundGuard;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions;
import io.stagehand.scorecard.definition.HostileContentTests;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/** HTTP fact sources under hostile definitions and annotations (issue 27): the request goes nowhere it should not, and not for long. */
class HostileHttpTests {

    static final WireMockServer peer = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @BeforeAll
    static void start() {
        peer.start();
    }

    @AfterAll
    static void stop() {
        peer.stop();
    }

    @BeforeEach
    void reset() {
        peer.resetAll();
    }

    static HttpFacts facts(List<String> operatorHosts, Duration deadline) {
        return new HttpFacts(WebClient.builder(), HttpFactsTests.SETTINGS, Map.of("CI_TOKEN", "s3cret")::get, CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(), 1024, Clock.fixed(HttpFactsTests.NOW, ZoneOffset.UTC),
                new OutboundGuard(operatorHosts), deadline);
    }

    static FactSource source(String url, List<String> allowedHosts) {
        FactSource plain = HttpFactsTests.source("ci", url, Map.of("Authorization", "Bearer ${CI_TOKEN}"),
                HttpFactsTests.fact("conclusion", "$.lastRun.conclusion", "string"));
        Definitions.Http http = plain.http();
        return new FactSource(plain.name(), plain.type(), plain.appliesTo(), plain.every(), plain.ttl(),
                new Definitions.Http(http.method(), http.url(), http.headers(), allowedHosts), null, plain.facts(), plain.file(), plain.line());
    }

    static StoredFacts collect(HttpFacts facts, FactSource source, String annotation) {
        String entity = "{\"kind\": \"Component\", \"metadata\": {\"name\": \"payments\", \"annotations\": {\"x\": \""
                + annotation.replace("\"", "\\\"") + "\"}}}";
        return facts.collect(source, "component:default/payments", HttpFactsTests.JSON.readTree(entity), null).block(Duration.ofSeconds(30));
    }

    // Row 8

    @Test
    void aTemplateWhoseHostComesFromTheEntityIsRefusedAtLoadAndNothingIsSent() {
        Definitions loaded = HostileContentTests.load("""
                kind: FactSource
                metadata: {name: ci}
                spec:
                  type: http
                  request: {url: "{{annotation 'x'}}/api", headers: {Authorization: "Bearer ${CI_TOKEN}"}}
                  facts: {conclusion: {path: $.lastRun.conclusion}}
                """);
        assertThat(loaded.factSources()).isEmpty();
        assertThat(loaded.problems()).singleElement().extracting(Definitions.Problem::message).asString()
                .contains("spec.request.url", "the scheme, host and port must be written in the URL");

        // the same template built past the loader, and a port the annotation would extend: no request, a fixed problem
        HttpFacts facts = facts(List.of("localhost"), Duration.ofSeconds(10));
        for (String url : List.of("http://{{annotation 'x'}}/api", "http://localhost:" + peer.port() + "{{annotation 'x'}}/api")) {
            StoredFacts stored = collect(facts, source(url, List.of()), "0@localhost:" + peer.port());
            assertThat(stored.problem()).as(url).isEqualTo("The URL of fact source ci is refused: the scheme, host and port must be written"
                    + " in the URL, not come from the entity");
        }
        peer.verify(0, anyRequestedFor(anyUrl()));
    }

    // Rows 1 (HTTP side) and the guard: hosts allowed by configuration, internal addresses refused after DNS

    @Test
    void aHostNoOneAllowedOrOneResolvingInwardsGetsNoRequest() {
        String path = ":" + peer.port() + "/ci";
        // not listed anywhere
        StoredFacts unlisted = collect(facts(List.of(), Duration.ofSeconds(10)), source("http://localhost" + path, List.of()), "x");
        assertThat(unlisted.problem()).isEqualTo("No request for fact source ci: host localhost is not allowed: list it in"
                + " stagehand.scorecards.http.allowed-hosts or the source's spec.request.allowedHosts");
        // listed by the definition only: a loopback address, literally or by a name resolving to it, stays refused
        StoredFacts literal = collect(facts(List.of(), Duration.ofSeconds(10)), source("http://127.0.0.1" + path, List.of("127.0.0.1")), "x");
        assertThat(literal.problem()).isEqualTo("No request for fact source ci: host 127.0.0.1 is an internal address, allowed only by"
                + " stagehand.scorecards.http.allowed-hosts");
        StoredFacts named = collect(facts(List.of(), Duration.ofSeconds(10)), source("http://localhost" + path, List.of("localhost")), "x");
        assertThat(named.problem()).isEqualTo("No request for fact source ci: host localhost resolves to an internal address, allowed only"
                + " by stagehand.scorecards.http.allowed-hosts");
        // a source's own list narrows even an operator's host
        StoredFacts narrowed = collect(facts(List.of("localhost"), Duration.ofSeconds(10)), source("http://localhost" + path,
                List.of("ci.example.com")), "x");
        assertThat(narrowed.problem()).isEqualTo("No request for fact source ci: host localhost is not in the source's"
                + " spec.request.allowedHosts");
        // an operator's entry with a port allows that port only
        StoredFacts otherPort = collect(facts(List.of("localhost:1"), Duration.ofSeconds(10)), source("http://localhost" + path, List.of()), "x");
        assertThat(otherPort.problem()).startsWith("No request for fact source ci: host localhost is not allowed");
        peer.verify(0, anyRequestedFor(anyUrl()));

        // named by the operator, the same host is reached
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"lastRun\": {\"conclusion\": \"success\"}}")));
        for (String entry : List.of("localhost", "localhost:" + peer.port())) {
            StoredFacts allowed = collect(facts(List.of(entry), Duration.ofSeconds(10)), source("http://localhost" + path, List.of()), "x");
            assertThat(allowed.problem()).as(entry).isNull();
            assertThat(allowed.values().path("conclusion").stringValue()).isEqualTo("success");
        }
    }

    @Test
    void aRedirectIsReportedNotFollowedAndNoReplyTextReachesTheProblem() {
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/")));
        peer.stubFor(get(urlPathEqualTo("/text")).willReturn(aResponse().withStatus(200).withBody("secret-internal-banner")));
        HttpFacts facts = facts(List.of("localhost"), Duration.ofSeconds(10));
        String base = "http://localhost:" + peer.port();

        assertThat(collect(facts, source(base + "/ci", List.of()), "x").problem())
                .isEqualTo("HTTP 302 from GET " + base + "/ci for fact source ci: redirects are not followed");
        assertThat(collect(facts, source(base + "/text", List.of()), "x").problem())
                .isEqualTo("The response of " + base + "/text for fact source ci is not valid JSON");
    }

    // Row 7

    @Test
    void aPeerThatDripsItsAnswerIsCutAtTheDeadline() {
        // each byte well within the read timeout (1 s), the whole far past the deadline
        peer.stubFor(get(urlPathEqualTo("/ci")).willReturn(okJson("{\"lastRun\": {\"conclusion\": \"success\", \"pad\": \"" + "x".repeat(40)
                + "\"}}").withChunkedDribbleDelay(60, 30_000)));
        long started = System.nanoTime();
        StoredFacts stored = collect(facts(List.of("localhost"), Duration.ofSeconds(2)), source("http://localhost:" + peer.port() + "/ci",
                List.of()), "x");
        long millis = (System.nanoTime() - started) / 1_000_000;

        // each of the two attempts cut at the deadline, and counted as a timeout by the retries and the breaker
        assertThat(stored.problem()).isEqualTo("No complete answer within the deadline of PT2S (stagehand.scorecards.http.deadline) from GET"
                + " http://localhost:" + peer.port() + "/ci for fact source ci (after 2 attempts)");
        assertThat(millis).isLessThan(15_000);
    }
}
