import { weeklyTrend } from '../../testing/scorecardFixtures';
import { levelsOf, sinceFor, trendSummary } from './trend';

describe('trend', () => {
  it('says the latest point, how the average moved since the first, and its levels', () => {
    expect(trendSummary(weeklyTrend.points)).toBe(
      'Average score 71 on 2026-12-06, up 16 from 55 on 2026-11-22; 4 entities (bronze 2, silver 0, gold 1, no level 1).',
    );
  });

  it('says a fall, no change, a single point and no point at all', () => {
    const [first, , last] = weeklyTrend.points;
    expect(trendSummary([last, { ...first, takenOn: '2026-12-13' }])).toMatch(
      /^Average score 55 on 2026-12-13, down 16 from 71 on 2026-12-06;/,
    );
    expect(trendSummary([first, { ...first, takenOn: '2026-11-29' }])).toMatch(
      /, unchanged since 2026-11-22;/,
    );
    expect(trendSummary([{ ...first, entityCount: 1, levels: [] }])).toBe(
      'Average score 55 on 2026-11-22; 1 entity.',
    );
    expect(trendSummary([])).toBe('No snapshot yet: Stagehand takes one a day.');
  });

  it('keeps the levels lowest first with "no level" last, also a level only old points count', () => {
    const old = {
      ...weeklyTrend.points[0],
      levels: [{ level: null, count: 1 }, { level: 'platinum', count: 2 }],
    };
    expect(levelsOf([old, weeklyTrend.points[1]])).toEqual([
      'platinum',
      'bronze',
      'silver',
      'gold',
      null,
    ]);
  });

  it('looks back further for longer intervals, in UTC days', () => {
    const now = new Date('2026-12-08T00:30:00Z');
    expect(sinceFor('DAY', now)).toBe('2026-09-09');
    expect(sinceFor('WEEK', now)).toBe('2025-12-09');
    expect(sinceFor('MONTH', now)).toBe('2024-12-08');
  });
});
