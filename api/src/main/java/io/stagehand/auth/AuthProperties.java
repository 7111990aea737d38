package io.stagehand.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagehand.auth.*}. With nothing set, a server on the embedded database (the demo) allows
 * anonymous access (to read) and any other refuses it.
 */
@Validated
@ConfigurationProperties("stagehand.auth")
public record AuthProperties(
        Boolean anonymous,
        @Valid List<StaticToken> tokens,
        URI backstageUrl,
        URI jwksUri,
        String issuer,
        boolean legacyFullAccess) {

    public AuthProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * A named static bearer token; give the value through the environment, not a file in git. Its
     * scopes say what it may do; a token without scopes may only read, unless {@code
     * stagehand.auth.legacy-full-access} gives it everything as before scopes existed.
     */
    public record StaticToken(@NotBlank String name, @NotBlank @Size(min = 16, message = "must be at least 16 characters") String token,
            List<String> scopes) {

        public StaticToken {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            scopes.forEach(Scope::of);
        }

        /** What the token may do: its scopes (read always among them), or everything for a legacy token. */
        Set<Scope> effectiveScopes(boolean legacyFullAccess) {
            if (scopes.isEmpty()) {
                return legacyFullAccess ? EnumSet.allOf(Scope.class) : EnumSet.of(Scope.READ);
            }
            Set<Scope> granted = EnumSet.of(Scope.READ);
            scopes.forEach(s -> granted.add(Scope.of(s)));
            return granted;
        }

        @Override
        public String toString() {
            return "StaticToken[" + name + "]";
        }
    }

    /** The JWKS to verify Backstage tokens with: explicit, or Backstage's auth backend's. */
    public URI effectiveJwksUri() {
        if (jwksUri != null) {
            return jwksUri;
        }
        if (backstageUrl == null) {
            return null;
        }
        String base = backstageUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/auth/.well-known/jwks.json");
    }
}
