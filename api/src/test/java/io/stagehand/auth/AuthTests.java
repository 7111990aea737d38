package io.stagehand.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stagehand.IntegrationTest;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/** Tokens: a static one, Backstage JWTs checked against a JWKS served at the wire by WireMock, and refusals. */
class AuthTests extends IntegrationTest {

    static final String STATIC_TOKEN = "ci-token-0123456789abcdef";
    static final WireMockServer backstage = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final ECKey signingKey;
    static final ECKey otherKey;

    static {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyID("backstage-1").generate();
            otherKey = new ECKeyGenerator(Curve.P_256).keyID("backstage-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        backstage.start();
        backstage.stubFor(get(urlEqualTo("/api/auth/.well-known/jwks.json")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
    }

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        registry.add("stagehand.auth.anonymous", () -> "false");
        registry.add("stagehand.auth.tokens[0].name", () -> "ci");
        registry.add("stagehand.auth.tokens[0].token", () -> STATIC_TOKEN);
        registry.add("stagehand.auth.backstage-url", () -> "http://localhost:" + backstage.port());
        registry.add("stagehand.auth.issuer", () -> "http://localhost:" + backstage.port() + "/api/auth");
    }

    @AfterAll
    static void stop() {
        backstage.stop();
    }

    private static String jwt(ECKey key, Instant expires, String issuer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("user:default/ada.lovelace").issuer(issuer).audience("backstage")
                        .issueTime(new Date()).expirationTime(expires == null ? null : Date.from(expires)).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private String issuer() {
        return "http://localhost:" + backstage.port() + "/api/auth";
    }

    private WebTestClient.ResponseSpec query(String token) {
        var request = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.bodyValue(Map.of("query", "{ sources { name } }")).exchange();
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        query(null).expectStatus().isUnauthorized().expectHeader().exists("WWW-Authenticate");
        http.get().uri("/graphql/schema").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aConfiguredStaticTokenIsAccepted() {
        query(STATIC_TOKEN).expectStatus().isOk().expectBody().jsonPath("$.data.sources").isArray();
    }

    @Test
    void aWrongStaticTokenIsRefused() {
        query(STATIC_TOKEN + "x").expectStatus().isUnauthorized();
    }

    @Test
    void aBackstageTokenSignedWithItsJwksIsAccepted() throws Exception {
        query(jwt(signingKey, Instant.now().plusSeconds(600), issuer())).expectStatus().isOk()
                .expectBody().jsonPath("$.data.sources").isArray();
    }

    @Test
    void aBackstageTokenWithoutExpiryIsRefused() throws Exception {
        query(jwt(signingKey, null, issuer())).expectStatus().isUnauthorized();
    }

    @Test
    void expiredForeignOrWronglyIssuedTokensAreRefused() throws Exception {
        query(jwt(signingKey, Instant.now().minusSeconds(600), issuer())).expectStatus().isUnauthorized();
        query(jwt(otherKey, Instant.now().plusSeconds(600), issuer())).expectStatus().isUnauthorized();
        query(jwt(signingKey, Instant.now().plusSeconds(600), "https://evil.example/api/auth")).expectStatus().isUnauthorized();
    }

    @LocalServerPort
    int port;

    private WebSocketGraphQlTester socket(String token) {
        var builder = WebSocketGraphQlTester.builder(URI.create("ws://localhost:" + port + "/graphql"), new ReactorNettyWebSocketClient())
                .responseTimeout(java.time.Duration.ofSeconds(10));
        if (token != null) {
            builder.interceptor(new WebSocketGraphQlClientInterceptor() {
                @Override
                public Mono<Object> connectionInitPayload() {
                    return Mono.just(Map.of("Authorization", "Bearer " + token));
                }
            });
        }
        return builder.build();
    }

    /**
     * Runs a WebSocket exchange, once more on a new connection if the first one stalls: in a full
     * test run the first WebSocket session of the JVM sometimes never completes its handshake
     * (seen in CI, not understood yet); a stall is not what these tests are about.
     */
    private static void withRetry(Runnable exchange) {
        for (int attempt = 1; ; attempt++) {
            try {
                exchange.run();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Timeout")) {
                    throw e;
                }
                // visible in the build log, so how often it happens can be followed
                System.err.println("AuthTests: WebSocket session stalled (attempt " + attempt + "), retrying on a new connection");
            }
        }
    }

    @Test
    void aWebSocketSessionAuthenticatesInConnectionInit() throws Exception {
        String jwt = jwt(signingKey, Instant.now().plusSeconds(600), issuer());
        withRetry(() -> socket(STATIC_TOKEN).document("{ sources { name } }").execute().path("sources").entityList(Object.class).hasSize(0));
        withRetry(() -> socket(jwt).document("{ sources { name } }").execute().path("sources").entityList(Object.class).hasSize(0));
    }

    @Test
    void aWebSocketSessionWithoutAValidTokenIsRefused() {
        assertThat(refusal(null)).hasMessageContaining("code=4401");
        assertThat(refusal("not-the-token-at-all")).hasMessageContaining("code=4401");
    }

    /** What a query over a WebSocket session with this token fails with (null if it succeeds); stalls are retried. */
    private Throwable refusal(String token) {
        for (int attempt = 1; ; attempt++) {
            try {
                socket(token).document("{ sources { name } }").execute().path("sources").hasValue();
                return null;
            } catch (Throwable e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Timeout")) {
                    return e;
                }
            }
        }
    }

    @Test
    void healthAndGraphiQlNeedNoToken() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        // the page asks for a token in its Headers tab, and loads its assets without one
        http.get().uri("/graphiql").exchange().expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("\"tokenRequired\":true"));
        http.get().uri("/graphiql/assets/stagehand-graphiql.js").exchange().expectStatus().isOk();
        http.get().uri("/graphiql/assets/webjars/graphiql/2.4.7/graphiql.min.js").exchange().expectStatus().isOk();
    }
}
