/**
 * Backstage's own REST catalog read API ({@code /api/catalog/entities}, {@code by-name},
 * {@code by-refs}, {@code by-query}, {@code entity-facets}) served from the store, with Backstage's
 * parameters, JSON shapes and errors, so tools built on {@code @backstage/catalog-client} switch to
 * Stagehand by changing a base URL. Callers see only what the read restriction lets them see.
 */
package io.stagehand.catalog.rest;
