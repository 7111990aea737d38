import { layoutGraph, neighbourInDirection, nodeText } from './layout';

const graph = layoutGraph({
  nodes: [
    { id: 'a', label: 'checkout-service' },
    { id: 'b', label: 'payment-api' },
    { id: 'c', label: 'inventory-service' },
    { id: 'd', label: 'web-shop' },
  ],
  edges: [
    { from: 'a', to: 'b', type: 'dependsOn' },
    { from: 'a', to: 'c', type: 'dependsOn' },
    { from: 'd', to: 'a', type: 'consumesApi' },
    { from: 'a', to: 'b', type: 'consumesApi' },
    { from: 'a', to: 'not-walked', type: 'dependsOn' },
  ],
});
const at = (id: string) => graph.nodes.find(n => n.id === id)!;

describe('layoutGraph', () => {
  it('puts what an entity depends on to its right and what depends on it to its left', () => {
    expect(at('b').x).toBeGreaterThan(at('a').x);
    expect(at('c').x).toBeGreaterThan(at('a').x);
    expect(at('d').x).toBeLessThan(at('a').x);
  });

  it('keeps every relation between walked nodes, two between the same pair included', () => {
    expect(graph.edges.map(e => `${e.from}>${e.to}:${e.type}`)).toEqual([
      'a>b:dependsOn',
      'a>c:dependsOn',
      'd>a:consumesApi',
      'a>b:consumesApi',
    ]);
    graph.edges.forEach(e => expect(e.points.length).toBeGreaterThanOrEqual(2));
  });

  it('sizes boxes to their labels and lets none overlap', () => {
    expect(at('c').width).toBeGreaterThan(at('d').width);
    for (const p of graph.nodes) {
      for (const q of graph.nodes) {
        if (p === q) continue;
        const apart =
          Math.abs(p.x - q.x) >= (p.width + q.width) / 2 ||
          Math.abs(p.y - q.y) >= (p.height + q.height) / 2;
        expect(apart).toBe(true);
      }
    }
    expect(graph.width).toBeGreaterThan(at('b').x);
  });

  it('shortens long labels', () => {
    expect(nodeText('x'.repeat(50))).toHaveLength(36);
    expect(nodeText('x'.repeat(50)).endsWith('…')).toBe(true);
    expect(nodeText('short')).toBe('short');
  });
});

describe('neighbourInDirection', () => {
  it('goes to the nearest node in the arrow\'s direction, or nowhere', () => {
    expect(neighbourInDirection(graph.nodes, at('a'), 'ArrowLeft')?.id).toBe('d');
    expect(['b', 'c']).toContain(neighbourInDirection(graph.nodes, at('a'), 'ArrowRight')?.id);
    expect(neighbourInDirection(graph.nodes, at('d'), 'ArrowLeft')).toBeUndefined();
    const [upper, lower] = [at('b'), at('c')].sort((p, q) => p.y - q.y);
    expect(neighbourInDirection(graph.nodes, upper, 'ArrowDown')?.id).toBe(lower.id);
    expect(neighbourInDirection(graph.nodes, lower, 'ArrowUp')?.id).toBe(upper.id);
  });
});
