package io.stagehand.catalog.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.stagehand.integrations.GithubCredentials;
import io.stagehand.integrations.IntegrationsProperties;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * The github-org source through a GitHub App, as Backstage's {@code githubOrg} provider reads
 * {@code githubUrl} and {@code orgs}: the app's JWT (RS256, issued by the app id) finds the
 * organisation's installation and mints its token, which is used for every GraphQL request and
 * kept across runs; teams are in the organisation's namespace with members of the default one.
 */
@ExtendWith(OutputCaptureExtension.class)
class GithubAppSourceTests extends GithubFixture {

    @Autowired
    GithubCredentials credentials;

    @Autowired
    IntegrationsProperties integrations;

    @BeforeEach
    void app() {
        credentials.forget(integrations.githubFor("127.0.0.1:" + github.port()).orElseThrow(), "Acme");
        github.stubFor(get(urlPathEqualTo("/api/v3/orgs/Acme/installation")).withHeader("Authorization", matching("Bearer ey[^.]+\\.[^.]+\\.[^.]+"))
                .willReturn(okJson("{\"id\": 77, \"account\": {\"login\": \"acme\", \"type\": \"Organization\"}, \"suspended_at\": null}")));
        github.stubFor(post(urlPathEqualTo("/api/v3/app/installations/77/access_tokens")).withHeader("Authorization", matching("Bearer ey.+"))
                .willReturn(okJson("{\"token\": \"" + INSTALLATION_TOKEN + "\", \"expires_at\": \"" + Instant.now().plusSeconds(3600) + "\"}")));
    }

    @Test
    void theAppsInstallationTokenIsMintedOnceAndUsedForEveryRequest() throws Exception {
        RunOutcome first = refresh("acme-app");
        assertThat(first.succeeded()).as(first.message()).isTrue();
        assertThat(refresh("acme-app").succeeded()).isTrue();

        github.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/orgs/Acme/installation")));
        github.verify(1, postRequestedFor(urlPathEqualTo("/api/v3/app/installations/77/access_tokens")));
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql"))))
                .hasSize(12).allSatisfy(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + INSTALLATION_TOKEN));
        // an installation token may not read e-mail addresses, so they are not asked for
        github.verify(2 * 2, postRequestedFor(urlPathEqualTo("/api/graphql")).withRequestBody(matchingJsonPath("$.variables.email", equalTo("false"))));

        String jwt = github.findAll(postRequestedFor(urlPathEqualTo("/api/v3/app/installations/77/access_tokens"))).get(0)
                .getHeader("Authorization").substring("Bearer ".length());
        SignedJWT signed = SignedJWT.parse(jwt);
        assertThat(signed.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(signed.verify(new RSASSAVerifier((RSAPublicKey) APP_KEY.getPublic()))).isTrue();
        assertThat(signed.getJWTClaimsSet().getIssuer()).isEqualTo(Long.toString(APP_ID));
        assertThat(signed.getJWTClaimsSet().getExpirationTime().toInstant()).isBefore(Instant.now().plusSeconds(601));
    }

    @Test
    void teamsAreInTheOrganisationsNamespaceAndUsersInTheDefaultOne() {
        RunOutcome run = refresh("acme-app");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT lower(kind) || ':' || namespace || '/' || name FROM entities WHERE source = 'acme-app' ORDER BY 1")).containsExactly(
                "group:acme/engineering", "group:acme/platform", "group:acme/sre", "user:default/alice", "user:default/bob", "user:default/carol");
        assertThat(column("SELECT DISTINCT type || ' ' || target_ref FROM relations WHERE source_key = 'user:default/alice' ORDER BY 1"))
                .containsExactly("memberOf group:acme/engineering", "memberOf group:acme/platform");
        assertThat(column("SELECT DISTINCT type || ' ' || target_ref FROM relations WHERE source_key = 'group:acme/platform' ORDER BY 1"))
                .containsExactly("childOf group:acme/engineering", "hasMember user:default/alice", "hasMember user:default/bob",
                        "parentOf group:acme/sre");
        assertThat(column("SELECT descriptor->'metadata'->'annotations'->>'backstage.io/managed-by-location' FROM entities"
                + " WHERE source = 'acme-app' AND name = 'sre'")).containsExactly("url:https://127.0.0.1:" + github.port() + "/orgs/Acme/teams/sre");
    }

    @Test
    void withoutOrgsTheOrganisationsAreThoseTheAppIsInstalledIn() {
        github.stubFor(get(urlPathEqualTo("/api/v3/app/installations")).withQueryParam("page", equalTo("1"))
                .withHeader("Authorization", matching("Bearer ey.+"))
                .willReturn(okJson("[{\"id\": 77, \"target_type\": \"Organization\", \"account\": {\"login\": \"Acme\"}},"
                        + " {\"id\": 78, \"target_type\": \"User\", \"account\": {\"login\": \"someone\"}}]")));
        RunOutcome run = refresh("acme-installed");
        assertThat(run.succeeded()).as(run.message()).isTrue();
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'acme-installed' AND namespace IN ('acme', 'default')")).containsExactly("6");
        github.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/app/installations")));
        github.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/orgs/someone/installation")));

        github.stubFor(get(urlPathEqualTo("/api/v3/app/installations")).willReturn(okJson("[]")));
        RunOutcome none = refresh("acme-installed");
        assertThat(none.succeeded()).isFalse();
        assertThat(none.message()).contains("installed in no organisation");
        assertThat(column("SELECT count(*) FROM entities WHERE source = 'acme-installed'")).containsExactly("6");
    }

    @Test
    void anAppThatIsNotInstalledFallsBackToTheHostsToken() {
        github.stubFor(get(urlPathEqualTo("/api/v3/orgs/Acme/installation")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.notFound()));
        RunOutcome run = refresh("acme-app");
        assertThat(run.succeeded()).as("the fallback token is not one the fake accepts").isFalse();
        assertThat(run.message()).contains("HTTP 404");
        github.verify(0, postRequestedFor(urlPathEqualTo("/api/v3/app/installations/77/access_tokens")));
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/api/graphql"))))
                .allSatisfy(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer ghp_unused_fallback_token"));
    }

    @Test
    void theKeyAndTheInstallationTokenShowNowhere(CapturedOutput output) {
        refresh("acme-app");
        String key = pkcs1Pem().lines().skip(1).findFirst().orElseThrow();
        assertThat(integrations.toString()).doesNotContain(key).doesNotContain(INSTALLATION_TOKEN);
        String answers = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN)
                .bodyValue(Map.of("query", "{ sources { name type target runs { message } } problems { location message } }")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()
                + column("SELECT descriptor::text FROM entities");
        assertThat(answers).contains("acme-app").doesNotContain(key).doesNotContain(INSTALLATION_TOKEN);
        assertThat(output.getAll()).doesNotContain(key).doesNotContain(INSTALLATION_TOKEN);
    }
}
