import dagre from '@dagrejs/dagre';

/** The size of a node's label, in SVG units at zoom 1. */
export const NODE_FONT_SIZE = 13;
export const NODE_HEIGHT = 32;
const CHAR_WIDTH = 7.6; // an average character of the theme's sans-serif at 13 px
const MAX_LABEL = 36;

export type LayoutInput = {
  nodes: ReadonlyArray<{ id: string; label: string }>;
  edges: ReadonlyArray<{ from: string; to: string; type: string }>;
};

export type PlacedNode = {
  id: string;
  /** The label as drawn: long ones are shortened with an ellipsis. */
  text: string;
  /** Centre and size, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
};

export type PlacedEdge = {
  from: string;
  to: string;
  type: string;
  points: ReadonlyArray<{ x: number; y: number }>;
};

export type Layout = {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
};

/** Shortens a label to what a node box holds. */
export function nodeText(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/**
 * Places the nodes left to right (dagre): what an entity depends on to its right, what depends on
 * it to its left. Sizes are in SVG units at zoom 1, where a label is NODE_FONT_SIZE px high.
 */
export function layoutGraph(input: LayoutInput): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: 64, nodesep: 14, edgesep: 8, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) {
    const text = nodeText(n.label);
    g.setNode(n.id, {
      label: text,
      width: Math.max(96, Math.ceil(text.length * CHAR_WIDTH) + 28),
      height: NODE_HEIGHT,
    });
  }
  const edges = input.edges.filter(e => g.hasNode(e.from) && g.hasNode(e.to));
  edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `${e.type}-${i}`));
  dagre.layout(g);

  const graph = g.graph();
  return {
    nodes: input.nodes.map(n => {
      const placed = g.node(n.id);
      return {
        id: n.id,
        text: nodeText(n.label),
        x: placed.x,
        y: placed.y,
        width: placed.width,
        height: placed.height,
      };
    }),
    edges: edges.map((e, i) => ({
      ...e,
      points: g.edge({ v: e.from, w: e.to, name: `${e.type}-${i}` }).points ?? [],
    })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}

/**
 * The node the arrow key leads to from `from`: the nearest one whose centre lies in that
 * direction (within 60 degrees either side), nearer along the axis counting more.
 */
export function neighbourInDirection(
  nodes: ReadonlyArray<PlacedNode>,
  from: PlacedNode,
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight',
): PlacedNode | undefined {
  const [ax, ay] = {
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
  }[key];
  let best: PlacedNode | undefined;
  let bestCost = Infinity;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const dx = n.x - from.x;
    const dy = n.y - from.y;
    const along = dx * ax + dy * ay;
    const across = Math.abs(dx * ay - dy * ax);
    if (along <= 0 || across > along * 1.8) continue;
    const cost = along + across * 2;
    if (cost < bestCost) {
      bestCost = cost;
      best = n;
    }
  }
  return best;
}
