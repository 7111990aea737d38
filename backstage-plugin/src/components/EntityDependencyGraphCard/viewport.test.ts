import { centredOn, fitted, isInView, MAX_ZOOM, MIN_ZOOM, zoomAt } from './viewport';

const size = { width: 800, height: 400 };

describe('the graph viewport', () => {
  it('centres a point of the drawing at the given zoom', () => {
    const view = centredOn(size, 1000, 50, 1);
    expect(view.x + 1000 * view.k).toBe(400);
    expect(view.y + 50 * view.k).toBe(200);
  });

  it('zooms around a fixed point within its bounds', () => {
    const view = zoomAt({ x: 10, y: 20, k: 1 }, 2, 300, 100);
    expect(view.k).toBe(2);
    // the drawing point under (300, 100) stays under it
    expect((300 - view.x) / view.k).toBeCloseTo(290);
    expect((100 - view.y) / view.k).toBeCloseTo(80);
    expect(zoomAt(view, 100, 0, 0).k).toBe(MAX_ZOOM);
    expect(zoomAt(view, 0.0001, 0, 0).k).toBe(MIN_ZOOM);
  });

  it('fits a large drawing by shrinking it and never enlarges a small one', () => {
    expect(fitted(size, { width: 1600, height: 200 }).k).toBe(0.5);
    expect(fitted(size, { width: 100, height: 100 }).k).toBe(1);
  });

  it('tells whether a box is wholly in view', () => {
    const view = { x: 0, y: 0, k: 1 };
    expect(isInView(view, size, { x: 100, y: 100, width: 50, height: 20 })).toBe(true);
    expect(isInView(view, size, { x: 790, y: 100, width: 50, height: 20 })).toBe(false);
    expect(isInView({ x: -200, y: 0, k: 1 }, size, { x: 100, y: 100, width: 50, height: 20 })).toBe(false);
  });
});
