import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DependencyGraphQuery,
  DependencyGraphQueryVariables,
} from './generated/graphql';

/** @public */
export type GraphWalk = NonNullable<DependencyGraphQuery['graph']>;

/** @public */
export type GraphWalkRequest = DependencyGraphQueryVariables;

/**
 * What the plugin asks Stagehand. Each method is one GraphQL document under `graphql/`.
 * @public
 */
export interface StagehandApi {
  /** A walk of the catalog graph from the given roots (Stagehand's `graph` query). */
  getGraph(request: GraphWalkRequest): Promise<GraphWalk>;
}

/** @public */
export const stagehandApiRef = createApiRef<StagehandApi>({
  id: 'plugin.stagehand.service',
});
