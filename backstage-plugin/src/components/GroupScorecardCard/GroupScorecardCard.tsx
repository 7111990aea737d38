import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  InfoCard,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  Switch,
  Typography,
} from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { ScorecardRollup } from '../../api/scorecardTypes';
import { rootRouteRef } from '../../routes';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { formatScore, scoreBand, useOptionalRouteRef } from '../common';
import { ScorecardTrendChart } from '../ScorecardTrend';

/** @public */
export type GroupScorecardCardProps = {
  title?: string;
  /** Whether sub-groups' entities count, at first (the reader can switch it). */
  includeSubgroups?: boolean;
};

const RollupSection = ({
  rollup,
  groupRef,
  includeSubgroups,
}: {
  rollup: ScorecardRollup;
  groupRef: string;
  includeSubgroups: boolean;
}) => (
  <Box mb={3} component="section" aria-label={rollup.scorecard}>
    <Box display="flex" alignItems="center" style={{ gap: 12 }}>
      <Typography variant="h6">{rollup.scorecard}</Typography>
      {rollup.averageScore !== null && (
        <Chip
          label={`Average ${formatScore(rollup.averageScore)}`}
          style={{
            background: scoreBand(rollup.averageScore).colour,
            color: '#fff',
          }}
        />
      )}
      <Typography variant="body2" color="textSecondary">
        {rollup.entityCount} entities
      </Typography>
    </Box>
    <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {rollup.levels.map(l => (
        <Chip
          key={l.level ?? '(none)'}
          size="small"
          variant="outlined"
          label={`${l.level ?? 'no level'}: ${l.count}`}
        />
      ))}
    </Box>
    <Typography variant="subtitle2" style={{ marginTop: 8 }}>
      Failing critical checks: {rollup.failingCriticalCount}
    </Typography>
    {rollup.failingCritical.length > 0 && (
      <List dense>
        {rollup.failingCritical.map(r => (
          <ListItem key={r.ref}>
            <ListItemText
              primary={<EntityRefLink entityRef={r.ref} />}
              secondary={`score ${formatScore(r.score)}, ${r.failingCritical} critical failing`}
            />
          </ListItem>
        ))}
      </List>
    )}
    <ScorecardTrendChart scorecard={rollup.scorecard} owner={groupRef} />
    {!includeSubgroups && (
      <Typography variant="caption" color="textSecondary">
        The trend counts the sub-teams' entities too.
      </Typography>
    )}
  </Box>
);

/**
 * A team's roll-up in every scorecard: average score, how many reached each level, the entities
 * failing critical checks and the trend over time; its sub-teams' entities included when switched
 * on (the trend always counts them, as Stagehand's snapshots do).
 * @public
 */
export const GroupScorecardCard = (props: GroupScorecardCardProps) => {
  const { title = 'Team scorecards' } = props;
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const api = useApi(stagehandApiRef);
  const overview = useOptionalRouteRef(rootRouteRef);
  const [includeSubgroups, setIncludeSubgroups] = useState(
    props.includeSubgroups ?? true,
  );
  const { value, loading, error } = useAsyncRetry(
    () => api.getGroupRollups(groupRef, includeSubgroups),
    [api, groupRef, includeSubgroups],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <StagehandErrorPanel error={error} />;
  } else if (!value) {
    body = (
      <EmptyState
        missing="data"
        title="Stagehand does not know this group"
        description={`No group ${groupRef} in Stagehand's catalog.`}
      />
    );
  } else if (value.every(r => r.entityCount === 0)) {
    body = (
      <EmptyState
        missing="info"
        title="Nothing scored"
        description="No entity this group owns is scored by a scorecard yet."
      />
    );
  } else {
    body = value
      .filter(r => r.entityCount > 0)
      .map(r => (
        <RollupSection
          key={r.scorecard}
          rollup={r}
          groupRef={groupRef}
          includeSubgroups={includeSubgroups}
        />
      ));
  }

  return (
    <InfoCard
      title={title}
      deepLink={
        overview ? { title: 'Scorecard overview', link: overview() } : undefined
      }
    >
      <FormControlLabel
        control={
          <Switch
            checked={includeSubgroups}
            onChange={e => setIncludeSubgroups(e.target.checked)}
            color="primary"
          />
        }
        label="Include sub-teams"
      />
      {body}
    </InfoCard>
  );
};
