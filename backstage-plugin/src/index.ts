/**
 * Stagehand's Backstage plugin: scorecards, dependency graphs and roll-ups from Stagehand.
 *
 * @packageDocumentation
 */
export {
  stagehandPlugin,
  EntityDependencyGraphCard,
  EntityScorecardCard,
  GroupScorecardCard,
  ScorecardOverviewPage,
  EntityScoreBadge,
} from './plugin';
export { createEntityScoreColumn } from './components/EntityScore';
export type {
  EntityScoreBadgeProps,
  EntityScoreColumnOptions,
} from './components/EntityScore';
export { rootRouteRef } from './routes';
export { stagehandApiRef } from './api/StagehandApi';
export type {
  StagehandApi,
  GraphWalk,
  GraphWalkRequest,
} from './api/StagehandApi';
export {
  StagehandClient,
  StagehandGraphQLError,
  DEFAULT_GRAPHQL_PATH,
} from './api/StagehandClient';
export type { GraphQLErrorItem } from './api/StagehandClient';
export type { EntityDependencyGraphCardProps } from './components/EntityDependencyGraphCard';
export type { EntityScorecardCardProps } from './components/EntityScorecardCard';
export type { GroupScorecardCardProps } from './components/GroupScorecardCard';
export type { ScorecardOverviewPageProps } from './components/ScorecardOverviewPage';
export type * from './api/scorecardTypes';
