/**
 * Facts about entities from outside the descriptor: git facts over a repository's tree (within the
 * repository guard and tree budget) and HTTP facts from fact sources (only to allowed hosts, with
 * a deadline and a bounded answer), with the templates and JSON paths they use.
 */
package io.stagehand.scorecard.facts;
