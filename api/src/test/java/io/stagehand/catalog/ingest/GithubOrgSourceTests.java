package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.stagehand.integrations.IntegrationsProperties;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * The github-org source with a token, against GitHub's GraphQL API faked by WireMock
 * ({@link GithubFixture}): members and teams become the users and groups Backstage's
 * {@code GithubOrgEntityProvider} makes of them, every page of every connection is followed,
 * GitHub's rate limits are waited out, and a GitHub that fails keeps the last good entities and
 * has none of its text repeated.
 */
@ExtendWith(OutputCaptureExtension.class)
class GithubOrgSourceTests extends GithubFixture {

    @Autowired
    IntegrationsProperties integrations;

    @Test
    void membersAndTeamsBecomeWhatBackstagesProviderMakesOfThem() {
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(run.counts().created()).as("3 users and 3 teams").isEqualTo(6);

        admin().document("""
                { entity(ref: "user:alice") { description ... on User { profile { displayName email picture }
                    memberOf { edges { node { ref } } } annotations { key value } } } }""").execute()
                .path("entity.profile.displayName").entity(String.class).isEqualTo("Alice Liddell")
                .path("entity.profile.email").entity(String.class).isEqualTo("alice@example.com")
                .path("entity.profile.picture").entity(String.class).isEqualTo("https://avatars.example.com/alice")
                .path("entity.memberOf.edges[*].node.ref").entityList(String.class)
                .hasSize(2).contains("group:default/engineering", "group:default/platform")
                .path("entity.annotations[?(@.key == 'github.com/user-login')].value").entityList(String.class).containsExactly("alice")
                .path("entity.annotations[?(@.key == 'backstage.io/managed-by-location')].value").entityList(String.class)
                .containsExactly("url:https://localhost:" + github.port() + "/alice");
        admin().document("""
                { entity(ref: "group:platform") { ... on Group { type parentRef profile { displayName }
                    children { edges { node { ref } } } members { edges { node { ref } } } annotations { key value } } } }""").execute()
                .path("entity.type").entity(String.class).isEqualTo("team")
                .path("entity.parentRef").entity(String.class).isEqualTo("group:default/engineering")
                .path("entity.profile.displayName").entity(String.class).isEqualTo("platform team")
                .path("entity.children.edges[*].node.ref").entityList(String.class).containsExactly("group:default/sre")
                .path("entity.members.edges[*].node.ref").entityList(String.class)
                .hasSize(2).contains("user:default/alice", "user:default/bob")
                .path("entity.annotations[?(@.key == 'github.com/team-slug')].value").entityList(String.class).containsExactly("acme/platform")
                .path("entity.annotations[?(@.key == 'backstage.io/edit-url')].value").entityList(String.class)
                .containsExactly("https://github.com/orgs/acme/teams/platform/edit");
        admin().document("{ entity(ref: \"group:engineering\") { description ... on Group { parentRef children { edges { node { ref } } } } } }")
                .execute()
                .path("entity.description").entity(String.class).isEqualTo("Everyone who builds")
                .path("entity.parentRef").valueIsNull()
                .path("entity.children.edges[*].node.ref").entityList(String.class).containsExactly("group:default/platform");
        assertThat(column("SELECT DISTINCT type || ' ' || target_ref FROM relations WHERE source_key = 'user:default/carol' ORDER BY 1"))
                .containsExactly("memberOf group:default/sre");
        assertThat(column("SELECT descriptor->'spec'->'profile'->>'displayName' FROM entities WHERE source = 'acme' AND name = 'bob'"))
                .containsExactly("null");
        // the descriptors themselves as Backstage's transformers and buildOrgHierarchy write them, not only their relations
        assertThat(column("SELECT name || ' ' || (descriptor->'spec'->'children')::text || ' ' || (descriptor->'spec'->'members')::text"
                + " FROM entities WHERE source = 'acme' AND kind = 'Group' ORDER BY name")).containsExactly(
                        "engineering [\"platform\"] [\"alice\"]", "platform [\"sre\"] [\"alice\", \"bob\"]", "sre [] [\"carol\"]");
        assertThat(column("SELECT (descriptor->'spec'->'memberOf')::text FROM entities WHERE source = 'acme' AND name = 'alice'"))
                .containsExactly("[\"engineering\", \"platform\"]");
    }

