/**
 * PostgreSQL as a platform every feature stores in: the embedded database started when no URL is
 * configured (binaries, data folder ownership, readiness, restart), connection settings and
 * health, dedicated session connections, the advisory-lock election of one runner per job, and
 * binary {@code COPY}. The driver plumbing in {@code postgres.r2dbc} is hidden from other modules.
 */
package io.stagehand.postgres;
