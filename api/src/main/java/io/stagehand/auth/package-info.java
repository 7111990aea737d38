/**
 * Who may call the API: static bearer tokens from configuration, Backstage-issued tokens verified
 * against Backstage's JWKS (so a Backstage proxy with {@code credentials: forward} works), and
 * anonymous access only when switched on.
 */
package io.stagehand.auth;
