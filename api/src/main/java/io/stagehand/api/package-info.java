/**
 * The GraphQL API over the catalog: controllers mapping {@code schema.graphqls} onto the store's
 * reads (every nested field batched), and the central classification of errors.
 */
package io.stagehand.api;
