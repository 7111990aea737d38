/**
 * The GraphQL API over the catalog: controllers mapping {@code schema.graphqls} onto the store's
 * reads (every nested field batched), the central classification of errors, and the GraphiQL
 * page, served with everything it loads.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one uses {@code catalog}, {@code config}, {@code auth},
 * {@code store} and {@code ingest}; only {@code scorecard} uses it.
 */
package io.stagehand.api;
