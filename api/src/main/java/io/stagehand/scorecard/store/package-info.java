/**
 * Scorecard results in PostgreSQL: results and their history written only when they change, the
 * one codec of stored checks, facts, exemptions, the SQL of result filters (built on the catalog's
 * filter SQL) and roll-ups.
 */
package io.stagehand.scorecard.store;
