import { weeklyTrend } from '../../testing/scorecardFixtures';
import { levelColours, scorePath, xPositions } from './TrendDrawing';

describe('TrendDrawing', () => {
  it('places points by date across the plot, one point in the middle', () => {
    const xs = xPositions(weeklyTrend.points);
    expect(xs[0]).toBe(36);
    expect(xs[2]).toBe(588);
    expect(xs[1]).toBeCloseTo(312);
    expect(xPositions([weeklyTrend.points[0]])).toEqual([312]);
  });

  it('spaces points by time, so a week without a snapshot leaves a gap', () => {
    const [a, b] = weeklyTrend.points;
    const xs = xPositions([a, b, { ...b, date: '2026-12-14' }]);
    expect(xs[1] - xs[0]).toBeCloseTo((xs[2] - xs[1]) / 3);
  });

  it('draws the average as a line broken where nothing was scored', () => {
    const [a, b, c] = weeklyTrend.points;
    const points = [a, { ...b, averageScore: null }, c];
    expect(scorePath(points, [36, 312, 588])).toBe('M36.0 64.0 M588.0 44.5');
    expect(scorePath([a, b], [36, 588])).toBe('M36.0 64.0 L588.0 56.2');
  });

  it('colours levels from light to strong, the reverse on dark, and no level in grey', () => {
    const light = levelColours(['bronze', 'silver', 'gold', null], false);
    const dark = levelColours(['bronze', 'silver', 'gold', null], true);
    expect(light.get('bronze')).toBe('#bbdefb');
    expect(light.get('gold')).toBe('#0d47a1');
    expect(dark.get('bronze')).toBe('#1565c0');
    expect(dark.get('gold')).toBe('#e3f2fd');
    expect(light.get(null)).toBe('#bdbdbd');
    expect(new Set(light.values()).size).toBe(4);
  });
});
