import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  InfoCard,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Chip, Divider, Typography } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { EntityScorecardResult } from '../../api/scorecardTypes';
import { rootRouteRef } from '../../routes';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import {
  STATE_GROUPS,
  checksByCategory,
  checksInState,
  formatScore,
  scoreBand,
  useOptionalRouteRef,
} from '../common';
import { CheckItem } from './CheckItem';
import { ScoreSparkline } from './ScoreSparkline';

/** @public */
export type EntityScorecardCardProps = {
  title?: string;
  /** Only this scorecard; every scorecard that applies when omitted. */
  scorecard?: string;
};

/** The checks under a heading per state, failing critical checks first. */
const ChecksByState = ({ result }: { result: EntityScorecardResult }) => (
  <>
    {STATE_GROUPS.map(group => {
      const checks = checksInState(result.results, group.state);
      if (checks.length === 0) return null;
      return (
        <Box key={group.state} mt={2}>
          <Typography variant="subtitle2" component="h4">
            {group.title} ({checks.length})
          </Typography>
          <Divider />
          {checks.map(c => (
            <CheckItem key={c.checkId} check={c} />
          ))}
        </Box>
      );
    })}
  </>
);

/** The checks under a heading per category, each in the same order as by state. */
const ChecksByCategory = ({
  categories,
}: {
  categories: NonNullable<ReturnType<typeof checksByCategory>>;
}) => (
  <>
    {categories.map(({ category, checks }) => {
      const failing = checks.filter(c => c.state === 'FAIL').length;
      return (
        <Box key={category} mt={2} component="section" aria-label={category}>
          <Typography variant="subtitle2" component="h4">
            {category} ({failing} failing of {checks.length})
          </Typography>
          <Divider />
          {checks.map(c => (
            <CheckItem key={c.checkId} check={c} showState />
          ))}
        </Box>
      );
    })}
  </>
);

const ScorecardSection = ({
  result,
  entityRef,
}: {
  result: EntityScorecardResult;
  entityRef: string;
}) => {
  const categories = checksByCategory(result.results);
  return (
    <Box mb={3} component="section" aria-label={result.title ?? result.name}>
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
        <Typography variant="h6" component="h3">
          {result.title ?? result.name}
        </Typography>
        <Chip
          label={`Score ${formatScore(result.score)}`}
          style={{ background: scoreBand(result.score).colour, color: '#fff' }}
        />
        <Chip
          variant="outlined"
          label={`Level: ${result.level ?? 'none'}`}
          title={`Levels, lowest first: ${result.levels.join(', ')}`}
        />
        {result.failingCritical > 0 && (
          <Chip
            color="secondary"
            label={`${result.failingCritical} critical failing`}
          />
        )}
        <ScoreSparkline entityRef={entityRef} scorecard={result.name} />
      </Box>
      <Typography variant="caption" color="textSecondary">
        {result.passing} passing, {result.failing} failing, {result.exempt} exempt,{' '}
        {result.unknown} unknown, {result.errors} errors; evaluated{' '}
        {result.evaluatedAt}
      </Typography>
      {categories ? (
        <ChecksByCategory categories={categories} />
      ) : (
        <ChecksByState result={result} />
      )}
    </Box>
  );
};

/**
 * The entity's scorecards as Stagehand evaluated them: score, level, the score's recent history
 * and every check (by category when the scorecard has categories, else by state), failing
 * critical checks first, with how to fix it, its links, the facts it read and any exemption.
 * @public
 */
export const EntityScorecardCard = (props: EntityScorecardCardProps) => {
  const { title = 'Scorecards', scorecard } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(stagehandApiRef);
  const overview = useOptionalRouteRef(rootRouteRef);
  const { value, loading, error } = useAsyncRetry(
    () => api.getEntityScorecards(entityRef),
    [api, entityRef],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <StagehandErrorPanel error={error} />;
  } else if (value === null || value === undefined) {
    body = (
      <EmptyState
        missing="data"
        title="Stagehand does not know this entity"
        description={`No entity ${entityRef} in Stagehand's catalog.`}
      />
    );
  } else {
    const shown = value.filter(s => !scorecard || s.name === scorecard);
    body =
      shown.length === 0 ? (
        <EmptyState
          missing="info"
          title="No scorecard applies to this entity"
          description="Stagehand's scorecards select the entities they apply to."
        />
      ) : (
        shown.map(s => (
          <ScorecardSection key={s.name} result={s} entityRef={entityRef} />
        ))
      );
  }

  return (
    <InfoCard
      title={title}
      deepLink={
        overview ? { title: 'Scorecard overview', link: overview() } : undefined
      }
    >
      {body}
    </InfoCard>
  );
};
