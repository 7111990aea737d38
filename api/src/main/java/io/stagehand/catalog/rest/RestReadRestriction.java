package io.stagehand.catalog.rest;

import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Callers;
import io.stagehand.auth.PermissionPolicy;
import io.stagehand.catalog.store.Visibility;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every REST catalog request the entities its caller may read, as GraphQL requests get them
 * ({@code ReadRestriction}): the store's queries apply it, so hidden entities are never served.
 * Resolved lazily, inside the request, where the security filters have put the caller.
 */
@Component
class RestReadRestriction implements WebFilter {

    static final String PREFIX = "/api/catalog/";

    private final Callers callers;
    private final PermissionPolicy policy;

    RestReadRestriction(Callers callers, Authorizer authorizer) {
        this.callers = callers;
        this.policy = authorizer.policy();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        Mono<Visibility> visibility = callers.current().map(caller -> {
            var readable = policy.readable(caller);
            return readable == null ? Visibility.ALL : new Visibility(readable);
        });
        return chain.filter(exchange).contextWrite(context -> Visibility.in(context, visibility));
    }
}
