package io.stagehand.auth;

/**
 * Decides whether a caller may use a permission on a resource, as a Backstage permission policy
 * does. The default is {@link DefaultPermissionPolicy}, configured by {@code stagehand.permissions.*};
 * a bean of this type replaces it.
 */
@FunctionalInterface
public interface PermissionPolicy {

    Decision decide(Caller caller, Permission permission, Resource resource);
}
