/**
 * Serving GraphQL for every feature: the central classification of errors, limits on requests,
 * answers, complexity and concurrency, parsed documents kept for reuse, the one instrumentation,
 * {@code GET} queries, GraphiQL served with everything it loads, and the paging ({@link Paging})
 * and cursors ({@link Cursors}) every list uses. The features' own schema fields live in their
 * modules.
 */
package io.stagehand.graphql;
