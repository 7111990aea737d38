/**
 * Trends: a daily snapshot of every scorecard's results, whole and per owning group with its
 * sub-groups (average score, entities per level, each check's states), taken in SQL by one replica,
 * kept for {@code stagehand.scorecards.trends.retention}, and served by {@code scorecardTrend} by
 * day, week or month.
 */
package io.stagehand.scorecard.trends;
