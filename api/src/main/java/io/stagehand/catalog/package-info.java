/**
 * The descriptor model, modelled on Backstage's catalog-model: entity refs, the entity record,
 * Backstage's validation rules and the relations its built-in kinds processor derives. Pure code:
 * no I/O, no Spring, so every rule is unit-testable on its own.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one depends on no other Stagehand package. It also holds
 * the write model the store accepts from ingestion ({@link ReadResult}, {@link IngestedEntity},
 * {@link Problem}).
 */
package io.stagehand.catalog;