    @Test
    void everyPageIsFollowedWithTheTokenAndEmailsAreAskedFor() {
        assertThat(refresh("acme").succeeded()).isTrue();
        github.verify(2, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("membersWithRole"))));
        github.verify(1, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"t2\"}}", true, true)));
        github.verify(2, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.variables.teamSlug", equalTo("platform"))));
        github.verify(postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.query", containing("membersWithRole")))
                .withRequestBody(matchingJsonPath("$.variables.email", equalTo("true"))));
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql"))))
                .hasSize(6).allSatisfy(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN));
    }

    @Test
    void rateLimitsAreWaitedOutAsGithubAsks() {
        // far enough ahead that the secondary limit's wait before it leaves a reset still to wait for
        long reset = Instant.now().getEpochSecond() + 3;
        stub(query("membersWithRole").inScenario("secondary").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("calm"), "m2",
                aResponse().withStatus(403).withHeader("Retry-After", "1").withBody("{\"message\": \"" + REMOTE_TEXT + "\"}"));
        stub(query("membersWithRole").inScenario("secondary").whenScenarioStateIs("calm"), "m2", page(false, null, user("carol", "Carol", null)));
        stub(query("teams(").inScenario("primary").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset"), "t2",
                aResponse().withStatus(200).withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\": [{\"type\": \"RATE_LIMITED\", \"message\": \"" + REMOTE_TEXT + "\"}]}"));
        stub(query("teams(").inScenario("primary").whenScenarioStateIs("reset"), "t2",
                page(false, null, team("sre", "platform", null, false, "carol")));
        RunOutcome run = refresh("acme");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(gap("m2")).isGreaterThanOrEqualTo(900);
        assertThat(gap("t2")).isGreaterThanOrEqualTo(900);
    }

    /** The time between the first and the last request for a page. */
    private long gap(String cursor) {
        var times = github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql"))
                .withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"" + cursor + "\"}}", true, true)))
                .stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(2);
        return times.get(1) - times.get(0);
    }

    @Test
    void aFailingGithubFailsTheRunWithItsStatusOnlyAndKeepsTheLastGoodEntities(CapturedOutput output) {
        assertThat(refresh("acme").counts().created()).isEqualTo(6);
        stub(query("teams("), "t2", aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"" + REMOTE_TEXT + "\"}"));
        RunOutcome failed = refresh("acme");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("HTTP 500").contains("after retries").contains("teams").doesNotContain(REMOTE_TEXT);
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'acme'")).containsExactly("6");
        github.verify(3 + 1, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"t2\"}}", true, true)));
        assertThat(output.getAll()).doesNotContain(REMOTE_TEXT);
    }

    @Test
    void graphqlErrorsFailTheRunWithTheirTypesOnly() {
        assertThat(refresh("acme").counts().created()).isEqualTo(6);
        stub(query("membersWithRole"), null, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\": {\"organization\": null}, \"errors\": [{\"type\": \"NOT_FOUND\", \"message\": \"" + REMOTE_TEXT + "\"}]}"));
        RunOutcome failed = refresh("acme");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("members of organisation acme").contains("[NOT_FOUND]").doesNotContain(REMOTE_TEXT);
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'acme'")).containsExactly("6");
    }

    @Test
    void aGithubThatDoesNotAnswerWithinTheRefreshIntervalFailsTheRunAndDeletesNothing() {
        assertThat(refresh("acme-hurried").counts().created()).isEqualTo(6);
        stub(query("teams("), null, okJson(page(false, null, team("sre", null, null, false))).withFixedDelay(2000));
        RunOutcome failed = refresh("acme-hurried");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("not read completely within PT1S");
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'acme-hurried'")).containsExactly("6");
    }

    @Test
    void theTokenShowsNowhere(CapturedOutput output) {
        refresh("acme");
        stub(query("teams("), null, aResponse().withStatus(401));
        refresh("acme");
        assertThat(integrations.toString()).doesNotContain(GITHUB_TOKEN).doesNotContain("PRIVATE KEY");
        String answers = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue(Map.of("query", "{ sources { name type target runs { message } } problems { location message } }")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()
                + column("SELECT message FROM problems") + column("SELECT coalesce(message, '') FROM runs")
                + column("SELECT descriptor::text FROM entities")
                + http.get().uri("/actuator/health").header("Authorization", "Bearer " + TOKEN).exchange()
                        .expectBody(String.class).returnResult().getResponseBody();
        assertThat(answers).contains("github_org").contains("HTTP 401").contains("\"type\":\"github_org\"").doesNotContain(GITHUB_TOKEN);
        assertThat(output.getAll()).doesNotContain(GITHUB_TOKEN);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String text) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(text);
    }
}
