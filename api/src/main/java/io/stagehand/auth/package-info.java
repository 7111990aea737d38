/**
 * Who may call the API: static bearer tokens from configuration, Backstage-issued tokens verified
 * against Backstage's JWKS (so a Backstage proxy with {@code credentials: forward} works), and
 * anonymous access only when switched on.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} and {@code auth} beside them; {@code PackageDependencyTests} checks it. This one depends
 * on no other Stagehand package; only {@code api} uses it.
 */
package io.stagehand.auth;
