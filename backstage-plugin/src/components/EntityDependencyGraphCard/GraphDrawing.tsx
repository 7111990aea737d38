import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent, RefObject } from 'react';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Box, IconButton, Tooltip, Typography, useTheme } from '@material-ui/core';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import CenterFocusStrongIcon from '@material-ui/icons/CenterFocusStrong';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import { useNavigate } from 'react-router-dom';
import type { GraphWalk } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { EntityScores } from '../../api/scorecardTypes';
import { colourByKind, colourByScore } from './colours';
import type { NodeColour } from './colours';
import { layoutGraph, neighbourInDirection, NODE_FONT_SIZE } from './layout';
import type { PlacedNode } from './layout';
import { edgeStyle, EDGE_STYLES } from './relations';
import { useStyles } from './styles';
import { centredOn, fitted, isInView, zoomAt } from './viewport';
import type { Size, View } from './viewport';

const ROOT_STROKE = '#ffb300';
const ZOOM_STEP = 1.25;
const DRAG_THRESHOLD = 4;

type Drag = { pointerId: number; startX: number; startY: number; view: View; moved: boolean };

/**
 * Draws a walk at a readable size (zoom 1: labels 13 px high) with the focused entity in the
 * middle; the rest is reached by dragging, the wheel, the zoom buttons or the arrow keys.
 */
