/**
 * Scorecards: definitions (scorecards, fact sources, exemptions) loaded from YAML, facts about each
 * entity (from its descriptor, its git repository and HTTP APIs), the evaluation of checks into
 * scores and levels with exemptions, stored results with their history, roll-ups, and the GraphQL
 * surface over them. Reads the catalog through the store's public surface and learns of changed
 * entities from the durable change feed; the catalog knows nothing of scorecards.
 *
 * <p>Packages depend one way, {@code catalog <- store <- ingest <- api <- scorecard}, with {@code
 * config} beside them and {@code auth} between {@code store} and its users; {@code
 * PackageDependencyTests} checks it. This one sits on top and may use any of them ({@code auth} to
 * guard its mutations); nothing imports it.
 */
package io.stagehand.scorecard;
