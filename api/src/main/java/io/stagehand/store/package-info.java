/**
 * PostgreSQL storage of the catalog over R2DBC: incremental, batched writes of a run's result
 * (only changed entities are written; deletions only after a successful run) and the reads the
 * API layer needs, all as named-parameter SQL.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one uses {@code catalog} and {@code config} only.
 */
package io.stagehand.store;
