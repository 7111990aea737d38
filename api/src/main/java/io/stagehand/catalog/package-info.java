/**
 * The descriptor model, modelled on Backstage's catalog-model: entity refs, the entity record,
 * Backstage's validation rules and the relations its built-in kinds processor derives. Pure code:
 * no I/O, no Spring, so every rule is unit-testable on its own.
 */
package io.stagehand.catalog;
