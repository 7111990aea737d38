import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { rootRouteRef } from '../../routes';
import { checkoutHistory, checkoutScorecard } from '../../testing/scorecardFixtures';
import { EntityScorecardCard } from './EntityScorecardCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
};

async function renderCard(api: Partial<StagehandApi>, withOverview = true) {
  const withHistory = { getScoreHistory: jest.fn().mockResolvedValue([]), ...api };
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, withHistory]]}>
      <EntityProvider entity={entity}>
        <EntityScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(withOverview ? { '/stagehand': rootRouteRef } : {}),
      },
    },
  );
}

describe('EntityScorecardCard', () => {
  it("shows the entity's score, level and counts", async () => {
    const getEntityScorecards = jest.fn().mockResolvedValue([checkoutScorecard]);
    await renderCard({ getEntityScorecards });

    expect(await screen.findByText('Production readiness')).toBeInTheDocument();
    expect(screen.getByText('Score 63')).toBeInTheDocument();
    expect(screen.getByText('Level: bronze')).toBeInTheDocument();
    expect(screen.getByText('1 critical failing')).toBeInTheDocument();
    expect(getEntityScorecards).toHaveBeenCalledWith('component:default/checkout-service');
  });

  it('lists failing checks first, the critical one leading, then exempt, then passing', async () => {
    await renderCard({ getEntityScorecards: jest.fn().mockResolvedValue([checkoutScorecard]) });

    await screen.findByText('Production readiness');
    const order = screen.getAllByTestId(/^check-/).map(e => e.dataset.testid);
    expect(order).toEqual([
      'check-on-call',
      'check-has-docs',
      'check-runbook',
      'check-has-owner',
      'check-lifecycle',
    ]);
    expect(screen.getByText('Failing (2)')).toBeInTheDocument();
    expect(screen.getByText('Exempt (1)')).toBeInTheDocument();
    expect(screen.getByText('Passing (2)')).toBeInTheDocument();
  });

  it('gives each check its message, facts and exemption with its expiry', async () => {
    await renderCard({ getEntityScorecards: jest.fn().mockResolvedValue([checkoutScorecard]) });

    const onCall = await screen.findByTestId('check-on-call');
    expect(within(onCall).getByText('No PagerDuty service is linked')).toBeInTheDocument();
    expect(within(onCall).getByText('Facts: entity.pagerduty = false')).toBeInTheDocument();
    const docs = screen.getByTestId('check-has-docs');
    expect(within(docs).getByText('Facts: entity.annotations = missing')).toBeInTheDocument();
    const runbook = screen.getByTestId('check-runbook');
    expect(runbook).toHaveTextContent(
      'Exempt: Being rewritten, approved by group:default/sre-team; expires 2026-12-31',
    );
  });

  it('links to the overview page when the app mounts it, and not otherwise', async () => {
    const api = { getEntityScorecards: jest.fn().mockResolvedValue([checkoutScorecard]) };
    const { unmount } = await renderCard(api);
    expect(await screen.findByText('Scorecard overview')).toBeInTheDocument();
    expect(screen.getByText('Scorecard overview').closest('a')).toHaveAttribute('href', '/stagehand');
    unmount();

    await renderCard(api, false);
    await screen.findByText('Production readiness');
    expect(screen.queryByText('Scorecard overview')).not.toBeInTheDocument();
  });

  it('says when no scorecard applies', async () => {
    await renderCard({ getEntityScorecards: jest.fn().mockResolvedValue([]) });

    expect(await screen.findByText('No scorecard applies to this entity')).toBeInTheDocument();
  });

  it('says when Stagehand does not know the entity', async () => {
    await renderCard({ getEntityScorecards: jest.fn().mockResolvedValue(null) });

    expect(await screen.findByText('Stagehand does not know this entity')).toBeInTheDocument();
  });

  it('says when Stagehand is unreachable', async () => {
    await renderCard({
      getEntityScorecards: jest.fn().mockRejectedValue(new TypeError('Failed to fetch')),
    });

    expect(await screen.findByText(/Stagehand is unreachable/)).toBeInTheDocument();
  });

  it('groups checks by category when the scorecard has categories, failing critical first in each', async () => {
    const categories: Record<string, string> = {
      'on-call': 'reliability',
      runbook: 'reliability',
      'has-docs': 'documentation',
      'has-owner': 'reliability',
    };
    const categorised = {
      ...checkoutScorecard,
      results: checkoutScorecard.results.map(r => ({
        ...r,
        category: categories[r.checkId] ?? null,
      })),
    };
    await renderCard({ getEntityScorecards: jest.fn().mockResolvedValue([categorised]) });

    await screen.findByText('Production readiness');
    const sections = screen.getAllByRole('region').filter(r => r.tagName === 'SECTION');
    const groups = sections.slice(1);
    expect(groups.map(g => g.getAttribute('aria-label'))).toEqual([
      'reliability',
      'documentation',
      'Other',
    ]);
    expect(screen.getByText('reliability (1 failing of 3)')).toBeInTheDocument();
    expect(screen.getByText('documentation (1 failing of 1)')).toBeInTheDocument();
    expect(screen.getByText('Other (0 failing of 1)')).toBeInTheDocument();
    expect(within(groups[0]).getAllByTestId(/^check-/).map(e => e.dataset.testid)).toEqual([
      'check-on-call',
      'check-runbook',
      'check-has-owner',
    ]);
    expect(within(groups[0]).getByText('failing')).toBeInTheDocument();
    expect(screen.queryByText('Failing (2)')).not.toBeInTheDocument();
  });

  it("draws the entity's recent score history beside its score", async () => {
    const getScoreHistory = jest.fn().mockResolvedValue(checkoutHistory);
    await renderCard({
      getEntityScorecards: jest.fn().mockResolvedValue([checkoutScorecard]),
      getScoreHistory,
    });

    const sparkline = await screen.findByRole('img', { name: /^Score history/ });
    expect(sparkline).toHaveAccessibleName(
      'Score history, last 90 days: Score 40 on 2026-10-20, 63 since 2026-12-01 (2 changes)',
    );
    expect(getScoreHistory).toHaveBeenCalledWith(
      'component:default/checkout-service',
      'production-readiness',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    );
  });

  it('keeps the card when the score history cannot be had', async () => {
    await renderCard({
      getEntityScorecards: jest.fn().mockResolvedValue([checkoutScorecard]),
      getScoreHistory: jest.fn().mockRejectedValue(new Error('boom')),
    });

    expect(await screen.findByText('score history unavailable')).toBeInTheDocument();
    expect(screen.getByText('Score 63')).toBeInTheDocument();
  });
});
