import { useMemo } from 'react';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Box, Typography } from '@material-ui/core';
import { useNavigate } from 'react-router-dom';
import type { GraphWalk } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { EntityScores } from '../../api/scorecardTypes';
import { colourByKind, colourByScore } from './colours';
import type { NodeColour } from './colours';
import { useStyles } from './styles';

type NodeData = {
  label: string;
  kind?: string;
  depth: number;
  root: boolean;
  colour: NodeColour;
};

/** Lays out a walk (dagre, through Backstage's DependencyGraph) with a legend of its colours. */
export const GraphDrawing = (props: {
  walk: GraphWalk;
  rootRef: string;
  depth: number;
  maxNodes: number;
  height: number;
}) => {
  const { walk, rootRef, depth, maxNodes, height } = props;
  const classes = useStyles();
  const navigate = useNavigate();
  const entityRoute = useRouteRef(entityRouteRef);

  const scores = useNodeScores(walk);

  const { nodes, edges, legend } = useMemo(() => {
    const graphNodes = walk.nodes.map(n => {
      const colour = scores
        ? colourByScore(scores.get(n.ref))
        : colourByKind(n.entity?.kind);
      return {
        id: n.ref,
        label: n.entity?.title ?? n.entity?.name ?? n.ref,
        kind: n.entity?.kind,
        depth: n.depth,
        root: n.ref === rootRef,
        colour,
      };
    });
    const seen = new Map<string, NodeColour>();
    graphNodes.forEach(n => seen.set(n.colour.label, n.colour));
    return {
      nodes: graphNodes,
      edges: walk.edges.map(e => ({
        from: e.source,
        to: e.target,
        label: e.type,
      })),
      legend: [...seen.values()],
    };
  }, [walk, rootRef, scores]);

  const open = (ref: string) => {
    const { kind, namespace, name } = parseEntityRef(ref);
    navigate(entityRoute({ kind, namespace, name }));
  };

  const renderNode = ({
    node,
  }: DependencyGraphTypes.RenderNodeProps<NodeData>) => {
    const width = Math.max(90, node.label.length * 7 + 24);
    return (
      <g
        className={classes.node}
        role="link"
        aria-label={node.id}
        data-testid={`node-${node.id}`}
        onClick={() => open(node.id)}
      >
        <rect
          width={width}
          height={30}
          rx={6}
          fill={node.colour.fill}
          stroke={node.root ? '#ffb300' : 'none'}
          strokeWidth={node.root ? 3 : 0}
        />
        <text
          x={width / 2}
          y={19}
          textAnchor="middle"
          fill={node.colour.text}
          fontSize={12}
          fontWeight={node.root ? 'bold' : 'normal'}
        >
          {node.label}
        </text>
        <title>{`${node.id} (${node.colour.label})`}</title>
      </g>
    );
  };

  return (
    <>
      {walk.truncated && (
        <Typography variant="body2" color="textSecondary" role="status">
          {walk.nodes.length >= maxNodes
            ? `Truncated: showing the first ${maxNodes} entities; lower the depth or narrow the relations to see the rest.`
            : `Truncated: more entities lie beyond depth ${depth}.`}
        </Typography>
      )}
      <Box height={height}>
        <DependencyGraph<NodeData, { label: string }>
          nodes={nodes}
          edges={edges}
          renderNode={renderNode}
          direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
          rankMargin={60}
          nodeMargin={12}
          paddingX={10}
          paddingY={10}
          fit="contain"
          zoom="enable-on-click"
          style={{ width: '100%', height: '100%' }}
        />
      </Box>
      <Box className={classes.legend}>
        {legend.map(l => (
          <Typography variant="caption" key={l.label}>
            <span className={classes.swatch} style={{ background: l.fill }} />
            {l.label}
          </Typography>
        ))}
        <Typography variant="caption">
          {walk.nodes.length} entities, {walk.edges.length} relations
        </Typography>
      </Box>
    </>
  );
};

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
