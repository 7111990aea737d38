/**
 * Scorecards in the GraphQL schema: definitions, results and history, dry runs, exemptions with
 * their workflow, roll-ups and summaries, every parent-to-child field batched.
 */
package io.stagehand.scorecard.graphql;
