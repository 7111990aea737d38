/**
 * Plumbing around the R2DBC pool and PostgreSQL driver, each class working around one upstream
 * behaviour (its Javadoc links the issue): connections that do not keep their first caller alive
 * and cancel abandoned statements on the server, statements run without the caller's Reactor
 * context, and a pool opened at start-up. Spring finds these by scanning; the only public type is
 * {@link io.stagehand.store.r2dbc.Unwrapping}, and nothing here uses other Stagehand packages.
 */
package io.stagehand.store.r2dbc;
