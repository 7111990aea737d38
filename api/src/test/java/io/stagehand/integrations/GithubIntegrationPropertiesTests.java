package io.stagehand.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code stagehand.integrations.github} bound as Spring binds it: Backstage's keys and defaults, secrets hidden, app keys read in GitHub's form. */
class GithubIntegrationPropertiesTests {

    static final String TOKEN = "ghp_secret_token_0123456789";

    @Test
    void backstagesDefaultsApplyAndGithubComIsAlwaysThere() {
        IntegrationsProperties properties = bind(Map.of("github[0].host", "GHE.example.com:8443", "github[0].api-base-url", "https://ghe.example.com:8443/api/v3/",
                "github[0].token", TOKEN));
        assertThat(properties.github()).hasSize(2);
        var enterprise = properties.githubFor("ghe.example.com:8443").orElseThrow();
        assertThat(enterprise.apiBaseUrl()).isEqualTo("https://ghe.example.com:8443/api/v3");
        assertThat(enterprise.rawBaseUrl()).isNull();
        assertThat(enterprise.token().value()).isEqualTo(TOKEN);
        var github = properties.githubFor("github.com").orElseThrow();
        assertThat(github.apiBaseUrl()).isEqualTo("https://api.github.com");
        assertThat(github.rawBaseUrl()).isEqualTo("https://raw.githubusercontent.com");
        assertThat(github.token()).isNull();
        assertThat(properties.githubFor("gitlab.com")).isEmpty();
        assertThat(bind(Map.of()).github()).extracting(IntegrationsProperties.GithubIntegration::host).containsExactly("github.com");
    }

    @Test
    void secretsShowNowhere() throws Exception {
        String pem = pem(rsa(), false);
        IntegrationsProperties properties = bind(Map.of("github[0].token", TOKEN, "github[0].apps[0].app-id", "12",
                "github[0].apps[0].private-key", pem, "github[0].apps[0].allowed-installation-owners[0]", "Acme"));
        assertThat(properties.toString()).contains("appId=12").doesNotContain(TOKEN).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
        assertThat(properties.github().get(0).apps().get(0).allows("acme")).isTrue();
        assertThat(properties.github().get(0).apps().get(0).allows("other")).isFalse();
        assertThat(new GithubAuthorization(GithubAuthorization.Kind.APP, TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void appKeysAreReadInGithubsPkcs1FormAndAsPkcs8AndSignTheJwt() throws Exception {
        KeyPair key = rsa();
        for (String pem : new String[] {pem(key, true), pem(key, false), pem(key, true).replace("\n", "\\n")}) {
            String jwt = GithubAppKeys.jwt(12, GithubAppKeys.parse(pem), Instant.now());
            SignedJWT signed = SignedJWT.parse(jwt);
            assertThat(signed.verify(new RSASSAVerifier((RSAPublicKey) key.getPublic()))).isTrue();
            assertThat(signed.getJWTClaimsSet().getIssuer()).isEqualTo("12");
            assertThat(signed.getJWTClaimsSet().getIssueTime().toInstant()).isBefore(Instant.now());
        }
        IntegrationsProperties broken = bind(Map.of("github[0].apps[0].app-id", "12", "github[0].apps[0].private-key", "not a key"));
        assertThatThrownBy(() -> new GithubCredentials(broken)).hasMessageContaining("GitHub App 12").hasMessageNotContaining("not a key");
    }

    static IntegrationsProperties bind(Map<String, String> keys) {
        Map<String, String> properties = new HashMap<>();
        keys.forEach((key, value) -> properties.put("stagehand.integrations." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("stagehand.integrations", IntegrationsProperties.class);
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** The private key as PEM: PKCS#1 (as GitHub issues it: PKCS#8 without its 26-byte header, for a 2048-bit key) or PKCS#8. */
    static String pem(KeyPair key, boolean pkcs1) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        byte[] der = pkcs1 ? Arrays.copyOfRange(pkcs8, 26, pkcs8.length) : pkcs8;
        String label = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
