package io.stagehand.auth;

import java.util.Set;

/**
 * What a permission is asked for, as far as the policy needs it: the entity (with its owners),
 * the scorecard, and who requested the exemption being decided. Fields that do not apply are null
 * or empty.
 */
public record Resource(String entityRef, Set<String> ownerRefs, String scorecard, String requestedBy, String source) {

    public static final Resource NONE = new Resource(null, Set.of(), null, null, null);

    public Resource {
        ownerRefs = ownerRefs == null ? Set.of() : Set.copyOf(ownerRefs);
    }

    public static Resource source(String name) {
        return new Resource(null, Set.of(), null, null, name);
    }

    public static Resource entity(String ref, Set<String> owners) {
        return new Resource(ref, owners, null, null, null);
    }

    public static Resource exemption(String scorecard, String entityRef, Set<String> owners, String requestedBy) {
        return new Resource(entityRef, owners, scorecard, requestedBy, null);
    }
}
