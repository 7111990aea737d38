import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  ButtonGroup,
  Typography,
  useTheme,
} from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { TrendInterval, TrendPoint } from '../../api/scorecardTypes';
import { formatScore } from '../common';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { TrendDrawing, levelColours } from './TrendDrawing';
import { INTERVALS, levelName, levelsOf, sinceFor, trendSummary } from './trend';

export type ScorecardTrendChartProps = {
  /** The scorecard's name. */
  scorecard: string;
  /** A group's ref: its entities and its sub-groups'; the whole scorecard when omitted. */
  owner?: string;
  /** The interval shown first (the reader can switch it). */
  initialInterval?: TrendInterval;
  /** For tests: the day the chart looks back from. */
  now?: Date;
};

// Hidden from sight but read by screen readers: the chart's numbers as a table. The wrapper, not
// the table, is clipped: a table grows to its content whatever its width and height say.
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const Legend = ({ levels }: { levels: ReadonlyArray<string | null> }) => {
  const theme = useTheme();
  const colours = levelColours(levels, theme.palette.type === 'dark');
  const swatch = (colour: string, shape: 'line' | 'box') => (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: 14,
        height: shape === 'line' ? 3 : 10,
        marginRight: 4,
        verticalAlign: 'middle',
        background: colour,
      }}
    />
  );
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} aria-hidden="true">
      <Typography variant="caption">
        {swatch(theme.palette.primary.main, 'line')}average score
      </Typography>
      {levels.map(l => (
        <Typography key={levelName(l)} variant="caption">
          {swatch(colours.get(l)!, 'box')}
          {levelName(l)}
        </Typography>
      ))}
    </Box>
  );
};

const TrendTable = (props: {
  points: ReadonlyArray<TrendPoint>;
  levels: ReadonlyArray<string | null>;
  caption: string;
}) => (
  <div style={visuallyHidden}>
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Average score</th>
          <th scope="col">Entities</th>
          {props.levels.map(l => (
            <th scope="col" key={levelName(l)}>
              {levelName(l)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.points.map(p => (
          <tr key={p.date}>
            <th scope="row">{p.date}</th>
            <td>{formatScore(p.averageScore)}</td>
            <td>{p.entityCount}</td>
            {props.levels.map(l => (
              <td key={levelName(l)}>
                {p.levels.find(x => x.level === l)?.count ?? 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/**
 * A scorecard's trend from Stagehand's daily snapshots: the average score and the entities per
 * level over time, by day, week or month. A labelled figure whose caption says the trend in words,
 * with a table of the same numbers for screen readers; drawn in the app's theme.
 */
export const ScorecardTrendChart = (props: ScorecardTrendChartProps) => {
  const { scorecard, owner } = props;
  const api = useApi(stagehandApiRef);
  const [interval, setShownInterval] = useState<TrendInterval>(
    props.initialInterval ?? 'DAY',
  );
  const since = sinceFor(interval, props.now ?? new Date());
  const { value, loading, error } = useAsyncRetry(
    () => api.getScorecardTrend({ scorecard, owner, since, interval }),
    [api, scorecard, owner, since, interval],
  );
  const id = `stagehand-trend-${scorecard}-${owner ?? 'all'}`.replace(
    /[^A-Za-z0-9_-]/g,
    '-',
  );
  const tableCaption = `${scorecard} by ${interval.toLocaleLowerCase('en-US')}${
    owner ? `, ${owner} and its sub-groups` : ''
  }`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <StagehandErrorPanel error={error} />;
  } else {
    const points = value?.points ?? [];
    const levels = levelsOf(points);
    const summary = trendSummary(points);
    body = (
      <>
        {points.length > 0 && (
          <>
            <TrendDrawing points={points} levels={levels} />
            <Legend levels={levels} />
            <TrendTable points={points} levels={levels} caption={tableCaption} />
          </>
        )}
        <Typography variant="body2" component="figcaption" id={`${id}-summary`}>
          {summary}
        </Typography>
      </>
    );
  }

  return (
    <Box
      component="figure"
      m={0}
      mt={2}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
      data-testid="scorecard-trend"
      // The hidden table is placed within the figure, not at the page's edge where it would
      // make the page itself scroll.
      position="relative"
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
        <Typography variant="subtitle2" component="h4" id={`${id}-title`}>
          Trend: average score and entities per level
        </Typography>
        <ButtonGroup size="small" role="group" aria-label="Trend interval">
          {INTERVALS.map(i => (
            <Button
              key={i.interval}
              aria-pressed={interval === i.interval}
              variant={interval === i.interval ? 'contained' : 'outlined'}
              color={interval === i.interval ? 'primary' : 'default'}
              onClick={() => setShownInterval(i.interval)}
            >
              {i.label}
            </Button>
          ))}
        </ButtonGroup>
      </Box>
      {body}
    </Box>
  );
};
