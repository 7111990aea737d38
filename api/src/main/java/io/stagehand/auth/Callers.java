package io.stagehand.auth;

import io.stagehand.model.EntityRef;
import io.stagehand.model.InvalidRefException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns the request's authentication into a {@link Caller}. A Backstage token's user ({@code sub})
 * and ownership refs ({@code ent}) are expanded with the catalog's own membership data: the
 * user's groups and their parent groups, so a policy naming a parent group covers its sub-groups.
 */
@Component
public class Callers {

    /** The prefix of a static token's scopes among its authorities. */
    static final String SCOPE = "SCOPE_stagehand:";

    private final OwnershipResolver memberships;

    Callers(OwnershipResolver memberships) {
        this.memberships = memberships;
    }

    /** The current caller; anonymous when the request came without a token. */
    public Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .flatMap(this::of)
                .defaultIfEmpty(Caller.ANONYMOUS);
    }

    Mono<Caller> of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return user(jwt.getToken());
        }
        String name = authentication.getName();
        if (name != null && name.startsWith("token:")) {
            Set<Scope> scopes = EnumSet.of(Scope.READ);
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                String granted = authority.getAuthority();
                if (granted != null && granted.startsWith(SCOPE)) {
                    scopes.add(Scope.of(granted.substring(SCOPE.length())));
                }
            }
            return Mono.just(new Caller(Caller.Kind.TOKEN, name, scopes, Set.of()));
        }
        return Mono.just(Caller.ANONYMOUS);
    }

    private Mono<Caller> user(Jwt jwt) {
        String subject = jwt.getSubject();
        Set<String> refs = new LinkedHashSet<>();
        String user = refOrNull(subject);
        if (user != null) {
            refs.add(user);
        }
        Object ent = jwt.getClaims().get("ent");
        if (ent instanceof Collection<?> claimed) {
            claimed.stream().map(String::valueOf).map(Callers::refOrNull).filter(java.util.Objects::nonNull).forEach(refs::add);
        }
        String principal = user != null ? EntityRef.parse(subject).toString() : "jwt:" + subject;
        return memberships.expand(List.copyOf(refs))
                .map(expanded -> new Caller(Caller.Kind.USER, principal, Set.of(Scope.READ), expanded));
    }

    /** The lower-cased key of a ref, or null for a value that is not one (a claim is not trusted to be well formed). */
    private static String refOrNull(String ref) {
        try {
            return ref == null ? null : EntityRef.parse(ref).key();
        } catch (InvalidRefException e) {
            return null;
        }
    }
}
