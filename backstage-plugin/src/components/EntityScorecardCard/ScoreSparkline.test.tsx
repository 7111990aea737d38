import { checkoutHistory } from '../../testing/scorecardFixtures';
import { sparklinePath, sparklineSummary } from './ScoreSparkline';

const day = 86_400_000;
const now = Date.parse('2026-12-08T00:00:00Z');

describe('ScoreSparkline', () => {
  it('steps from each score to the next and holds the last one until now', () => {
    const from = now - 100 * day;
    const path = sparklinePath(checkoutHistory, from, now);
    // 40 (y 16.4) from 20 Oct, 50 (y 14.0) from 10 Nov, 62.5 (y 11.0) from 1 Dec to the right edge.
    expect(path).toMatch(/^M\d+\.\d 16\.4 H\d+\.\d V14\.0 H\d+\.\d V11\.0 H120$/);
    const xs = [...path.matchAll(/[MH](\d+\.\d)/g)].map(m => Number(m[1]));
    expect(xs[0]).toBeCloseTo(((Date.parse('2026-10-20T08:00:00Z') - from) / (100 * day)) * 120, 1);
    expect(xs[2]).toBeCloseTo(((Date.parse('2026-12-01T10:00:00Z') - from) / (100 * day)) * 120, 1);
  });

  it('starts a change older than the window at its left edge', () => {
    expect(sparklinePath([checkoutHistory[0]], now - 10 * day, now)).toBe('M0.0 16.4 H120');
  });

  it('says the history in words', () => {
    expect(sparklineSummary([checkoutHistory[2]])).toBe('Score 63 since 2026-12-01, unchanged');
    expect(sparklineSummary(checkoutHistory.slice(1))).toBe(
      'Score 50 on 2026-11-10, 63 since 2026-12-01 (1 change)',
    );
  });
});
