import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { rollup } from '../../testing/scorecardFixtures';
import { GroupScorecardCard } from './GroupScorecardCard';

const group = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'commerce-tribe', namespace: 'default' },
};

async function renderCard(api: Partial<StagehandApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <EntityProvider entity={group}>
        <GroupScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('GroupScorecardCard', () => {
  it("shows the team's average, level distribution and entities failing critical checks", async () => {
    const getGroupRollups = jest.fn().mockResolvedValue([rollup]);
    await renderCard({ getGroupRollups });

    expect(await screen.findByText('Average 71')).toBeInTheDocument();
    expect(screen.getByText('4 entities')).toBeInTheDocument();
    expect(screen.getByText('bronze: 2')).toBeInTheDocument();
    expect(screen.getByText('no level: 1')).toBeInTheDocument();
    expect(screen.getByText('Failing critical checks: 1')).toBeInTheDocument();
    expect(screen.getByText('checkout-service').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service',
    );
    expect(getGroupRollups).toHaveBeenCalledWith('group:default/commerce-tribe', true);
  });

  it('asks again without sub-teams when switched off', async () => {
    const getGroupRollups = jest.fn().mockResolvedValue([rollup]);
    await renderCard({ getGroupRollups });
    await screen.findByText('Average 71');

    fireEvent.click(screen.getByLabelText('Include sub-teams'));

    await waitFor(() =>
      expect(getGroupRollups).toHaveBeenLastCalledWith('group:default/commerce-tribe', false),
    );
  });

  it('says when nothing the team owns is scored', async () => {
    await renderCard({
      getGroupRollups: jest.fn().mockResolvedValue([
        { ...rollup, entityCount: 0, averageScore: null, levels: [], failingCriticalCount: 0, failingCritical: [] },
      ]),
    });

    expect(await screen.findByText('Nothing scored')).toBeInTheDocument();
  });

  it('shows the error when Stagehand cannot answer', async () => {
    await renderCard({
      getGroupRollups: jest.fn().mockRejectedValue(new Error('Validation error: scorecardRollups')),
    });

    expect(await screen.findByText(/Stagehand could not answer/)).toBeInTheDocument();
  });
});
