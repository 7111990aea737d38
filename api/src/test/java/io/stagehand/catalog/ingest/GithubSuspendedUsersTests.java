package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.stagehand.catalog.CatalogProperties;
import io.stagehand.integrations.IntegrationsProperties;
import io.stagehand.model.IngestedEntity;
import io.stagehand.model.ReadResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Backstage's {@code excludeSuspendedUsers} against a GitHub Enterprise Server faked by WireMock: with
 * it, the members query asks for {@code suspendedAt} (which only Enterprise Server's schema has) and
 * the members suspended there are left out; without it, the query is github.com's and everyone is read.
 */
class GithubSuspendedUsersTests {

    static final WireMockServer ghes = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @BeforeAll
    static void start() {
        ghes.start();
        String bob = GithubFixture.user("bob", "Bob", null);
        String suspendedBob = bob.substring(0, bob.length() - 1) + ", \"suspendedAt\": \"2026-03-01T09:30:00Z\"}";
        String alice = GithubFixture.user("alice", "Alice", null);
        String activeAlice = alice.substring(0, alice.length() - 1) + ", \"suspendedAt\": null}";
        ghes.stubFor(post(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("membersWithRole")))
                .withRequestBody(matchingJsonPath("$.query", containing("suspendedAt")))
                .willReturn(okJson(GithubFixture.page(false, null, activeAlice, suspendedBob))));
        ghes.stubFor(post(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("membersWithRole")))
                .withRequestBody(matchingJsonPath("$.query", notContaining("suspendedAt")))
                .willReturn(okJson(GithubFixture.page(false, null, alice, bob))));
        ghes.stubFor(post(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("teams(")))
                .willReturn(okJson(GithubFixture.page(false, null, GithubFixture.team("engineering", null, null, false, "alice", "bob")))));
    }

    @AfterAll
    static void stop() {
        ghes.stop();
    }

    static ReadResult read(boolean excludeSuspendedUsers) {
        String host = "localhost:" + ghes.port();
        Map<String, String> keys = new HashMap<>(Map.of("stagehand.demo.enabled", "false",
                "stagehand.sources[0].name", "ghes", "stagehand.sources[0].type", "github-org",
                "stagehand.sources[0].orgUrl", "http://" + host + "/acme",
                "stagehand.sources[0].excludeSuspendedUsers", Boolean.toString(excludeSuspendedUsers),
                "stagehand.integrations.github[0].host", host,
                "stagehand.integrations.github[0].api-base-url", "http://" + host + "/api/v3",
                "stagehand.integrations.github[0].token", "ghp_enterprise_token"));
        Binder binder = new Binder(new MapConfigurationPropertySource(keys));
        CatalogProperties catalog = binder.bindOrCreate("stagehand", CatalogProperties.class);
        IntegrationsProperties integrations = binder.bindOrCreate("stagehand.integrations", IntegrationsProperties.class);
        return TestSources.of(catalog, integrations).all().get(0).read(false).blockLast(Duration.ofSeconds(20));
    }

    @Test
    void membersSuspendedOnTheEnterpriseServerAreLeftOut() {
        ghes.resetRequests();
        ReadResult result = read(true);
        assertThat(result.entities()).extracting(IngestedEntity::ref).extracting(Object::toString)
                .containsExactlyInAnyOrder("user:default/alice", "group:default/engineering");
        ghes.verify(1, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("suspendedAt"))));
    }

    @Test
    void withoutTheOptionTheQueryIsGithubComsAndEveryMemberIsRead() {
        ghes.resetRequests();
        ReadResult result = read(false);
        assertThat(result.entities()).extracting(IngestedEntity::ref).extracting(Object::toString)
                .containsExactlyInAnyOrder("user:default/alice", "user:default/bob", "group:default/engineering");
        ghes.verify(0, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("suspendedAt"))));
    }
}
