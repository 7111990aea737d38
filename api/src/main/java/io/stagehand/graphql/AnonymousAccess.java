package io.stagehand.graphql;

/** Whether API calls without a token are allowed in this server. */
public record AnonymousAccess(boolean allowed) {
}
