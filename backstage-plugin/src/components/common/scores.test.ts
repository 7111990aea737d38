import { checkoutScorecard } from '../../testing/scorecardFixtures';
import {
  checksInState,
  formatDay,
  formatFact,
  formatScore,
  scoreBand,
  SCORE_BANDS,
} from './scores';

describe('scoreBand', () => {
  it('puts each score in its band, the thresholds included in the higher one', () => {
    expect(scoreBand(100)).toBe(SCORE_BANDS[0]);
    expect(scoreBand(80)).toBe(SCORE_BANDS[0]);
    expect(scoreBand(79.9)).toBe(SCORE_BANDS[1]);
    expect(scoreBand(50)).toBe(SCORE_BANDS[1]);
    expect(scoreBand(49.9)).toBe(SCORE_BANDS[2]);
    expect(scoreBand(0)).toBe(SCORE_BANDS[2]);
  });

  it('puts a score below zero in the lowest band', () => {
    expect(scoreBand(-5)).toBe(SCORE_BANDS[2]);
  });
});

describe('formatScore', () => {
  it('rounds a score and writes a dash for none', () => {
    expect(formatScore(62.5)).toBe('63');
    expect(formatScore(71.25)).toBe('71');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(null)).toBe('–');
    expect(formatScore(undefined)).toBe('–');
  });
});

describe('checksInState', () => {
  it('keeps the checks of one state, the heaviest first, then in definition order', () => {
    const results = [
      { ...checkoutScorecard.results[0], checkId: 'low-1', weight: 'LOW' as const, state: 'FAIL' as const },
      { ...checkoutScorecard.results[0], checkId: 'high', weight: 'HIGH' as const, state: 'FAIL' as const },
      { ...checkoutScorecard.results[0], checkId: 'passing', weight: 'CRITICAL' as const, state: 'PASS' as const },
      { ...checkoutScorecard.results[0], checkId: 'critical', weight: 'CRITICAL' as const, state: 'FAIL' as const },
      { ...checkoutScorecard.results[0], checkId: 'low-2', weight: 'LOW' as const, state: 'FAIL' as const },
    ];

    expect(checksInState(results, 'FAIL').map(r => r.checkId)).toEqual([
      'critical',
      'high',
      'low-1',
      'low-2',
    ]);
    expect(checksInState(results, 'ERROR')).toEqual([]);
  });
});

describe('formatFact and formatDay', () => {
  it('writes fact values on one line', () => {
    expect(formatFact('group:default/a')).toBe('group:default/a');
    expect(formatFact(false)).toBe('false');
    expect(formatFact(3)).toBe('3');
    expect(formatFact({ a: [1] })).toBe('{"a":[1]}');
    expect(formatFact(null)).toBe('missing');
    expect(formatFact(undefined)).toBe('missing');
  });

  it('keeps the day of an instant', () => {
    expect(formatDay('2026-12-31T23:59:59Z')).toBe('2026-12-31');
  });
});
