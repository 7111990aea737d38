/**
 * Plumbing around the R2DBC pool and PostgreSQL driver, each class working around one upstream
 * behaviour (its Javadoc links the issue): connections that do not keep their first caller alive
 * and cancel abandoned statements on the server, statements run without the caller's Reactor
 * context, and a pool opened at start-up. Spring finds these by scanning; other modules see none of
 * it ({@link io.stagehand.postgres.Unwrapping} is the one door).
 */
package io.stagehand.postgres.r2dbc;
