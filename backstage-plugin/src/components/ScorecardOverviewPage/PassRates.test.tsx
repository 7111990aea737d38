import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { summary } from '../../testing/scorecardFixtures';
import { PassRates } from './PassRates';

const filter = { scorecard: 'production-readiness', owner: 'group:default/checkout-team' };

async function render(api: Partial<StagehandApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <PassRates
        scorecard="production-readiness"
        filter={filter}
        checkTitles={{ 'has-owner': 'Has an owner' }}
      />
    </TestApiProvider>,
  );
}

describe('PassRates', () => {
  it('sums up the filtered entities and lists each check with its pass rate', async () => {
    const getScorecardSummary = jest.fn().mockResolvedValue(summary);
    await render({ getScorecardSummary });

    expect(await screen.findByRole('note')).toHaveTextContent(
      '4 entities, average score 71, 1 failing a critical check; levels: bronze 2, gold 1, none 1',
    );
    expect(getScorecardSummary).toHaveBeenCalledWith('production-readiness', filter);
    const rows = screen.getAllByRole('row').slice(1).map(r => within(r).getAllByRole('cell').map(c => c.textContent));
    expect(rows).toEqual([
      ['Has an owner', 'high', '75 %', '3', '1', '0', '0', '0'],
      // no title known: the check's id; nothing decided yet: no rate
      ['on-call', 'critical', '–', '0', '0', '0', '4', '0'],
    ]);
  });

  it("shows Stagehand's error instead of the table", async () => {
    await render({
      getScorecardSummary: jest.fn().mockRejectedValue(new Error('Unknown scorecard nope')),
    });

    expect(await screen.findByText(/Stagehand could not answer/)).toBeInTheDocument();
    expect(screen.queryByText('Per-check pass rates')).not.toBeInTheDocument();
  });
});
