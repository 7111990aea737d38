import { checkoutHistory } from '../../testing/scorecardFixtures';
import { sparklinePath, sparklineSummary } from './ScoreSparkline';

const day = 86_400_000;
const now = Date.parse('2026-12-08T00:00:00Z');

describe('ScoreSparkline', () => {
  it('steps from each score to the next and holds the last one until now', () => {
    const from = now - 100 * day;
    const path = sparklinePath(checkoutHistory, from, now);
    // 40 (y 16.4) from 20 Oct, the line's start; 50 (y 14.0) from 10 Nov; 62.5 (y 11.0) from 1 Dec to now.
    expect(path).toMatch(/^M0\.0 16\.4 H\d+\.\d V14\.0 H\d+\.\d V11\.0 H120$/);
    const xs = [...path.matchAll(/[MH](\d+\.\d)/g)].map(m => Number(m[1]));
    const first = Date.parse('2026-10-20T08:00:00Z');
    const at = (t: string) => ((Date.parse(t) - first) / (now - first)) * 120;
    expect(xs[1]).toBeCloseTo(at('2026-11-10T08:00:00Z'), 1);
    expect(xs[2]).toBeCloseTo(at('2026-12-01T10:00:00Z'), 1);
  });

  it('starts a change older than the window at its left edge', () => {
    const path = sparklinePath(checkoutHistory.slice(0, 2), now - 10 * day, now);
    expect(path).toBe('M0.0 16.4 H0.0 V14.0 H120');
  });

  it('draws a single score from today across the whole line', () => {
    expect(sparklinePath([{ at: new Date(now).toISOString(), score: 62.5, level: null }], now - 90 * day, now)).toBe(
      'M0.0 11.0 H120',
    );
  });

  it('says the history in words', () => {
    expect(sparklineSummary([checkoutHistory[2]])).toBe('Score 63 since 2026-12-01, unchanged');
    expect(sparklineSummary(checkoutHistory.slice(1))).toBe(
      'Score 50 on 2026-11-10, 63 since 2026-12-01 (1 change)',
    );
  });
});
