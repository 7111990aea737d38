import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { EntityScoreBadge } from './EntityScoreBadge';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
};

async function renderBadge(api: Partial<StagehandApi>, scorecard?: string) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityScoreBadge scorecard={scorecard} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const scores = new Map([
  [
    'component:default/checkout-service',
    [
      { name: 'production-readiness', score: 62.5, level: 'bronze', levels: ['bronze', 'silver'] },
      { name: 'security', score: 90, level: 'silver', levels: ['bronze', 'silver'] },
    ],
  ],
]);

describe('EntityScoreBadge', () => {
  it("shows the entity's lowest score and its level", async () => {
    const getEntityScores = jest.fn().mockResolvedValue(scores);
    await renderBadge({ getEntityScores });
    expect(await screen.findByText('Score 63 · bronze')).toBeInTheDocument();
    expect(getEntityScores).toHaveBeenCalledWith(['component:default/checkout-service']);
  });

  it('shows the named scorecard', async () => {
    await renderBadge({ getEntityScores: jest.fn().mockResolvedValue(scores) }, 'security');
    expect(await screen.findByText('Score 90 · silver')).toBeInTheDocument();
  });

  it('says when Stagehand has not scored the entity', async () => {
    await renderBadge({ getEntityScores: jest.fn().mockResolvedValue(new Map()) });
    expect(await screen.findByText('not scored')).toBeInTheDocument();
  });
});
