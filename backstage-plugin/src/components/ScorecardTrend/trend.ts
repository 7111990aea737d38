import type {
  TrendInterval,
  TrendPoint,
} from '../../api/scorecardTypes';
import { formatScore, utcDayBefore } from '../common';

/** The intervals the chart offers, with how far back each looks. */
export const INTERVALS: ReadonlyArray<{
  interval: TrendInterval;
  label: string;
  days: number;
}> = [
  { interval: 'DAY', label: 'Day', days: 90 },
  { interval: 'WEEK', label: 'Week', days: 364 },
  { interval: 'MONTH', label: 'Month', days: 730 },
];

export function sinceFor(interval: TrendInterval, now: Date): string {
  const days = INTERVALS.find(i => i.interval === interval)?.days ?? 90;
  return utcDayBefore(now, days);
}

/** A level's name as the chart and its table show it. */
export function levelName(level: string | null): string {
  return level ?? 'no level';
}

/**
 * The levels of the points, in the order Stagehand serves them (lowest first, then none); a level
 * a definition dropped still shows where its old points count it.
 */
export function levelsOf(points: ReadonlyArray<TrendPoint>): (string | null)[] {
  const seen: (string | null)[] = [];
  for (const p of points) {
    for (const l of p.levels) {
      if (!seen.includes(l.level)) seen.push(l.level);
    }
  }
  const none = seen.indexOf(null);
  if (none >= 0) seen.push(...seen.splice(none, 1));
  return seen;
}

/** The trend in one sentence: the latest point, how it moved since the first, its levels. */
export function trendSummary(points: ReadonlyArray<TrendPoint>): string {
  if (points.length === 0) {
    return 'No snapshot yet: Stagehand takes one a day.';
  }
  const first = points[0];
  const last = points[points.length - 1];
  const levels = last.levels
    .map(l => `${levelName(l.level)} ${l.count}`)
    .join(', ');
  const entities = `${last.entityCount} ${last.entityCount === 1 ? 'entity' : 'entities'}${
    levels ? ` (${levels})` : ''
  }`;
  const average = `Average score ${formatScore(last.averageScore)} on ${last.takenOn}`;
  if (points.length === 1 || first.averageScore === null || last.averageScore === null) {
    return `${average}; ${entities}.`;
  }
  const change = Math.round(last.averageScore) - Math.round(first.averageScore);
  const movement =
    change === 0
      ? `unchanged since ${first.takenOn}`
      : `${change > 0 ? 'up' : 'down'} ${Math.abs(change)} from ${formatScore(
          first.averageScore,
        )} on ${first.takenOn}`;
  return `${average}, ${movement}; ${entities}.`;
}
