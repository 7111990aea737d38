import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { lightTheme, darkTheme } from '@backstage/theme';
import { ThemeProvider } from '@material-ui/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { weeklyTrend } from '../../testing/scorecardFixtures';
import { ScorecardTrendChart } from './ScorecardTrendChart';

const now = new Date('2026-12-08T00:30:00Z');

async function renderChart(api: Partial<StagehandApi>, theme = lightTheme) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <ThemeProvider theme={theme}>
        <ScorecardTrendChart
          scorecard="production-readiness"
          owner="group:default/commerce-tribe"
          now={now}
        />
      </ThemeProvider>
    </TestApiProvider>,
  );
}

describe('ScorecardTrendChart', () => {
  it('is a labelled figure whose caption says the trend, with a table of its numbers', async () => {
    const getScorecardTrend = jest.fn().mockResolvedValue(weeklyTrend);
    await renderChart({ getScorecardTrend });

    const figure = await screen.findByRole('figure', {
      name: 'Trend: average score and entities per level',
    });
    expect(figure).toHaveAccessibleDescription(
      'Average score 71 on 2026-12-06, up 16 from 55 on 2026-11-22; 4 entities (bronze 2, silver 0, gold 1, no level 1).',
    );
    const table = within(figure).getByRole('table', {
      name: 'production-readiness by day, group:default/commerce-tribe and its sub-groups',
    });
    const rows = within(table).getAllByRole('row');
    const cells = rows.map(r =>
      [...r.querySelectorAll('th, td')].map(c => c.textContent),
    );
    expect(cells).toEqual([
      ['From', 'Average score', 'Entities', 'bronze', 'silver', 'gold', 'no level'],
      ['2026-11-16', '55', '3', '2', '0', '0', '1'],
      ['2026-11-23', '62', '3', '2', '1', '0', '0'],
      ['2026-11-30', '71', '4', '2', '0', '1', '1'],
    ]);
    expect(getScorecardTrend).toHaveBeenCalledWith({
      scorecard: 'production-readiness',
      owner: 'group:default/commerce-tribe',
      since: '2026-09-09',
      interval: 'DAY',
    });
  });

  it('draws a point per snapshot and a bar per level that has entities', async () => {
    await renderChart({ getScorecardTrend: jest.fn().mockResolvedValue(weeklyTrend) });

    const svg = await screen.findByTestId('trend-chart');
    expect(svg).toHaveAttribute('aria-hidden', 'true');
    expect(svg.querySelectorAll('circle')).toHaveLength(3);
    const bars = [...svg.querySelectorAll('rect')].filter(
      r => Number(r.getAttribute('height')) > 0,
    );
    expect(bars.map(b => b.querySelector('title')?.textContent)).toEqual([
      '2026-11-16: bronze 2',
      '2026-11-16: no level 1',
      '2026-11-23: bronze 2',
      '2026-11-23: silver 1',
      '2026-11-30: bronze 2',
      '2026-11-30: gold 1',
      '2026-11-30: no level 1',
    ]);
  });

  it('switches the interval with buttons that say which one is shown', async () => {
    const getScorecardTrend = jest.fn().mockResolvedValue(weeklyTrend);
    await renderChart({ getScorecardTrend });
    await screen.findByTestId('trend-chart');

    const group = screen.getByRole('group', { name: 'Trend interval' });
    expect(within(group).getByRole('button', { name: 'Day' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(within(group).getByRole('button', { name: 'Week' }));

    await waitFor(() =>
      expect(getScorecardTrend).toHaveBeenLastCalledWith({
        scorecard: 'production-readiness',
        owner: 'group:default/commerce-tribe',
        since: '2025-12-09',
        interval: 'WEEK',
      }),
    );
    expect(within(group).getByRole('button', { name: 'Week' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(group).getByRole('button', { name: 'Day' })).toHaveAttribute('aria-pressed', 'false');
  });

  it("draws in the theme's colours", async () => {
    await renderChart({ getScorecardTrend: jest.fn().mockResolvedValue(weeklyTrend) }, darkTheme);
    const svg = await screen.findByTestId('trend-chart');
    expect(svg.querySelector('path')).toHaveAttribute('stroke', darkTheme.palette.primary.main);
    expect(darkTheme.palette.primary.main).not.toBe(lightTheme.palette.primary.main);
  });

  it('says when there is no snapshot yet, and draws nothing', async () => {
    await renderChart({
      getScorecardTrend: jest.fn().mockResolvedValue({ ...weeklyTrend, points: [] }),
    });
    expect(await screen.findByText('No snapshot yet: Stagehand takes one a day.')).toBeInTheDocument();
    expect(screen.queryByTestId('trend-chart')).not.toBeInTheDocument();
  });

  it("shows Stagehand's error in place of the chart", async () => {
    await renderChart({
      getScorecardTrend: jest.fn().mockRejectedValue(new Error('Unknown scorecard nope')),
    });
    expect(await screen.findByText(/Stagehand could not answer/)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Trend interval' })).toBeInTheDocument();
  });
});
