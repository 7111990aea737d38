import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { rollup, weeklyTrend } from '../../testing/scorecardFixtures';
import { GroupScorecardCard } from './GroupScorecardCard';

const group = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'commerce-tribe', namespace: 'default' },
};

async function renderCard(api: Partial<StagehandApi>) {
  const withTrend = {
    getScorecardTrend: jest.fn().mockResolvedValue({ ...weeklyTrend, points: [] }),
    ...api,
  };
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, withTrend]]}>
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

  it("shows each scorecard's trend for the team, and says it counts sub-teams when they are switched off", async () => {
    const getScorecardTrend = jest.fn().mockResolvedValue(weeklyTrend);
    await renderCard({ getGroupRollups: jest.fn().mockResolvedValue([rollup]), getScorecardTrend });

    const figure = await screen.findByRole('figure', {
      name: 'Trend: average score and entities per level',
    });
    expect(await within(figure).findByTestId('trend-chart')).toBeInTheDocument();
    expect(getScorecardTrend).toHaveBeenCalledWith(
      expect.objectContaining({
        scorecard: 'production-readiness',
        owner: 'group:default/commerce-tribe',
        interval: 'DAY',
      }),
    );
    expect(screen.queryByText("The trend counts the sub-teams' entities too.")).not.toBeInTheDocument();

    fireEvent.click(screen.getByLabelText('Include sub-teams'));

    expect(await screen.findByText("The trend counts the sub-teams' entities too.")).toBeInTheDocument();
  });
});
