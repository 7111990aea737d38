/**
 * The catalog in the GraphQL schema: controllers mapping {@code schema.graphqls} onto the store's
 * reads (every nested field batched), sources and runs, orphans, the change subscription, and the
 * read restriction that puts each caller's visibility into the request.
 */
package io.stagehand.catalog.graphql;
