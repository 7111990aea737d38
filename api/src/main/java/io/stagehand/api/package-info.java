/**
 * The GraphQL API over the catalog: controllers mapping {@code schema.graphqls} onto the store's
 * reads (every nested field batched), the central classification of errors, and the GraphiQL
 * page, served with everything it loads.
 */
package io.stagehand.api;
