package io.stagehand.auth;

import java.util.Collection;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Where a signed-in user's ownership refs come from: the catalog implements it (the groups a user
 * is a member of, and their parents), so authorization does not depend on the catalog's storage.
 */
public interface OwnershipResolver {

    /** These lower-cased entity keys with every group key they expand to; never fails for an unknown key. */
    Mono<Set<String>> expand(Collection<String> keys);
}
