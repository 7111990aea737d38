/**
 * PostgreSQL storage of the catalog over R2DBC: incremental, batched writes of a run's result
 * (only changed entities are written; deletions only after a successful run), the reads the
 * GraphQL fields need, the durable change feed and the replicas' notifications, the cache, and
 * which entities a caller may see, all as named-parameter SQL. Other features read through the
 * types of the {@code store} interface.
 */
package io.stagehand.catalog.store;
