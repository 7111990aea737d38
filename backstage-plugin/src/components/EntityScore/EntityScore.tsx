import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Chip, Tooltip, Typography } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { EntityScores } from '../../api/scorecardTypes';
import { formatScore, scoreBand } from '../common';
import { scoreLoaderFor } from './scoreLoader';

type Scorecard = EntityScores[number];

/** The named scorecard, or, without a name, the entity's lowest score (as the graph colours it). */
export function pickScorecard(
  scores: EntityScores | null | undefined,
  scorecard?: string,
): Scorecard | undefined {
  const scored = (scores ?? []).filter(s => !scorecard || s.name === scorecard);
  return [...scored].sort((a, b) => a.score - b.score)[0];
}

/** "72 · silver", or "72 · no level" before the first level is reached. */
export function scoreText(s: Scorecard): string {
  return `${formatScore(s.score)} · ${s.level ?? 'no level'}`;
}

/** One entity's score, asked for together with every other score on the page. */
export function useEntityScore(entityRef: string, scorecard?: string) {
  const api = useApi(stagehandApiRef);
  const { value, loading, error } = useAsync(
    () => scoreLoaderFor(api)(entityRef),
    [api, entityRef],
  );
  return { scorecard: pickScorecard(value, scorecard), all: value ?? [], loading, error };
}

/** The score as a chip in its band's colour, every scorecard named in its tooltip. */
export const ScoreChip = (props: {
  entityRef: string;
  scorecard?: string;
  label?: (s: Scorecard) => string;
}) => {
  const { entityRef, scorecard, label = scoreText } = props;
  const { scorecard: shown, all, loading, error } = useEntityScore(entityRef, scorecard);
  if (loading) return null;
  if (error) {
    return (
      <Typography variant="body2" color="textSecondary" title={String(error)}>
        score unavailable
      </Typography>
    );
  }
  if (!shown) {
    return (
      <Typography variant="body2" color="textSecondary">
        not scored
      </Typography>
    );
  }
  const band = scoreBand(shown.score);
  return (
    <Tooltip title={all.map(s => `${s.name}: ${scoreText(s)}`).join(', ')}>
      <Chip
        size="small"
        label={label(shown)}
        aria-label={`${shown.name} score ${formatScore(shown.score)}, level ${shown.level ?? 'none'}`}
        // Dark text on the amber band, white on green and red: readable on each.
        style={{
          backgroundColor: band.colour,
          color: band.min === 50 ? '#000' : '#fff',
          fontWeight: 600,
        }}
      />
    </Tooltip>
  );
};
