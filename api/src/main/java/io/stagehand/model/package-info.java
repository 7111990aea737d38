/**
 * The descriptor model, modelled on Backstage's catalog-model: entity refs, the entity record,
 * Backstage's validation rules and the relations its built-in kinds processor derives, the filter
 * and order of entity queries, the write model ingestion hands to the store ({@link ReadResult},
 * {@link IngestedEntity}, {@link Problem}) and the one {@link Json} mapper. Pure code: no I/O, no
 * Spring, so every rule is unit-testable on its own; it uses no other module.
 */
package io.stagehand.model;
