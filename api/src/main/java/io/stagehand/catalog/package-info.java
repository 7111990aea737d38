/**
 * The catalog: sources read into PostgreSQL ({@code catalog.ingest}), the store's reads and writes
 * with the change feed, cache and per-caller visibility ({@code catalog.store}), the catalog's
 * GraphQL fields with the read restriction ({@code catalog.graphql}), and Backstage's REST catalog
 * read API ({@code catalog.rest}). Other features use only the types named as its {@code store},
 * {@code sources} and {@code graphql} interfaces; the catalog knows nothing of them.
 */
package io.stagehand.catalog;
