import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { resultPage } from '../../testing/scorecardFixtures';
import { NO_FILTERS } from './filters';
import { ResultsTable } from './ResultsTable';

const filter = { scorecard: 'production-readiness' };

async function render(api: Partial<StagehandApi>, filters = NO_FILTERS) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <ResultsTable filter={filter} filters={filters} pageSize={2} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ResultsTable', () => {
  it('shows one page of scored entities with owner, system, score and level', async () => {
    const getScorecardResults = jest
      .fn()
      .mockResolvedValue(resultPage(['component:default/a', 'component:default/b'], 5, 'c2'));
    await render({ getScorecardResults });

    expect(await screen.findByText('Scored entities (5)')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('1–2 of 5');
    const first = screen.getAllByRole('row')[1];
    expect(within(first).getAllByRole('cell').map(c => c.textContent)).toEqual([
      'a',
      'checkout-team',
      'checkout',
      '40',
      'none',
      '0',
      '2',
    ]);
    expect(within(first).getByText('a').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/a',
    );
    expect(getScorecardResults).toHaveBeenCalledWith({
      filter,
      orderBy: [
        { field: 'SCORE', direction: 'ASC' },
        { field: 'REF', direction: 'ASC' },
      ],
      first: 2,
      after: null,
    });
  });

  it('pages forward with the cursor Stagehand gave and back again', async () => {
    const getScorecardResults = jest.fn(async ({ after }) =>
      after === 'c2'
        ? resultPage(['component:default/c', 'component:default/d'], 5, 'c4')
        : resultPage(['component:default/a', 'component:default/b'], 5, 'c2'),
    );
    await render({ getScorecardResults });
    await screen.findByText('a');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('c')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('3–4 of 5');
    expect(getScorecardResults).toHaveBeenLastCalledWith(expect.objectContaining({ after: 'c2' }));

    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('a')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('1–2 of 5');
  });

  it('stops at the last page', async () => {
    await render({
      getScorecardResults: jest.fn().mockResolvedValue(resultPage(['component:default/a'], 1, null)),
    });

    expect(await screen.findByRole('status')).toHaveTextContent('1–1 of 1');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('says when nothing matches the filters', async () => {
    await render({
      getScorecardResults: jest.fn().mockResolvedValue(resultPage([], 0, null)),
    });

    expect(await screen.findByText('No scored entity matches these filters.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('0–0 of 0');
  });

  it('asks for the highest scores first when sorted descending', async () => {
    const getScorecardResults = jest.fn().mockResolvedValue(resultPage([], 0, null));
    await render({ getScorecardResults }, { ...NO_FILTERS, order: 'DESC' });

    await waitFor(() =>
      expect(getScorecardResults).toHaveBeenCalledWith(
        expect.objectContaining({
          orderBy: [
            { field: 'SCORE', direction: 'DESC' },
            { field: 'REF', direction: 'ASC' },
          ],
        }),
      ),
    );
  });
});
