/**
 * Scoring: which entities each scorecard applies to, the subjects and facts of a batch, the pure
 * evaluation of checks into scores and levels, and the service and schedule that run it off the
 * event loops, following the catalog's change feed.
 */
package io.stagehand.scorecard.evaluation;
