/**
 * Start-up wiring: typed configuration ({@code stagehand.*}) and the embedded PostgreSQL that
 * Stagehand starts when no database URL is configured.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one depends on no other Stagehand package.
 */
package io.stagehand.config;
