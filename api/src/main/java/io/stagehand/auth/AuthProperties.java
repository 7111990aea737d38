package io.stagehand.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stagehand.auth.*}. With nothing set, a server on the embedded database (the demo) allows
 * anonymous access and any other refuses it.
 */
@Validated
@ConfigurationProperties("stagehand.auth")
public record AuthProperties(
        Boolean anonymous,
        @Valid List<StaticToken> tokens,
        URI backstageUrl,
        URI jwksUri,
        String issuer) {

    public AuthProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** A named static bearer token; give the value through the environment, not a file in git. */
    public record StaticToken(@NotBlank String name, @NotBlank @Size(min = 16, message = "must be at least 16 characters") String token) {
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
