package io.stagehand.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** Static tokens become callers with their scopes; tokens without scopes read only unless legacy full access is on. */
@ExtendWith(OutputCaptureExtension.class)
class TokenScopesTests {

    static final String SECRET = "0123456789abcdef-legacy";

    static AuthProperties auth(boolean legacyFullAccess, List<String> scopes) {
        return new AuthProperties(false, List.of(new AuthProperties.StaticToken("old", SECRET, scopes)), null, null, null, legacyFullAccess);
    }

    static Caller caller(AuthProperties auth) {
        return SecurityConfig.tokenManager(auth).authenticate(new BearerTokenAuthenticationToken(SECRET))
                .flatMap(new Callers(null)::of).block();
    }

    @Test
    void aTokenWithoutScopesReadsOnlyUnlessLegacyFullAccessIsOn() {
        Caller strict = caller(auth(false, null));
        assertThat(strict.principal()).isEqualTo("token:old");
        assertThat(strict.scopes()).containsExactly(Scope.READ);
        assertThat(new DefaultPermissionPolicy(new PermissionProperties(null, null, null, null, null, null, null))
                .decide(strict, Permission.SCORECARD_EVALUATE, Resource.NONE).allowed()).isFalse();
        Caller legacy = caller(auth(true, null));
        assertThat(legacy.has(Scope.ADMIN)).isTrue();
        assertThat(new DefaultPermissionPolicy(new PermissionProperties(null, null, null, null, null, null, null))
                .decide(legacy, Permission.SCORECARD_EVALUATE, Resource.NONE).allowed()).isTrue();
    }

    @Test
    void configuredScopesAreTheTokensWhateverLegacyFullAccessSays() {
        assertThat(caller(auth(true, List.of("exemptions:approve"))).scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.EXEMPTIONS_APPROVE);
    }

    @Test
    void anUnknownScopeStopsTheStart() {
        assertThatThrownBy(() -> auth(false, List.of("write-everything"))).hasMessageContaining("Unknown scope \"write-everything\"");
    }

    @Test
    void theStartUpWarnsAboutTokensWithoutScopesAndSaysWhatToChange(CapturedOutput output) {
        SecurityConfig.describe(auth(false, null), false);
        assertThat(output).contains("Static token(s) [old] have no scopes and may only read")
                .contains("stagehand.auth.tokens[i].scopes").contains("stagehand.auth.legacy-full-access=true");
        SecurityConfig.describe(auth(true, null), false);
        assertThat(output).contains("keep full access because stagehand.auth.legacy-full-access is on");
    }
}
