package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.stagehand.IntegrationTest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GitHub's GraphQL API faked by WireMock in the shapes GitHub documents ({@code organization.membersWithRole},
 * {@code organization.teams} and {@code team.members} connections with {@code pageInfo} cursors), on two
 * hosts of one server: {@code localhost} with a token and {@code 127.0.0.1} with a GitHub App. The
 * organisation "acme": members alice and bob, then carol on a second page; teams engineering and
 * platform (child of engineering, whose members take two further pages), then sre (child of platform).
 */
abstract class GithubFixture extends IntegrationTest {

    static final String GITHUB_TOKEN = "ghp_token_0123456789abcdef";
    static final String INSTALLATION_TOKEN = "ghs_installation_0123456789";
    static final long APP_ID = 4242;
    static final KeyPair APP_KEY = rsa();
    static final String REMOTE_TEXT = "Something went wrong while executing your query, request id ABCD:1234";
    static final WireMockServer github = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        github.start();
        // not stopped after a test class: the classes sharing this fixture share the server, whose port their context knows
        Runtime.getRuntime().addShutdownHook(new Thread(github::stop));
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void source(DynamicPropertyRegistry registry) {
        registry.add("stagehand.integrations.github[0].host", () -> "localhost:" + github.port());
        registry.add("stagehand.integrations.github[0].api-base-url", () -> "http://localhost:" + github.port() + "/api/v3/");
        registry.add("stagehand.integrations.github[0].token", () -> GITHUB_TOKEN);
        registry.add("stagehand.integrations.github[1].host", () -> "127.0.0.1:" + github.port());
        registry.add("stagehand.integrations.github[1].api-base-url", () -> "http://127.0.0.1:" + github.port() + "/api/v3");
        registry.add("stagehand.integrations.github[1].token", () -> "ghp_unused_fallback_token");
        registry.add("stagehand.integrations.github[1].apps[0].app-id", () -> APP_ID);
        registry.add("stagehand.integrations.github[1].apps[0].private-key", GithubFixture::pkcs1Pem);
        String base = "stagehand.sources[0].";
        registry.add(base + "name", () -> "acme");
        registry.add(base + "type", () -> "github-org");
        registry.add(base + "orgUrl", () -> "http://localhost:" + github.port() + "/acme");
        registry.add(base + "refresh", () -> "PT1H");
        registry.add(base + "http.read-timeout", () -> "PT2S");
        registry.add(base + "http.max-attempts", () -> "3");
        registry.add(base + "http.initial-backoff", () -> "PT0.05S");
        registry.add(base + "http.max-backoff", () -> "PT0.1S");
        registry.add(base + "http.max-retry-after", () -> "PT3S");
        registry.add(base + "http.minimum-calls", () -> "100");
        registry.add(base + "http.requests-per-second", () -> "1000");
        String apps = "stagehand.sources[1].";
        registry.add(apps + "name", () -> "acme-app");
        registry.add(apps + "type", () -> "github-org");
        registry.add(apps + "githubUrl", () -> "http://127.0.0.1:" + github.port());
        registry.add(apps + "orgs[0]", () -> "Acme");
        registry.add(apps + "refresh", () -> "PT1H");
        String hurried = "stagehand.sources[2].";
        registry.add(hurried + "name", () -> "acme-hurried");
        registry.add(hurried + "type", () -> "github-org");
        registry.add(hurried + "orgUrl", () -> "http://localhost:" + github.port() + "/acme");
        registry.add(hurried + "refresh", () -> "PT1S");
        String installed = "stagehand.sources[3].";
        registry.add(installed + "name", () -> "acme-installed");
        registry.add(installed + "type", () -> "github-org");
        registry.add(installed + "githubUrl", () -> "http://127.0.0.1:" + github.port());
        registry.add(installed + "refresh", () -> "PT1H");
    }

