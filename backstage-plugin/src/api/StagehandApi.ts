import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DependencyGraphQuery,
  DependencyGraphQueryVariables,
} from './generated/graphql';
import type {
  EntityScorecardResult,
  EntityScores,
  ScorecardDefinition,
  ScorecardResultPage,
  ScorecardResultsRequest,
  ScorecardRollup,
  ScorecardSummary,
  ScorecardTrend,
  ScorecardTrendRequest,
  ScorePoint,
} from './scorecardTypes';
import type { ScorecardResultFilter } from './generated/graphql';

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

  /** The entity's results in every scorecard that applies to it; null when Stagehand does not know it. */
  getEntityScorecards(entityRef: string): Promise<EntityScorecardResult[] | null>;

  /** Each entity's scores, by ref (entities Stagehand does not know are left out). */
  getEntityScores(entityRefs: string[]): Promise<Map<string, EntityScores>>;

  /** A group's roll-up per scorecard; null when Stagehand does not know it or it is not a group. */
  getGroupRollups(
    groupRef: string,
    includeSubgroups: boolean,
  ): Promise<ScorecardRollup[] | null>;

  /** Every scorecard definition. */
  getScorecardDefinitions(): Promise<ScorecardDefinition[]>;

  /** One page of results, filtered and sorted. */
  getScorecardResults(
    request: ScorecardResultsRequest,
  ): Promise<ScorecardResultPage>;

  /** Average, levels and per-check pass rates of the results matching a filter. */
  getScorecardSummary(
    scorecard: string,
    filter?: ScorecardResultFilter,
  ): Promise<ScorecardSummary>;

  /** A scorecard's average score and levels over time (Stagehand's daily snapshots). */
  getScorecardTrend(request: ScorecardTrendRequest): Promise<ScorecardTrend>;

  /** The entity's score changes in one scorecard since a time, oldest first. */
  getScoreHistory(
    entityRef: string,
    scorecard: string,
    since?: string,
  ): Promise<ScorePoint[]>;
}

/** @public */
export const stagehandApiRef = createApiRef<StagehandApi>({
  id: 'plugin.stagehand.service',
});
