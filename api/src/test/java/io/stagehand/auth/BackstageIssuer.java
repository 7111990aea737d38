package io.stagehand.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

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
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Backstage backend as Stagehand meets it: its JSON Web Key Set at {@code /api/auth/.well-known/jwks.json}
 * (WireMock) and user tokens signed with that key, carrying {@code sub} and the {@code ent} claim.
 */
final class BackstageIssuer {

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final ECKey signingKey;

    BackstageIssuer(String keyId) {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server.start();
        server.stubFor(get(urlEqualTo("/api/auth/.well-known/jwks.json")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
    }

    /**
     * A server that trusts this issuer, lets anonymous callers read, and accepts these static
     * tokens, each given as {name, token, comma-separated scopes}.
     */
    void configure(DynamicPropertyRegistry registry, String[]... tokens) {
        registry.add("stagehand.auth.anonymous", () -> "true");
        for (int i = 0; i < tokens.length; i++) {
            String[] t = tokens[i];
            registry.add("stagehand.auth.tokens[" + i + "].name", () -> t[0]);
            registry.add("stagehand.auth.tokens[" + i + "].token", () -> t[1]);
            registry.add("stagehand.auth.tokens[" + i + "].scopes", () -> t[2]);
        }
        registry.add("stagehand.auth.backstage-url", this::url);
    }

    /** The value of {@code stagehand.auth.backstage-url}. */
    String url() {
        return "http://localhost:" + server.port();
    }

    /** A user token for ten minutes. */
    String token(String subject, String... ent) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject(subject).claim("ent", List.of(ent)).audience("backstage")
                            .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        server.stop();
    }
}
