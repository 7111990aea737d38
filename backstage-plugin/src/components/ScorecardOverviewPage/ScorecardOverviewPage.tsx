import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Grid, MenuItem, TextField } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { ScorecardDefinition } from '../../api/scorecardTypes';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { NO_FILTERS, toResultFilter } from './filters';
import type { OverviewFilters } from './filters';
import { PassRates } from './PassRates';
import { ResultsTable } from './ResultsTable';
import { ScorecardTrendChart } from '../ScorecardTrend';

/** @public */
export type ScorecardOverviewPageProps = {
  title?: string;
  /** Rows per page of the table (Stagehand serves at most 500). */
  pageSize?: number;
};

const Overview = (props: {
  definitions: ScorecardDefinition[];
  pageSize: number;
}) => {
  const { definitions, pageSize } = props;
  const [name, setName] = useState(definitions[0].name);
  const [filters, setFilters] = useState<OverviewFilters>(NO_FILTERS);
  // Typed filters wait for a pause in typing before they ask Stagehand.
  const [text, setText] = useState({ owner: '', system: '' });
  useDebounce(() => setFilters(f => ({ ...f, ...text })), 400, [text]);
  const definition = definitions.find(d => d.name === name) ?? definitions[0];
  useEffect(() => setFilters(f => ({ ...f, level: '', failingCheck: '' })), [name]);
  const filter = useMemo(
    () => toResultFilter(definition.name, filters),
    [definition.name, filters],
  );
  const checkTitles = Object.fromEntries(
    definition.checks.map(c => [c.id, c.title ?? c.id]),
  );
  const select = (key: keyof OverviewFilters) => (e: any) =>
    setFilters(f => ({ ...f, [key]: e.target.value }));

  return (
    <>
      <ContentHeader title={definition.title ?? definition.name} />
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
        <TextField
          select
          label="Scorecard"
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Scorecard' } as object }}
          value={definition.name}
          onChange={e => setName(e.target.value as string)}
          style={{ minWidth: 180 }}
        >
          {definitions.map(d => (
            <MenuItem key={d.name} value={d.name}>
              {d.title ?? d.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="stagehand-filter-owner"
          label="Owner"
          placeholder="group:default/checkout-team"
          value={text.owner}
          onChange={e => setText(t => ({ ...t, owner: e.target.value }))}
        />
        <TextField
          id="stagehand-filter-system"
          label="System"
          placeholder="system:default/payments"
          value={text.system}
          onChange={e => setText(t => ({ ...t, system: e.target.value }))}
        />
        <TextField
          select
          label="Level"
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Level' } as object }}
          value={filters.level}
          onChange={select('level')}
          style={{ minWidth: 120 }}
        >
          <MenuItem value="">Any</MenuItem>
          {definition.levels.map(l => (
            <MenuItem key={l} value={l}>
              {l}
            </MenuItem>
          ))}
          <MenuItem value="NONE">No level</MenuItem>
        </TextField>
        <TextField
          select
          label="Failing check"
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Failing check' } as object }}
          value={filters.failingCheck}
          onChange={select('failingCheck')}
          style={{ minWidth: 180 }}
        >
          <MenuItem value="">Any</MenuItem>
          {definition.checks.map(c => (
            <MenuItem key={c.id} value={c.id}>
              {c.title ?? c.id}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Sort by score"
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Sort by score' } as object }}
          value={filters.order}
          onChange={select('order')}
          style={{ minWidth: 160 }}
        >
          <MenuItem value="ASC">Lowest first</MenuItem>
          <MenuItem value="DESC">Highest first</MenuItem>
        </TextField>
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ResultsTable filter={filter} filters={filters} pageSize={pageSize} />
        </Grid>
        <Grid item xs={12}>
          <PassRates scorecard={definition.name} filter={filter} checkTitles={checkTitles} />
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title="Over time"
            subheader="The whole scorecard, or the owner's entities with its sub-teams': the other filters do not apply to Stagehand's daily snapshots."
          >
            <ScorecardTrendChart
              scorecard={definition.name}
              owner={filters.owner.trim() || undefined}
            />
          </InfoCard>
        </Grid>
      </Grid>
    </>
  );
};

/**
 * Every scored entity of one scorecard, filtered by owner, system, level or failing check and
 * sorted by score, with each check's pass rate over the same set.
 * @public
 */
export const ScorecardOverviewPage = (props: ScorecardOverviewPageProps) => {
  const { title = 'Scorecards', pageSize = 25 } = props;
  const api = useApi(stagehandApiRef);
  const definitions = useAsyncRetry(() => api.getScorecardDefinitions(), [api]);

  let content;
  if (definitions.loading) {
    content = <Progress />;
  } else if (definitions.error) {
    content = <StagehandErrorPanel error={definitions.error} />;
  } else if (!definitions.value?.length) {
    content = (
      <EmptyState
        missing="info"
        title="No scorecards"
        description="Stagehand has no scorecard definitions loaded."
      />
    );
  } else {
    content = (
      <Overview definitions={definitions.value} pageSize={pageSize} />
    );
  }

  return (
    <Page themeId="tool">
      <Header title={title} subtitle="Scores of the catalog, from Stagehand" />
      <Content>{content}</Content>
    </Page>
  );
};
