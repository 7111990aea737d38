package io.stagehand.auth;

import io.stagehand.graphql.AnonymousAccess;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates GraphQL over WebSocket: the token may come with the upgrade request
 * ({@code Authorization} header) or in the graphql-ws {@code connection_init} payload
 * ({@code {"Authorization": "Bearer <token>"}}); a session with neither is refused.
 */
@Component
class WebSocketAuthentication implements WebSocketGraphQlInterceptor {

    private static final String AUTHENTICATED = WebSocketAuthentication.class.getName() + ".authenticated";

    private final AnonymousAccess anonymous;
    private final ReactiveAuthenticationManager tokens;

    WebSocketAuthentication(AnonymousAccess anonymous, ReactiveAuthenticationManager tokens) {
        this.anonymous = anonymous;
        this.tokens = tokens;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        String header = session.getHeaders().getFirst("Authorization");
        Object fromPayload = payload.getOrDefault("Authorization", payload.get("authorization"));
        String credentials = header != null ? header : fromPayload instanceof String s ? s : null;
        if (credentials == null) {
            return anonymous.allowed() ? Mono.empty() : Mono.error(new AccessDeniedException("A bearer token is required"));
        }
        String token = credentials.regionMatches(true, 0, "Bearer ", 0, 7) ? credentials.substring(7).trim() : credentials.trim();
        return tokens.authenticate(new BearerTokenAuthenticationToken(token))
                .doOnNext(authentication -> session.getAttributes().put(AUTHENTICATED, authentication))
                .then(Mono.empty());
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
        if (request instanceof WebSocketGraphQlRequest socket) {
            // the session's caller is the caller of each of its requests, as a header's would be on HTTP
            if (socket.getSessionInfo().getAttributes().get(AUTHENTICATED) instanceof Authentication authentication) {
                return chain.next(request).contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
            }
            if (!anonymous.allowed()) {
                return Mono.error(new AccessDeniedException("This WebSocket session is not authenticated"));
            }
        }
        return chain.next(request);
    }
}
