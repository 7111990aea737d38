package io.stagehand.auth;

import io.stagehand.graphql.AnonymousAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import reactor.core.publisher.Mono;

/**
 * The API's security: bearer tokens (static or Backstage JWTs) on everything but health and the
 * GraphiQL page, or anonymous access when {@code stagehand.auth.anonymous} is on (by default only
 * on the embedded demo database; anonymous callers read, see {@link DefaultPermissionPolicy}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({AuthProperties.class, PermissionProperties.class, AuditProperties.class})
class SecurityConfig {

    private static final Log log = LogFactory.getLog(SecurityConfig.class);

    /** Whether calls without a token are allowed: as configured, else only on the embedded demo database. */
    @Bean
    AnonymousAccess anonymousAccess(AuthProperties auth, Environment env) {
        return new AnonymousAccess(auth.anonymous() != null ? auth.anonymous() : env.getProperty("stagehand.embedded.active", Boolean.class, false));
    }

    /**
     * Requests are observed once as HTTP and GraphQL requests; an observation per security filter
     * costs more than the filter on hot queries.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ReactiveAuthenticationManager bearerTokens(AuthProperties auth) {
        return tokenManager(auth);
    }

    @Bean
    SecurityWebFilterChain securityChain(ServerHttpSecurity http, AuthProperties auth, AnonymousAccess access,
            ReactiveAuthenticationManager tokens) {
        boolean anonymous = access.allowed();
        describe(auth, anonymous);
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: every request brings its token. A session-backed context or request cache
                // would create a WebSession (on a blocking-capable thread) for each request.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/graphiql", "/graphiql/**", "/demo/**").permitAll();
                    // Browsers cannot set headers on a WebSocket: the upgrade may come without a token,
                    // which graphql-ws then sends in connection_init (see WebSocketAuthentication).
                    exchanges.matchers(exchange -> "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())
                            ? ServerWebExchangeMatcher.MatchResult.match()
                            : ServerWebExchangeMatcher.MatchResult.notMatch()).permitAll();
                    if (anonymous) {
                        exchanges.anyExchange().permitAll();
                    } else {
                        exchanges.anyExchange().authenticated();
                    }
                })
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(exchange -> Mono.just(tokens)))
                .build();
    }

    /** Static tokens first (compared in constant time), then Backstage's JWKS when configured. */
    static ReactiveAuthenticationManager tokenManager(AuthProperties auth) {
        ReactiveAuthenticationManager jwt = jwtManager(auth);
        List<AuthProperties.StaticToken> statics = auth.tokens();
        return authentication -> {
            String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
            for (AuthProperties.StaticToken token : statics) {
                if (MessageDigest.isEqual(token.token().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
                    List<String> authorities = new java.util.ArrayList<>(List.of("ROLE_API_CLIENT"));
                    token.effectiveScopes(auth.legacyFullAccess()).forEach(scope -> authorities.add(Callers.SCOPE + scope.id()));
                    return Mono.just(UsernamePasswordAuthenticationToken.authenticated("token:" + token.name(), null,
                            AuthorityUtils.createAuthorityList(authorities)));
                }
            }
            if (jwt != null && presented.chars().filter(c -> c == '.').count() == 2) {
                return jwt.authenticate(authentication);
            }
            return Mono.error(new BadCredentialsException("The bearer token is not a configured token"
                    + (jwt == null ? "" : " nor a valid Backstage token")));
        };
    }

    private static ReactiveAuthenticationManager jwtManager(AuthProperties auth) {
        if (auth.effectiveJwksUri() == null) {
            return null;
        }
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(auth.effectiveJwksUri().toString())
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.ES256);
                    algorithms.add(SignatureAlgorithm.RS256);
                })
                .build();
        OAuth2TokenValidator<Jwt> standard = auth.issuer() == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(auth.issuer());
        // The default validators accept a token without exp, which would then never expire.
        OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(standard, expires));
        return new JwtReactiveAuthenticationManager(decoder);
    }

    static void describe(AuthProperties auth, boolean anonymous) {
        List<String> unscoped = auth.tokens().stream().filter(t -> t.scopes().isEmpty()).map(AuthProperties.StaticToken::name).toList();
        if (!unscoped.isEmpty() && auth.legacyFullAccess()) {
            log.warn("Static token(s) " + unscoped + " have no scopes and keep full access because stagehand.auth.legacy-full-access"
                    + " is on; give each token its scopes (stagehand.auth.tokens[i].scopes: read, facts:write, exemptions:request,"
                    + " exemptions:approve, admin) and switch legacy-full-access off");
        } else if (!unscoped.isEmpty()) {
            log.warn("Static token(s) " + unscoped + " have no scopes and may only read since scopes exist; give each token its"
                    + " scopes (stagehand.auth.tokens[i].scopes: read, facts:write, exemptions:request, exemptions:approve, admin),"
                    + " or set stagehand.auth.legacy-full-access=true for the time being");
        }
        if (anonymous) {
            log.warn("Anonymous access to the API is ON (the default on the embedded demo database): callers without a token may"
                    + " read, never mutate; set stagehand.auth.anonymous=false and configure tokens for anything shared");
        } else {
            log.info("API access needs a bearer token: " + auth.tokens().size() + " static token(s)"
                    + (auth.effectiveJwksUri() == null ? "" : ", Backstage tokens verified with " + auth.effectiveJwksUri()));
            if (auth.tokens().isEmpty() && auth.effectiveJwksUri() == null) {
                log.warn("No tokens and no Backstage JWKS are configured: every API request will be refused with 401");
            }
        }
    }
}
