/**
 * Campaigns: a scorecard's entities that a filter selects, to reach a level or pass some checks by a
 * date. Their status follows from the dates and the progress, which is counted in SQL over the
 * stored results, whole and per owning group with its sub-groups; a daily count taken with the
 * trend snapshot gives the burn-down. Served as {@code campaigns}, {@code campaign(name)} and
 * {@code Group.campaigns}.
 */
package io.stagehand.scorecard.campaigns;
