package io.stagehand.catalog;

import tools.jackson.databind.node.ObjectNode;

/**
 * Changes or leaves out the users an organisation source ({@code ldap}, {@code msgraph},
 * {@code github-org}) reads, as Backstage's {@code userTransformer} option does: declare a Spring
 * bean (several run in their {@code @Order}). A user renamed here keeps its memberships: the refs
 * other entities of the same read give it follow the new name.
 */
@FunctionalInterface
public interface UserTransformer {

    /**
     * The user to store: this one (changed or not) or another, or null to leave it out.
     *
     * @param user the entity as the source's default mapping made it; the transformer may change it
     * @param record where it came from, with the provider's own record
     */
    ObjectNode transform(ObjectNode user, OrgRecord record);
}
