package io.stagehand.graphql;

/**
 * A request refused because the server has no room for its work now (a dry run past its workers'
 * queue); classified {@code RESOURCE_EXHAUSTED}. Trying again shortly may succeed.
 */
public class ResourceExhaustedException extends RuntimeException {
    public ResourceExhaustedException(String message) {
        super(message, null, false, false);
    }
}
