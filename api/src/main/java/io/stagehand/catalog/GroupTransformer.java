package io.stagehand.catalog;

import tools.jackson.databind.node.ObjectNode;

/**
 * Changes or leaves out the groups an organisation source reads, as Backstage's
 * {@code groupTransformer} option does; see {@link UserTransformer}. A group left out is also taken
 * out of its members', parent's and children's relations.
 */
@FunctionalInterface
public interface GroupTransformer {

    /** The group to store: this one (changed or not) or another, or null to leave it out. */
    ObjectNode transform(ObjectNode group, OrgRecord record);
}