export const GraphDrawing = (props: {
  walk: GraphWalk;
  rootRef: string;
  depth: number;
  maxNodes: number;
  height: number;
}) => {
  const { walk, rootRef, depth, maxNodes, height } = props;
  const classes = useStyles();
  const theme = useTheme();
  const navigate = useNavigate();
  const entityRoute = useRouteRef(entityRouteRef);
  const scores = useNodeScores(walk);

  const layout = useMemo(
    () =>
      layoutGraph({
        nodes: walk.nodes.map(n => ({
          id: n.ref,
          label: n.entity?.title ?? n.entity?.name ?? n.ref,
        })),
        edges: walk.edges.map(e => ({ from: e.source, to: e.target, type: e.type })),
      }),
    [walk],
  );
  const colours = useMemo(() => {
    const byRef = new Map<string, NodeColour>();
    walk.nodes.forEach(n =>
      byRef.set(
        n.ref,
        scores ? colourByScore(scores.get(n.ref)) : colourByKind(n.entity?.kind),
      ),
    );
    return byRef;
  }, [walk, scores]);
  const legend = useMemo(() => {
    const seen = new Map<string, NodeColour>();
    colours.forEach(c => seen.set(c.label, c));
    return [...seen.values()];
  }, [colours]);
  const edgeTypes = useMemo(() => new Set(walk.edges.map(e => e.type)), [walk]);
  const root = layout.nodes.find(n => n.id === rootRef) ?? layout.nodes[0];
  const rootLabel = root?.text ?? rootRef;

  const viewportRef = useRef<HTMLDivElement>(null);
  const size = useViewportSize(viewportRef);
  const [view, setView] = useState<View | undefined>();
  const [focusedId, setFocusedId] = useState(root?.id);
  const drag = useRef<Drag | undefined>();
  const suppressClick = useRef(false);
  const nodeElements = useRef(new Map<string, SVGGElement>());

  const centreOnRoot = useCallback(() => {
    if (size && root) setView(centredOn(size, root.x, root.y, 1));
  }, [size, root]);

  // A new walk starts centred on its entity at zoom 1, once the card's width is known.
  useEffect(() => {
    setView(undefined);
    setFocusedId(root?.id);
  }, [layout, root?.id]);
  useEffect(() => {
    if (!view) centreOnRoot();
  }, [view, centreOnRoot]);

  const zoomBy = useCallback(
    (factor: number, point?: { x: number; y: number }) => {
      if (!size) return;
      setView(v =>
        v ? zoomAt(v, factor, point?.x ?? size.width / 2, point?.y ?? size.height / 2) : v,
      );
    },
    [size],
  );

  // The wheel zooms around the pointer; a passive React listener could not keep the page still.
  useEffect(() => {
    const element = viewportRef.current;
    if (!element) return undefined;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      zoomBy(Math.exp(-event.deltaY * 0.002), {
        x: event.clientX - rect.left,
        y: event.clientY - rect.top,
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomBy]);

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0 || !view) return;
    drag.current = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      view,
      moved: false,
    };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const dx = event.clientX - d.startX;
    const dy = event.clientY - d.startY;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!d.moved) {
      // Captured only once it is a drag, so that a plain click still reaches the node.
      d.moved = true;
      event.currentTarget.setPointerCapture?.(event.pointerId);
    }
    setView({ ...d.view, x: d.view.x + dx, y: d.view.y + dy });
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (d?.pointerId !== event.pointerId) return;
    drag.current = undefined;
    if (d.moved) {
      // The click that ends a drag is not a click on a node.
      suppressClick.current = true;
      setTimeout(() => {
        suppressClick.current = false;
      }, 0);
    }
  };

  const open = (ref: string) => {
    if (suppressClick.current) return;
    const { kind, namespace, name } = parseEntityRef(ref);
    navigate(entityRoute({ kind, namespace, name }));
  };

  const focusNode = (node: PlacedNode) => {
    setFocusedId(node.id);
    nodeElements.current.get(node.id)?.focus();
    if (size && view && !isInView(view, size, node)) {
      setView(centredOn(size, node.x, node.y, view.k));
    }
  };

  const onNodeKeyDown = (event: KeyboardEvent<SVGGElement>, node: PlacedNode) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(node.id);
    } else if (
      event.key === 'ArrowUp' ||
      event.key === 'ArrowDown' ||
      event.key === 'ArrowLeft' ||
      event.key === 'ArrowRight'
    ) {
      event.preventDefault();
      const next = neighbourInDirection(layout.nodes, node, event.key);
      if (next) focusNode(next);
    } else if (event.key === 'Home' && root) {
      event.preventDefault();
      focusNode(root);
    } else if (event.key === '+' || event.key === '=') {
      zoomBy(ZOOM_STEP);
    } else if (event.key === '-') {
      zoomBy(1 / ZOOM_STEP);
    }
  };

  const edgeColour = theme.palette.text.secondary;
  const shown = view ?? (size && root ? centredOn(size, root.x, root.y, 1) : { x: 0, y: 0, k: 1 });

  return (
    <>
      {walk.truncated && (
        <Typography variant="body2" color="textSecondary" role="status">
          {walk.nodes.length >= maxNodes
            ? `Truncated: showing the first ${maxNodes} entities; lower the depth or narrow the relations to see the rest.`
            : `Truncated: more entities lie beyond depth ${depth}.`}
        </Typography>
      )}
      <div
        ref={viewportRef}
        className={classes.viewport}
        style={{ height }}
        data-testid="graph-viewport"
      >
        <svg
          className={classes.svg}
          role="group"
          aria-label={`Dependency graph of ${rootLabel}: ${walk.nodes.length} entities, ${walk.edges.length} relations. Arrow keys move between entities, Enter opens one.`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => {
            drag.current = undefined;
          }}
        >
          <defs>
            <marker
              id="stagehand-graph-arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={edgeColour} />
            </marker>
          </defs>
          <g
            data-testid="graph-canvas"
            transform={`translate(${shown.x} ${shown.y}) scale(${shown.k})`}
          >
            {layout.edges.map((e, i) => (
              <path
                key={`${e.from}-${e.to}-${e.type}-${i}`}
                d={e.points.map((p, j) => `${j ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ')}
                fill="none"
                stroke={edgeColour}
                strokeWidth={1.4}
                strokeDasharray={edgeStyle(e.type).dash}
                markerEnd="url(#stagehand-graph-arrow)"
              >
                <title>{`${e.from} ${e.type} ${e.to}`}</title>
              </path>
            ))}
            {layout.nodes.map(n => {
              const colour = colours.get(n.id) ?? colourByKind(undefined);
              const isRoot = n.id === rootRef;
              return (
                <g
                  key={n.id}
                  ref={el => {
                    if (el) nodeElements.current.set(n.id, el);
                    else nodeElements.current.delete(n.id);
                  }}
                  className={classes.node}
                  transform={`translate(${n.x - n.width / 2} ${n.y - n.height / 2})`}
                  role="link"
                  tabIndex={n.id === focusedId ? 0 : -1}
                  aria-label={`${n.text}, ${colour.label}${isRoot ? ', this entity' : ''} (${n.id})`}
                  aria-current={isRoot ? 'page' : undefined}
                  data-testid={`node-${n.id}`}
                  onClick={() => open(n.id)}
                  onKeyDown={event => onNodeKeyDown(event, n)}
                  onFocus={() => setFocusedId(n.id)}
                >
                  <rect
                    width={n.width}
                    height={n.height}
                    rx={6}
                    fill={colour.fill}
                    stroke={isRoot ? ROOT_STROKE : 'none'}
                    strokeWidth={isRoot ? 3 : 0}
                  />
                  <text
                    x={n.width / 2}
                    y={n.height / 2}
                    dominantBaseline="central"
                    textAnchor="middle"
                    fill={colour.text}
                    fontSize={NODE_FONT_SIZE}
                    fontWeight={isRoot ? 'bold' : 'normal'}
                  >
                    {n.text}
                  </text>
                  <rect
                    className={classes.focusRing}
                    data-focus-ring
                    x={-5}
                    y={-5}
                    width={n.width + 10}
                    height={n.height + 10}
                    rx={9}
                  />
                  <title>{`${n.id} (${colour.label})`}</title>
                </g>
              );
            })}
          </g>
        </svg>
        <Box className={classes.zoomControls}>
          <Tooltip title="Zoom in">
            <IconButton size="small" aria-label="Zoom in" onClick={() => zoomBy(ZOOM_STEP)}>
              <ZoomInIcon />
            </IconButton>
          </Tooltip>
          <Tooltip title="Zoom out">
            <IconButton
              size="small"
              aria-label="Zoom out"
              onClick={() => zoomBy(1 / ZOOM_STEP)}
            >
              <ZoomOutIcon />
            </IconButton>
          </Tooltip>
          <Tooltip title={`Centre on ${rootLabel} at full size`}>
            <IconButton
              size="small"
              aria-label={`Centre on ${rootLabel}`}
              onClick={centreOnRoot}
            >
              <CenterFocusStrongIcon />
            </IconButton>
          </Tooltip>
          <Tooltip title="Show the whole graph">
            <IconButton
              size="small"
              aria-label="Show the whole graph"
              onClick={() => size && setView(fitted(size, layout))}
            >
              <ZoomOutMapIcon />
            </IconButton>
          </Tooltip>
          <Typography variant="caption" aria-live="polite" className={classes.zoomLevel}>
            {`${Math.round(shown.k * 100)}%`}
          </Typography>
        </Box>
      </div>
      <Box className={classes.legend} aria-label="Legend">
        {legend.map(l => (
          <Typography variant="caption" key={l.label}>
            <span className={classes.swatch} style={{ background: l.fill }} />
            {l.label}
          </Typography>
        ))}
        <Typography variant="caption">
          <span className={classes.swatch} style={{ border: `2px solid ${ROOT_STROKE}` }} />
          this entity
        </Typography>
        {EDGE_STYLES.filter(s => edgeTypes.has(s.type)).map(s => (
          <Typography variant="caption" key={s.type}>
            <svg width="28" height="8" className={classes.edgeSample} aria-hidden="true">
              <line
                x1="0"
                y1="4"
                x2="28"
                y2="4"
                stroke={edgeColour}
                strokeWidth={1.4}
                strokeDasharray={s.dash}
              />
            </svg>
            {s.label}
          </Typography>
        ))}
        <Typography variant="caption">
          {walk.nodes.length} entities, {walk.edges.length} relations
        </Typography>
        <Typography variant="caption" color="textSecondary">
          Drag to move, scroll or +/− to zoom; arrow keys move between entities, Enter opens one.
        </Typography>
      </Box>
    </>
  );
};

/** The viewport's size in CSS pixels, followed as the card is resized. */
function useViewportSize(ref: RefObject<HTMLDivElement>): Size | undefined {
  const [size, setSize] = useState<Size | undefined>();
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const width = element.clientWidth;
      const height = element.clientHeight;
      setSize(s => (s && s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * The nodes' scores, asked apart from the walk so that the graph is drawn (coloured by kind)
 * before they come, and also when Stagehand serves no scorecards: then this is undefined.
 */
function useNodeScores(walk: GraphWalk): Map<string, EntityScores> | undefined {
  const api = useApi(stagehandApiRef);
  const { value } = useAsync(async () => {
    const refs = walk.nodes.filter(n => n.entity).map(n => n.ref);
    try {
      const scores = await api.getEntityScores(refs);
      return [...scores.values()].some(s => s.length > 0) ? scores : undefined;
    } catch {
      return undefined;
    }
  }, [api, walk]);
  return value;
}