    @BeforeEach
    void organisation() {
        github.resetAll();
        breakers.circuitBreaker("github-org-acme").reset();
        stub(query("membersWithRole"), null, page(true, "m2", user("alice", "Alice Liddell", "alice@example.com"), user("bob", null, null)));
        stub(query("membersWithRole"), "m2", page(false, null, user("carol", "Carol", null)));
        stub(query("teams("), null, page(true, "t2",
                team("engineering", null, "Everyone who builds", false, "alice"),
                team("platform", "engineering", null, true, "alice")));
        stub(query("teams("), "t2", page(false, null, team("sre", "platform", null, false, "carol")));
        stub(query("team(slug").withRequestBody(matchingJsonPath("$.variables.teamSlug", equalTo("platform"))), null,
                "{\"data\": {\"organization\": {\"team\": {\"members\": " + connection(true, "p2", "{\"login\": \"alice\"}") + "}}}}");
        stub(query("team(slug").withRequestBody(matchingJsonPath("$.variables.teamSlug", equalTo("platform"))), "p2",
                "{\"data\": {\"organization\": {\"team\": {\"members\": " + connection(false, null, "{\"login\": \"bob\"}") + "}}}}");
    }

    /** A GraphQL request whose query reads {@code field}, authorized by the token or the installation token. */
    static MappingBuilder query(String field) {
        return post(urlPathEqualTo("/api/graphql"))
                .withHeader("Authorization", matching("Bearer (" + GITHUB_TOKEN + "|" + INSTALLATION_TOKEN + ")"))
                .withRequestBody(matchingJsonPath("$.query", com.github.tomakehurst.wiremock.client.WireMock.containing(field)))
                .withRequestBody(matchingJsonPath("$.variables.org", matching("(?i)acme")));
    }

    /** The first page answers requests without a cursor (it has the lower priority); later pages answer their cursor. */
    static void stub(MappingBuilder request, String cursor, String answer) {
        stub(request, cursor, okJson(answer));
    }

    static void stub(MappingBuilder request, String cursor, ResponseDefinitionBuilder answer) {
        if (cursor == null) {
            github.stubFor(request.atPriority(5).willReturn(answer));
        } else {
            github.stubFor(request.atPriority(1).withRequestBody(equalToJson("{\"variables\": {\"cursor\": \"" + cursor + "\"}}", true, true))
                    .willReturn(answer));
        }
    }

    static String page(boolean next, String cursor, String... nodes) {
        boolean teams = nodes.length > 0 && nodes[0].contains("\"slug\"");
        return "{\"data\": {\"organization\": {\"" + (teams ? "teams" : "membersWithRole") + "\": " + connection(next, cursor, nodes) + "}}}";
    }

    static String connection(boolean next, String cursor, String... nodes) {
        return "{\"pageInfo\": {\"hasNextPage\": " + next + ", \"endCursor\": " + (cursor == null ? "null" : "\"" + cursor + "\"")
                + "}, \"nodes\": [" + String.join(", ", nodes) + "]}";
    }

    static String user(String login, String name, String email) {
        return "{\"login\": \"%s\", \"id\": \"MDQ6VXNlcj%s\", \"name\": %s, \"email\": %s, \"bio\": \"\", \"avatarUrl\": \"https://avatars.example.com/%s\"}"
                .formatted(login, login, quoted(name), quoted(email), login);
    }

    static String team(String slug, String parent, String description, boolean moreMembers, String... members) {
        String nodes = String.join(", ", Arrays.stream(members).map(m -> "{\"login\": \"" + m + "\"}").toList());
        return ("{\"slug\": \"%s\", \"combinedSlug\": \"acme/%s\", \"name\": \"%s team\", \"description\": %s, \"avatarUrl\": null,"
                + " \"editTeamUrl\": \"https://github.com/orgs/acme/teams/%s/edit\", \"parentTeam\": %s,"
                + " \"members\": {\"pageInfo\": {\"hasNextPage\": %s}, \"nodes\": [%s]}}")
                .formatted(slug, slug, slug, quoted(description), slug, parent == null ? "null" : "{\"slug\": \"" + parent + "\"}", moreMembers, nodes);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as GitHub hands it out: PKCS#1 PEM, which is PKCS#8's inner key (after its 26-byte header for a 2048-bit key). */
    static String pkcs1Pem() {
        byte[] pkcs8 = APP_KEY.getPrivate().getEncoded();
        if (pkcs8[22] != 0x04 || pkcs8[23] != (byte) 0x82) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }
}
