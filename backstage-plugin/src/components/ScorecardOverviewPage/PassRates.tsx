import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard, Progress, Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Typography } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { ScorecardSummary } from '../../api/scorecardTypes';
import type { ScorecardResultFilter } from '../../api/generated/graphql';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { formatScore } from '../common';

type CheckRow = ScorecardSummary['checks'][number] & { title: string };

const columns: TableColumn<CheckRow>[] = [
  { title: 'Check', field: 'title' },
  { title: 'Weight', render: r => r.weight.toLocaleLowerCase('en-US') },
  {
    title: 'Pass rate',
    render: r =>
      r.passRate === null ? '–' : `${Math.round(r.passRate * 100)} %`,
  },
  { title: 'Pass', field: 'pass' },
  { title: 'Fail', field: 'fail' },
  { title: 'Exempt', field: 'exempt' },
  { title: 'Unknown', field: 'unknown' },
  { title: 'Errors', field: 'errors' },
];

/** The filtered set's numbers: average, levels and each check's pass rate. */
export const PassRates = (props: {
  scorecard: string;
  filter: ScorecardResultFilter;
  checkTitles: Record<string, string>;
}) => {
  const { scorecard, filter, checkTitles } = props;
  const api = useApi(stagehandApiRef);
  const { value, loading, error } = useAsyncRetry(
    () => api.getScorecardSummary(scorecard, filter),
    [api, scorecard, JSON.stringify(filter)],
  );

  if (error) return <StagehandErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  const rows = value.checks.map(c => ({
    ...c,
    title: checkTitles[c.checkId] ?? c.checkId,
  }));
  return (
    <InfoCard title="Per-check pass rates">
      <Typography variant="body2" role="note">
        {value.entityCount} entities, average score{' '}
        {formatScore(value.averageScore)}, {value.failingCriticalCount} failing
        a critical check; levels:{' '}
        {value.levels.map(l => `${l.level ?? 'none'} ${l.count}`).join(', ')}
      </Typography>
      <Table<CheckRow>
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
      />
    </InfoCard>
  );
};
