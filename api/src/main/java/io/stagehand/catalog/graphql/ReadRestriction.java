package io.stagehand.catalog.graphql;

import io.stagehand.auth.Authorizer;
import io.stagehand.auth.Callers;
import io.stagehand.auth.PermissionPolicy;
import io.stagehand.catalog.store.Visibility;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives every GraphQL request the entities its caller may read, as the policy decides
 * ({@link PermissionPolicy#readable}); the catalog's queries apply it (see {@link Visibility}). It is
 * resolved when a query first asks, inside the request, where the caller is known on HTTP and on
 * WebSocket alike.
 */
@Component
class ReadRestriction implements WebGraphQlInterceptor {

    private final Callers callers;
    private final PermissionPolicy policy;

    ReadRestriction(Callers callers, Authorizer authorizer) {
        this.callers = callers;
        this.policy = authorizer.policy();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Mono<Visibility> visibility = callers.current().map(caller -> {
            var readable = policy.readable(caller);
            return readable == null ? Visibility.ALL : new Visibility(readable);
        });
        return chain.next(request).contextWrite(context -> Visibility.in(context, visibility));
    }
}
