/**
 * Scorecards: definitions (scorecards, fact sources, exemptions) loaded from YAML, facts about each
 * entity (from its descriptor, its git repository and HTTP APIs), the evaluation of checks into
 * scores and levels with exemptions, stored results with their history, roll-ups, and the GraphQL
 * surface over them. Reads the catalog through its named interfaces and learns of changed entities
 * from the durable change feed; the catalog knows nothing of scorecards.
 */
package io.stagehand.scorecard;
