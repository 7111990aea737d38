package io.stagehand.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Who is calling: a static token with its scopes, a Backstage user with the refs it owns through
 * (its own ref, the {@code ent} claim, and its groups with their parent groups from the catalog),
 * or an anonymous caller.
 *
 * @param principal    {@code token:<name>}, the user's entity ref, or {@code anonymous}; what the audit log records
 * @param ownershipKeys lower-cased entity refs the caller acts for (empty for tokens and anonymous callers)
 */
public record Caller(Kind kind, String principal, Set<Scope> scopes, Set<String> ownershipKeys) {

    public enum Kind {
        TOKEN, USER, ANONYMOUS
    }

    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "anonymous", Set.of(Scope.READ), Set.of());

    public Caller {
        scopes = Set.copyOf(scopes);
        ownershipKeys = Set.copyOf(ownershipKeys);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    /** Whether the caller is this principal or acts for this entity (a ref, compared case-insensitively). */
    public boolean is(String ref) {
        String key = ref.toLowerCase(Locale.ROOT);
        return principal.toLowerCase(Locale.ROOT).equals(key) || ownershipKeys.contains(key);
    }
}
