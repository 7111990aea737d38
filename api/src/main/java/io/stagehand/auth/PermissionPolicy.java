package io.stagehand.auth;

import io.stagehand.model.EntityFilter;

/**
 * Decides whether a caller may use a permission on a resource, as a Backstage permission policy
 * does. The default is {@link DefaultPermissionPolicy}, configured by {@code stagehand.permissions.*};
 * a bean of this type replaces it.
 */
@FunctionalInterface
public interface PermissionPolicy {

    Decision decide(Caller caller, Permission permission, Resource resource);

    /**
     * Which entities the caller may read ({@code catalog.entity.read}): null for every entity, else a
     * filter, applied in SQL to every answer (Backstage's CONDITIONAL decision). Every entity unless
     * a policy says otherwise.
     */
    default EntityFilter readable(Caller caller) {
        return null;
    }
}
