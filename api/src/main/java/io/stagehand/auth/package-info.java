/**
 * Who may call the API and what they may do: static bearer tokens with scopes, Backstage-issued
 * tokens verified against Backstage's JWKS (the user and its ownership refs, expanded with the
 * catalog's groups), anonymous read access only when switched on; named permissions decided by a
 * replaceable policy, and the audit log of every mutation and denial.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one uses {@code catalog} (refs) and {@code store} (group
 * memberships and owners); {@code api} and {@code scorecard} use it to guard their mutations.
 */
package io.stagehand.auth;
