/**
 * PostgreSQL storage of the catalog over R2DBC: incremental, batched writes of a run's result
 * (only changed entities are written; deletions only after a successful run) and the reads the
 * API layer needs, all as named-parameter SQL.
 */
package io.stagehand.store;
