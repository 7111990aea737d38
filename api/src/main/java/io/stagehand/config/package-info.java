/**
 * Start-up wiring: typed configuration ({@code stagehand.*}) and the embedded PostgreSQL that
 * Stagehand starts when no database URL is configured.
 */
package io.stagehand.config;
