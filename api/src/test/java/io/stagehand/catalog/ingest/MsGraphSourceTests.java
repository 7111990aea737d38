package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.stagehand.IntegrationTest;
import io.stagehand.catalog.CatalogProperties;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The msgraph source against Microsoft Graph and its token endpoint faked by WireMock in the shapes
 * Graph documents ({@code value} arrays, {@code @odata.nextLink}, {@code @odata.type} members, 429
 * with {@code Retry-After}): users and nested groups become the entities and relations Backstage's
 * {@code MicrosoftGraphOrgEntityProvider} makes of them, every page is followed, the client secret
 * shows nowhere, and a Graph that fails keeps the last good users and groups.
 */
@ExtendWith(OutputCaptureExtension.class)
class MsGraphSourceTests extends IntegrationTest {

    static final String SECRET = "graph-client-secret-0123456789";
    static final String GRAPH_TOKEN = "graph-access-token-abcdef";
    static final String REMOTE_TEXT = "Insufficient privileges detail from Graph";
    static final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        graph.start();
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void source(DynamicPropertyRegistry registry) {
        String base = "stagehand.sources[0].";
        registry.add(base + "name", () -> "entra");
        registry.add(base + "type", () -> "msgraph");
        registry.add(base + "target", () -> "http://localhost:" + graph.port() + "/v1.0/");
        registry.add(base + "authority", () -> "http://localhost:" + graph.port());
        registry.add(base + "tenantId", () -> "tenant-1");
        registry.add(base + "clientId", () -> "client-1");
        registry.add(base + "clientSecret", () -> SECRET);
        registry.add(base + "user.filter", () -> "accountEnabled eq true");
        registry.add(base + "group.filter", () -> "securityEnabled eq false");
        registry.add(base + "group.select", () -> "id,displayName,mailNickname,securityEnabled,mail,description");
        registry.add(base + "refresh", () -> "PT1H");
        registry.add(base + "http.read-timeout", () -> "PT0.5S");
        registry.add(base + "http.max-attempts", () -> "3");
        registry.add(base + "http.initial-backoff", () -> "PT0.05S");
        registry.add(base + "http.max-backoff", () -> "PT0.1S");
        registry.add(base + "http.max-retry-after", () -> "PT3S");
        registry.add(base + "http.minimum-calls", () -> "100");
        registry.add(base + "http.requests-per-second", () -> "1000");
        String advanced = "stagehand.sources[1].";
        registry.add(advanced + "name", () -> "entra-members");
        registry.add(advanced + "type", () -> "msgraph");
        registry.add(advanced + "target", () -> "http://localhost:" + graph.port() + "/v1.0");
        registry.add(advanced + "authority", () -> "http://localhost:" + graph.port());
        registry.add(advanced + "tenantId", () -> "tenant-1");
        registry.add(advanced + "clientId", () -> "client-1");
        registry.add(advanced + "clientSecret", () -> SECRET);
        registry.add(advanced + "userGroupMember.filter", () -> "displayName eq 'Team-A'");
        registry.add(advanced + "group.search", () -> "\"displayName:team\"");
        registry.add(advanced + "queryMode", () -> "advanced");
        registry.add(advanced + "refresh", () -> "PT1H");
    }

    @AfterAll
    static void stop() {
        graph.stop();
    }

