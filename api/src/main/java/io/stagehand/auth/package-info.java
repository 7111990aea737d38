/**
 * Who may call the API and what they may do: static bearer tokens with scopes, Backstage-issued
 * tokens verified against Backstage's JWKS (the user and its ownership refs, expanded through the
 * {@link OwnershipResolver} the catalog provides), anonymous read access only when switched on;
 * named permissions decided by a replaceable policy, the audit log of every mutation and denial,
 * and its query. Knows no feature's storage.
 */
package io.stagehand.auth;
