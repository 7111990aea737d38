import { useTheme } from '@material-ui/core';
import type { TrendPoint } from '../../api/scorecardTypes';
import { formatScore } from '../common';
import { levelName } from './trend';

// The drawing's own coordinates; the SVG scales to the card's width and keeps its proportions.
const WIDTH = 600;
const LEFT = 36;
const RIGHT = 12;
const SCORE_TOP = 10;
const SCORE_HEIGHT = 120;
const BARS_TOP = 150;
const BARS_HEIGHT = 60;
const HEIGHT = BARS_TOP + BARS_HEIGHT + 22;
const PLOT = WIDTH - LEFT - RIGHT;

/** The colours of the levels, lowest first, from light to strong (or the reverse on dark). */
export function levelColours(
  levels: ReadonlyArray<string | null>,
  dark: boolean,
): Map<string | null, string> {
  const ramp = dark
    ? ['#1565c0', '#1e88e5', '#42a5f5', '#90caf9', '#e3f2fd']
    : ['#bbdefb', '#64b5f6', '#1e88e5', '#1565c0', '#0d47a1'];
  const named = levels.filter(l => l !== null);
  const colours = new Map<string | null, string>();
  named.forEach((l, i) => {
    const at = named.length === 1 ? ramp.length - 1 : i / (named.length - 1);
    colours.set(l, ramp[Math.round(at * (ramp.length - 1))]);
  });
  colours.set(null, dark ? '#616161' : '#bdbdbd');
  return colours;
}

/** Each point's x, by its date (a bucket without a snapshot leaves a gap); one point sits in the middle. */
export function xPositions(points: ReadonlyArray<TrendPoint>): number[] {
  const times = points.map(p => Date.parse(p.date));
  const first = times[0];
  const last = times[times.length - 1];
  return times.map(t =>
    last === first ? LEFT + PLOT / 2 : LEFT + ((t - first) / (last - first)) * PLOT,
  );
}

/** Date labels at the ends stay inside the drawing. */
function labelAnchor(i: number, count: number): 'start' | 'middle' | 'end' {
  if (count > 1 && i === 0) return 'start';
  if (count > 1 && i === count - 1) return 'end';
  return 'middle';
}

const scoreY = (score: number) => SCORE_TOP + SCORE_HEIGHT * (1 - score / 100);

/** The average score as a line, broken where a point has no scored entity. */
export function scorePath(points: ReadonlyArray<TrendPoint>, xs: number[]): string {
  let path = '';
  let drawing = false;
  points.forEach((p, i) => {
    if (p.averageScore === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${xs[i].toFixed(1)} ${scoreY(p.averageScore).toFixed(1)} `;
    drawing = true;
  });
  return path.trim();
}

/**
 * The chart itself: the average score over time (upper part, 0 to 100 with the score bands'
 * thresholds) and the entities per level as stacked bars (lower part). Decorative for assistive
 * technology: the figure around it carries the summary and a table of the same numbers.
 */
export const TrendDrawing = (props: {
  points: ReadonlyArray<TrendPoint>;
  levels: ReadonlyArray<string | null>;
}) => {
  const { points, levels } = props;
  const theme = useTheme();
  const colours = levelColours(levels, theme.palette.type === 'dark');
  const xs = xPositions(points);
  const text = theme.palette.text.secondary;
  const grid = theme.palette.divider;
  const line = theme.palette.primary.main;
  const most = Math.max(1, ...points.map(p => p.entityCount));
  const barWidth = Math.max(2, Math.min(24, (PLOT / points.length) * 0.6));
  const labelEvery = Math.ceil(points.length / 6);

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      aria-hidden="true"
      data-testid="trend-chart"
      style={{ display: 'block', fontFamily: theme.typography.fontFamily }}
    >
      {[0, 50, 80, 100].map(tick => (
        <g key={tick}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={scoreY(tick)} y2={scoreY(tick)} stroke={grid} />
          <text x={LEFT - 6} y={scoreY(tick) + 4} textAnchor="end" fontSize={12} fill={text}>
            {tick}
          </text>
        </g>
      ))}
      <path d={scorePath(points, xs)} fill="none" stroke={line} strokeWidth={2.5} />
      {points.map((p, i) =>
        p.averageScore === null ? null : (
          <circle key={p.date} cx={xs[i]} cy={scoreY(p.averageScore)} r={3.5} fill={line}>
            <title>{`${p.date}: average ${formatScore(p.averageScore)}`}</title>
          </circle>
        ),
      )}
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={BARS_TOP + BARS_HEIGHT} y2={BARS_TOP + BARS_HEIGHT} stroke={grid} />
      <text x={LEFT - 6} y={BARS_TOP + 10} textAnchor="end" fontSize={12} fill={text}>
        {most}
      </text>
      {points.map((p, i) => {
        let top = BARS_TOP + BARS_HEIGHT;
        return (
          <g key={p.date}>
            {p.levels.map(l => {
              const h = (l.count / most) * BARS_HEIGHT;
              top -= h;
              return (
                <rect
                  key={levelName(l.level)}
                  x={xs[i] - barWidth / 2}
                  y={top}
                  width={barWidth}
                  height={h}
                  fill={colours.get(l.level) ?? colours.get(null)}
                >
                  <title>{`${p.date}: ${levelName(l.level)} ${l.count}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 || i === points.length - 1 ? (
              <text
                x={xs[i]}
                y={HEIGHT - 6}
                textAnchor={labelAnchor(i, points.length)}
                fontSize={12}
                fill={text}
              >
                {p.date}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
};
