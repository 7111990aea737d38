import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress, Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Button, Typography } from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { ScorecardResultPage } from '../../api/scorecardTypes';
import type { ScorecardResultFilter } from '../../api/generated/graphql';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { formatScore } from '../common';
import { toOrder } from './filters';
import type { OverviewFilters } from './filters';

type Row = ScorecardResultPage['nodes'][number];

const columns: TableColumn<Row>[] = [
  {
    title: 'Entity',
    field: 'ref',
    render: r => <EntityRefLink entityRef={r.ref} />,
  },
  {
    title: 'Owner',
    render: r =>
      r.entity && 'ownerRef' in r.entity && r.entity.ownerRef ? (
        <EntityRefLink entityRef={r.entity.ownerRef} defaultKind="group" />
      ) : (
        '–'
      ),
  },
  {
    title: 'System',
    render: r =>
      r.entity && 'system' in r.entity && r.entity.system ? (
        <EntityRefLink entityRef={r.entity.system.ref} />
      ) : (
        '–'
      ),
  },
  { title: 'Score', field: 'score', render: r => formatScore(r.score) },
  { title: 'Level', render: r => r.level ?? 'none' },
  { title: 'Critical failing', field: 'failingCritical' },
  { title: 'Failing', field: 'failing' },
];

/** One page of results at a time, walked with Stagehand's cursors. */
export const ResultsTable = (props: {
  filter: ScorecardResultFilter;
  filters: OverviewFilters;
  pageSize: number;
}) => {
  const { filter, filters, pageSize } = props;
  const api = useApi(stagehandApiRef);
  // cursors[i] is the `after` of page i; a new filter starts again at page 0.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>(
    { key: '', cursors: [null] },
  );
  const key = JSON.stringify([filter, filters.order]);
  const cursors = paging.key === key ? paging.cursors : [null];
  const page = cursors.length - 1;
  const { value, loading, error } = useAsyncRetry(
    () =>
      api.getScorecardResults({
        filter,
        orderBy: toOrder(filters),
        first: pageSize,
        after: cursors[page],
      }),
    [api, key, page, pageSize],
  );

  if (error) return <StagehandErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  const from = value.totalCount === 0 ? 0 : page * pageSize + 1;
  const to = page * pageSize + value.nodes.length;
  return (
    <>
      <Table<Row>
        title={`Scored entities (${value.totalCount})`}
        columns={columns}
        data={value.nodes}
        options={{ paging: false, search: false, sorting: false, padding: 'dense' }}
        emptyContent={
          <Box p={2}>
            <Typography>No scored entity matches these filters.</Typography>
          </Box>
        }
      />
      <Box display="flex" alignItems="center" justifyContent="flex-end" style={{ gap: 8 }} mt={1}>
        <Typography variant="body2" role="status">
          {from}–{to} of {value.totalCount}
        </Typography>
        <Button
          disabled={page === 0}
          onClick={() => setPaging({ key, cursors: cursors.slice(0, -1) })}
        >
          Previous
        </Button>
        <Button
          disabled={!value.pageInfo.hasNextPage}
          onClick={() =>
            setPaging({ key, cursors: [...cursors, value.pageInfo.endCursor ?? null] })
          }
        >
          Next
        </Button>
      </Box>
    </>
  );
};