    @BeforeEach
    void directory() {
        graph.resetAll();
        breakers.circuitBreaker("msgraph-entra").reset();
        graph.stubFor(post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
                .withRequestBody(containing("grant_type=client_credentials")).withRequestBody(containing("client_secret=" + SECRET))
                .withRequestBody(containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
                .willReturn(okJson("{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"access_token\": \"" + GRAPH_TOKEN + "\"}")));
        String next = "http://localhost:" + graph.port() + "/v1.0/users?$skiptoken=";
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", absent())
                .withQueryParam("$filter", equalTo("accountEnabled eq true"))
                .willReturn(okJson(page(next + "p2", user("u-alice", "Alice Liddell", "alice@example.com"), user("u-bob", "Bob", "Bob@Example.com")))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo("p2"))
                .willReturn(okJson(page(next + "p3", user("u-carol", "Carol", "carol@example.com"),
                        "{\"id\": \"u-dave\", \"displayName\": \"Dave without mail\", \"mail\": null}"))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo("p3"))
                .willReturn(okJson(page(null, user("u-erin", "Erin", "erin@example.com")))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization/tenant-1"))
                .willReturn(okJson("{\"id\": \"tenant-1\", \"displayName\": \"Acme Corp\"}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$filter", equalTo("securityEnabled eq false"))
                .willReturn(okJson(page(null,
                        group("g-eng", "Engineering", "engineering", false, "Everyone who builds"),
                        group("g-a", "Team A", "Team-A", false, null),
                        group("g-b", "Team B (Readers)", "team-b", true, null)))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups/g-eng/members"))
                .willReturn(okJson(page(null, member("group", "g-a"), member("group", "g-b")))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups/g-a/members")).withQueryParam("$skiptoken", absent())
                .willReturn(okJson(page("http://localhost:" + graph.port() + "/v1.0/groups/g-a/members?$skiptoken=m2",
                        member("user", "u-alice"), member("user", "u-carol")))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups/g-a/members")).withQueryParam("$skiptoken", equalTo("m2"))
                .willReturn(okJson(page(null, member("user", "u-erin")))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups/g-b/members")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups/g-b/members")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson(page(null, member("user", "u-bob")))));
    }

    static String page(String next, String... values) {
        return "{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\", \"value\": [" + String.join(", ", values) + "]"
                + (next == null ? "" : ", \"@odata.nextLink\": \"" + next + "\"") + "}";
    }

    static String user(String id, String displayName, String mail) {
        return "{\"id\": \"%s\", \"displayName\": \"%s\", \"mail\": \"%s\", \"userPrincipalName\": \"%s\"}".formatted(id, displayName, mail, mail);
    }

    static String group(String id, String displayName, String nickname, boolean security, String description) {
        return "{\"id\": \"%s\", \"displayName\": \"%s\", \"mailNickname\": \"%s\", \"securityEnabled\": %s, \"mail\": \"%s@example.com\", \"description\": %s}"
                .formatted(id, displayName, nickname, security, nickname, description == null ? "null" : "\"" + description + "\"");
    }

    static String member(String type, String id) {
        return "{\"@odata.type\": \"#microsoft.graph.%s\", \"id\": \"%s\"}".formatted(type, id);
    }

    @Test
    void usersAndNestedGroupsBecomeWhatBackstagesProviderMakesOfThem() {
        RunOutcome run = refresh("entra");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(run.counts().created()).as("4 users (Dave has no mail), 3 groups and the organization").isEqualTo(8);

        admin().documentName("msGraphUser").execute()
                .path("entity.profile.displayName").entity(String.class).isEqualTo("Alice Liddell")
                .path("entity.profile.email").entity(String.class).isEqualTo("alice@example.com")
                .path("entity.memberOf.edges[*].node.ref").entityList(String.class).containsExactly("group:default/team-a")
                .path("entity.annotations[?(@.key == 'graph.microsoft.com/user-id')].value").entityList(String.class).containsExactly("u-alice")
                .path("entity.annotations[?(@.key == 'microsoft.com/email')].value").entityList(String.class).containsExactly("alice@example.com");
        admin().documentName("msGraphGroup").execute()

                .path("entity.type").entity(String.class).isEqualTo("team")
                .path("entity.parentRef").entity(String.class).isEqualTo("group:default/engineering")
                .path("entity.profile.email").entity(String.class).isEqualTo("Team-A@example.com")
                .path("entity.members.edges[*].node.ref").entityList(String.class)
                .hasSize(3).contains("user:default/alice_example.com", "user:default/carol_example.com", "user:default/erin_example.com");
        admin().document("{ entity(ref: \"group:engineering\") { description ... on Group { parentRef children { edges { node { ref } } } } } }")
                .execute()
                .path("entity.description").entity(String.class).isEqualTo("Everyone who builds")
                .path("entity.parentRef").entity(String.class).isEqualTo("group:default/acme_corp")
                .path("entity.children.edges[*].node.ref").entityList(String.class)
                .hasSize(2).contains("group:default/team-a", "group:default/team_b_readers");
        admin().document("{ entity(ref: \"group:acme_corp\") { description ... on Group { type children { edges { node { ref } } } } } }")
                .execute()
                .path("entity.type").entity(String.class).isEqualTo("root")
                .path("entity.description").entity(String.class).isEqualTo("Acme Corp")
                .path("entity.children.edges[*].node.ref").entityList(String.class).containsExactly("group:default/engineering");
        assertThat(column("SELECT DISTINCT type || ' ' || target_ref FROM relations WHERE source_key = 'user:default/bob_example.com' ORDER BY 1"))
                .containsExactly("memberOf group:default/team_b_readers");
        assertThat(column("SELECT DISTINCT type || ' ' || target_ref FROM relations WHERE source_key = 'group:default/team_b_readers' ORDER BY 1"))
                .containsExactly("childOf group:default/engineering", "hasMember user:default/bob_example.com");
        assertThat(column("SELECT name FROM entities WHERE source = 'entra' AND name LIKE 'dave%'")).isEmpty();
    }

    @Test
    void everyPageIsFollowedWithOneCachedTokenAndTheSelectedFields() {
        assertThat(refresh("entra").succeeded()).isTrue();
        assertThat(refresh("entra").succeeded()).isTrue();
        graph.verify(6, getRequestedFor(urlPathEqualTo("/v1.0/users")).withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN)));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo("p3")));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/groups/g-a/members")).withQueryParam("$skiptoken", equalTo("m2")));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/groups"))
                .withQueryParam("$select", equalTo("id,displayName,mailNickname,securityEnabled,mail,description"))
                .withHeader("ConsistencyLevel", absent()).withQueryParam("$count", absent()));
        // the token lasts an hour: the second run asks for none (and the first none when an earlier test fetched it)
        assertThat(graph.findAll(postRequestedFor(urlPathEqualTo("/tenant-1/oauth2/v2.0/token")))).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterTheDelayItAsksFor() {
        assertThat(refresh("entra").succeeded()).isTrue();
        var requests = graph.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith("/v1.0/groups/g-b/members"))
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1) - requests.get(0)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aFailingGraphFailsTheRunWithItsStatusOnlyAndKeepsTheLastGoodEntities(CapturedOutput output) {
        assertThat(refresh("entra").counts().created()).isEqualTo(8);
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"Authorization_RequestDenied\", \"message\": \"" + REMOTE_TEXT + "\"}}")));
        RunOutcome failed = refresh("entra");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("HTTP 500").contains("after retries").doesNotContain(REMOTE_TEXT).doesNotContain("Authorization_");
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'entra'")).containsExactly("8");
        graph.verify(3 + 1, getRequestedFor(urlPathEqualTo("/v1.0/groups")));
        assertThat(output.getAll()).doesNotContain(REMOTE_TEXT);
    }

    @Test
    void aGraphThatDoesNotAnswerInTimeFailsTheRunAndDeletesNothing() {
        assertThat(refresh("entra").counts().created()).isEqualTo(8);
        graph.stubFor(get(urlPathEqualTo("/v1.0/organization/tenant-1")).willReturn(okJson("{}").withFixedDelay(2000)));
        RunOutcome failed = refresh("entra");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("the organization").contains("no answer within").contains("after retries");
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'entra'")).containsExactly("8");
    }

    @Test
    void theClientSecretAndTokenShowNowhere(CapturedOutput output) {
        refresh("entra");
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(aResponse().withStatus(403)));
        refresh("entra");
        var secret = new CatalogProperties.GraphSecret(SECRET);
        assertThat(secret.toString()).doesNotContain(SECRET);
        String answers = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue(Map.of("query", "{ sources { type target runs { message } } problems { location message } }")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()
                + column("SELECT message FROM problems") + column("SELECT coalesce(message, '') FROM runs")
                + column("SELECT descriptor::text FROM entities");
        assertThat(answers).contains("msgraph").contains("HTTP 403").doesNotContain(SECRET).doesNotContain(GRAPH_TOKEN);
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain(GRAPH_TOKEN);
    }

    @Test
    void advancedQueriesAndUsersFromGroupMembers() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$filter", equalTo("displayName eq 'Team-A'"))
                .willReturn(okJson(page(null, group("g-a", "Team A", "Team-A", false, null)))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$search", equalTo("\"displayName:team\""))
                .willReturn(okJson(page(null, group("g-a", "Team A", "Team-A", false, null)))));
        for (String id : new String[] {"u-alice", "u-carol", "u-erin"}) {
            graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + id)).willReturn(okJson(user(id, id, id.substring(2) + "@example.com"))));
        }
        RunOutcome run = refresh("entra-members");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT name FROM entities WHERE source = 'entra-members' ORDER BY name"))
                .containsExactly("acme_corp", "alice_example.com", "carol_example.com", "erin_example.com", "team-a");
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/groups")).withHeader("ConsistencyLevel", equalTo("eventual"))
                .withQueryParam("$count", equalTo("true")));
        graph.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/users")));
        assertThat(column("SELECT target_ref FROM relations WHERE source_key = 'user:default/carol_example.com' AND type = 'memberOf'"))
                .containsExactly("group:default/team-a");
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowedAndTheRunFails() {
        assertThat(refresh("entra").counts().created()).isEqualTo(8);
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo("p2"))
                .willReturn(okJson(page("http://elsewhere.invalid/v1.0/users?$skiptoken=p3", user("u-carol", "Carol", "carol@example.com")))));
        RunOutcome failed = refresh("entra");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("another host");
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'entra'")).containsExactly("8");
    }
}
