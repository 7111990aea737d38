import { Table } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { createEntityScoreColumn } from './EntityScoreColumn';

const component = (name: string): { entity: Entity } => ({
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
  },
});

const scorecard = (name: string, score: number, level: string | null) => ({
  name,
  score,
  level,
  levels: ['bronze', 'silver', 'gold'],
});

async function renderTable(api: Partial<StagehandApi>, rows: { entity: Entity }[], pageSize = 20) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <Table
        title="Catalog"
        options={{ pageSize, paging: true }}
        columns={[
          { title: 'Name', field: 'entity.metadata.name' },
          createEntityScoreColumn(),
        ]}
        data={rows}
      />
    </TestApiProvider>,
  );
}

describe('createEntityScoreColumn', () => {
  it('asks Stagehand once for every row of the page', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => component(`service-${i}`));
    const getEntityScores = jest.fn(async (refs: string[]) =>
      new Map(refs.map((ref, i) => [ref, [scorecard('production-readiness', 40 + i * 5, 'bronze')]])),
    );
    await renderTable({ getEntityScores }, rows);

    expect(await screen.findByText('40 · bronze')).toBeInTheDocument();
    expect(screen.getByText('95 · bronze')).toBeInTheDocument();
    expect(getEntityScores).toHaveBeenCalledTimes(1);
    expect(getEntityScores.mock.calls[0][0]).toHaveLength(12);
    expect(getEntityScores.mock.calls[0][0][0]).toBe('component:default/service-0');
  });

  it('asks only for the rows of the page shown', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => component(`service-${i}`));
    const getEntityScores = jest.fn(async (refs: string[]) =>
      new Map(refs.map(ref => [ref, [scorecard('production-readiness', 70, 'silver')]])),
    );
    await renderTable({ getEntityScores }, rows, 5);

    expect(await screen.findAllByText('70 · silver')).toHaveLength(5);
    expect(getEntityScores).toHaveBeenCalledTimes(1);
    expect(getEntityScores.mock.calls[0][0]).toHaveLength(5);
  });

  it("shows the entity's lowest score, says when it is not scored and when Stagehand fails", async () => {
    const getEntityScores = jest.fn(async () =>
      new Map([
        [
          'component:default/scored',
          [scorecard('production-readiness', 82, 'gold'), scorecard('security', 45, null)],
        ],
      ]),
    );
    await renderTable({ getEntityScores }, [component('scored'), component('unscored')]);
    expect(await screen.findByText('45 · no level')).toBeInTheDocument();
    expect(screen.getByLabelText('security score 45, level none')).toBeInTheDocument();
    expect(screen.getByText('not scored')).toBeInTheDocument();
  });

  it('says the score is unavailable when Stagehand cannot be asked', async () => {
    const getEntityScores = jest.fn().mockRejectedValue(new Error('Stagehand is unreachable'));
    await renderTable({ getEntityScores }, [component('a'), component('b')]);
    expect(await screen.findAllByText('score unavailable')).toHaveLength(2);
    expect(getEntityScores).toHaveBeenCalledTimes(1);
  });
});
