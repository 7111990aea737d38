import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import {
  definitions,
  resultPage,
  summary,
  weeklyTrend,
} from '../../testing/scorecardFixtures';
import { ScorecardOverviewPage } from './ScorecardOverviewPage';

// material-table renders slowly in jsdom, more so on a busy two-core machine.
jest.setTimeout(60000);
const slow = { timeout: 20000 };

async function renderPage(api: Partial<StagehandApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <ScorecardOverviewPage pageSize={2} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function fakeApi() {
  return {
    getScorecardDefinitions: jest.fn().mockResolvedValue(definitions),
    getScorecardResults: jest.fn().mockImplementation(async ({ after }) =>
      after
        ? resultPage(['component:default/order-service'], 3, null)
        : resultPage(
            ['component:default/checkout-service', 'component:default/basket-service'],
            3,
            'cursor-2',
          ),
    ),
    getScorecardSummary: jest.fn().mockResolvedValue(summary),
    getScorecardTrend: jest.fn().mockResolvedValue(weeklyTrend),
  };
}

async function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
}

describe('ScorecardOverviewPage', () => {
  it('lists the first page of scored entities, lowest score first, with owner and system', async () => {
    const api = fakeApi();
    await renderPage(api);

    expect(await screen.findByText('checkout-service', {}, slow)).toBeInTheDocument();
    expect(screen.getByText('Scored entities (3)')).toBeInTheDocument();
    expect(screen.getByText('1–2 of 3')).toBeInTheDocument();
    expect(screen.getAllByText('checkout-team')[0]).toBeInTheDocument();
    expect(api.getScorecardResults).toHaveBeenCalledWith({
      filter: { scorecard: 'production-readiness' },
      orderBy: [
        { field: 'SCORE', direction: 'ASC' },
        { field: 'REF', direction: 'ASC' },
      ],
      first: 2,
      after: null,
    });
  });

  it('pages forward with the cursor and back again', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByText('checkout-service', {}, slow);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('order-service', {}, slow)).toBeInTheDocument();
    expect(screen.getByText('3–3 of 3')).toBeInTheDocument();
    expect(api.getScorecardResults).toHaveBeenLastCalledWith(
      expect.objectContaining({ after: 'cursor-2' }),
    );
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('checkout-service', {}, slow)).toBeInTheDocument();
  });

  it('filters by owner, level and failing check, and sorts highest first', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByText('checkout-service', {}, slow);

    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'group:default/checkout-team' },
    });
    await waitFor(
      () =>
        expect(api.getScorecardResults).toHaveBeenLastCalledWith(
          expect.objectContaining({
            filter: {
              scorecard: 'production-readiness',
              owner: 'group:default/checkout-team',
              includeSubgroups: true,
            },
          }),
        ),
      slow,
    );

    await choose('Level', 'silver');
    await choose('Failing check', 'Has an on-call rotation');
    await choose('Sort by score', 'Highest first');
    await waitFor(() =>
      expect(api.getScorecardResults).toHaveBeenLastCalledWith(
        expect.objectContaining({
          filter: expect.objectContaining({ level: ['silver'], failingCheck: 'on-call' }),
          orderBy: [
            { field: 'SCORE', direction: 'DESC' },
            { field: 'REF', direction: 'ASC' },
          ],
        }),
      ),
      slow,
    );
    expect(api.getScorecardSummary).toHaveBeenLastCalledWith(
      'production-readiness',
      expect.objectContaining({ level: ['silver'], failingCheck: 'on-call' }),
    );
  });

  it('shows per-check pass rates by title', async () => {
    await renderPage(fakeApi());

    const note = await screen.findByRole('note', {}, slow);
    expect(note).toHaveTextContent('4 entities, average score 71, 1 failing a critical check');
    expect(screen.getByText('Per-check pass rates')).toBeInTheDocument();
    expect(screen.getByText('75 %')).toBeInTheDocument();
    expect(screen.getAllByText('Has an on-call rotation').length).toBeGreaterThan(0);
  });

  it('says when Stagehand has no scorecards', async () => {
    await renderPage({ ...fakeApi(), getScorecardDefinitions: jest.fn().mockResolvedValue([]) });

    expect(await screen.findByText('No scorecards', {}, slow)).toBeInTheDocument();
  });

  it('says when Stagehand is unreachable', async () => {
    await renderPage({
      ...fakeApi(),
      getScorecardDefinitions: jest.fn().mockRejectedValue(new TypeError('Failed to fetch')),
    });

    expect(await screen.findByText(/Stagehand is unreachable/, {}, slow)).toBeInTheDocument();
  });
});
