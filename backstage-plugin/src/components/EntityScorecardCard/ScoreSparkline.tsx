import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Typography, useTheme } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { ScorePoint } from '../../api/scorecardTypes';
import { formatDay, formatScore } from '../common';

const WIDTH = 120;
const HEIGHT = 28;
/** How far back the sparkline looks. */
export const SPARKLINE_DAYS = 90;

/**
 * A step line: a score holds from its change until the next one, and the last one until now. The
 * line starts at the first change in the window, so a history younger than the window fills it.
 */
export function sparklinePath(
  scores: ReadonlyArray<ScorePoint>,
  from: number,
  to: number,
): string {
  const start = Math.min(Math.max(from, Date.parse(scores[0].at)), to);
  const span = Math.max(to - start, 1);
  const x = (t: number) => ((Math.max(t, start) - start) / span) * WIDTH;
  const y = (score: number) => HEIGHT - 2 - (score / 100) * (HEIGHT - 4);
  const steps = scores.map((s, i) => {
    const px = x(Date.parse(s.at)).toFixed(1);
    const py = y(s.score).toFixed(1);
    return i === 0 ? `M${px} ${py}` : `H${px} V${py}`;
  });
  return `${steps.join(' ')} H${WIDTH}`;
}

/** In words, for those who cannot see the line. */
export function sparklineSummary(scores: ReadonlyArray<ScorePoint>): string {
  const first = scores[0];
  const last = scores[scores.length - 1];
  if (scores.length === 1) {
    return `Score ${formatScore(last.score)} since ${formatDay(last.at)}, unchanged`;
  }
  return `Score ${formatScore(first.score)} on ${formatDay(first.at)}, ${formatScore(
    last.score,
  )} since ${formatDay(last.at)} (${scores.length - 1} ${
    scores.length === 2 ? 'change' : 'changes'
  })`;
}

/**
 * The entity's score over the last days in one scorecard, as a small step line; nothing when
 * Stagehand has no history for it, and a word when the history cannot be had (the card stays).
 */
export const ScoreSparkline = (props: {
  entityRef: string;
  scorecard: string;
  now?: Date;
}) => {
  const { entityRef, scorecard } = props;
  const api = useApi(stagehandApiRef);
  const theme = useTheme();
  const now = props.now ?? new Date();
  const from = now.getTime() - SPARKLINE_DAYS * 86_400_000;
  const since = new Date(from).toISOString();
  const { value, error } = useAsync(
    () => api.getScoreHistory(entityRef, scorecard, since),
    [api, entityRef, scorecard, since.slice(0, 10)],
  );
  if (error) {
    return (
      <Typography variant="caption" color="textSecondary">
        score history unavailable
      </Typography>
    );
  }
  if (!value || value.length === 0) return null;
  const summary = `Score history, last ${SPARKLINE_DAYS} days: ${sparklineSummary(value)}`;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={summary}
      data-testid={`sparkline-${scorecard}`}
    >
      <title>{summary}</title>
      <line
        x1={0}
        x2={WIDTH}
        y1={HEIGHT - 2}
        y2={HEIGHT - 2}
        stroke={theme.palette.divider}
      />
      <path
        d={sparklinePath(value, from, now.getTime())}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
      />
    </svg>
  );
};
