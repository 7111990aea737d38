import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Checkbox,
  FormControlLabel,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { stagehandApiRef } from '../../api/StagehandApi';
import type { Direction } from '../../api/generated/graphql';
import { StagehandErrorPanel } from '../StagehandErrorPanel';
import { GraphDrawing } from './GraphDrawing';
import { DIRECTIONS, relationTypes } from './relations';
import { useStyles } from './styles';

/** @public */
export type EntityDependencyGraphCardProps = {
  title?: string;
  /** Steps from the entity shown first (1 to 10; the menu offers 1 to 5 and this one). */
  initialDepth?: number;
  initialDirection?: Direction;
  /** The most nodes asked of Stagehand; the card says when the walk was cut there. */
  maxNodes?: number;
  /** Height of the drawing in pixels. */
  height?: number;
};




/**
 * The entity's neighbourhood in Stagehand's graph (what it depends on, what depends on it,
 * through APIs too), walked by the server. A click on a node opens that entity's page.
 * @public
 */
export const EntityDependencyGraphCard = (
  props: EntityDependencyGraphCardProps,
) => {
  const {
    title = 'Dependency graph',
    initialDepth = 2,
    initialDirection = 'BOTH',
    maxNodes = 150,
    height = 420,
  } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(stagehandApiRef);
  const [depth, setDepth] = useState(initialDepth);
  const [direction, setDirection] = useState<Direction>(initialDirection);
  const [includeApis, setIncludeApis] = useState(true);

  const { value, loading, error } = useAsyncRetry(
    () =>
      api.getGraph({
        roots: [entityRef],
        relationTypes: relationTypes(includeApis),
        direction,
        maxDepth: depth,
        maxNodes,
      }),
    [api, entityRef, depth, direction, includeApis, maxNodes],
  );

  const controls = (
    <Box className={classes.controls}>
      <TextField
        select
        size="small"
        label="Direction"
        value={direction}
        onChange={e => setDirection(e.target.value as Direction)}
        SelectProps={{ SelectDisplayProps: { 'aria-label': 'Direction' } as object }}
      >
        {DIRECTIONS.map(d => (
          <MenuItem key={d.value} value={d.value}>
            {d.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Depth"
        value={depth}
        onChange={e => setDepth(Number(e.target.value))}
        SelectProps={{ SelectDisplayProps: { 'aria-label': 'Depth' } as object }}
      >
        {depthChoices(initialDepth).map(d => (
          <MenuItem key={d} value={d}>
            {d}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Checkbox
            checked={includeApis}
            onChange={e => setIncludeApis(e.target.checked)}
            color="primary"
          />
        }
        label="Through APIs (providers and consumers)"
      />
    </Box>
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <StagehandErrorPanel error={error} />;
  } else if (!value || value.nodes.length === 0 || !value.nodes[0].entity) {
    body = (
      <EmptyState
        missing="data"
        title="Stagehand does not know this entity"
        description={`No entity ${entityRef} in Stagehand's catalog.`}
      />
    );
  } else if (value.edges.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No dependencies"
        description="Nothing along these relations, in this direction."
      />
    );
  } else {
    body = (
      <GraphDrawing
        walk={value}
        rootRef={entityRef}
        depth={depth}
        maxNodes={maxNodes}
        height={height}
      />
    );
  }

  return (
    <InfoCard title={title}>
      {controls}
      {body}
    </InfoCard>
  );
};

/** The depth menu: one to five steps, and a larger initial depth when the page asked for one. */
function depthChoices(initialDepth: number): number[] {
  return [...new Set([1, 2, 3, 4, 5, initialDepth])].sort((a, b) => a - b);
}
