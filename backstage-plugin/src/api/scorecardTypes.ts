import type {
  EntityScorecardsQuery,
  EntityScoresQuery,
  GroupRollupsQuery,
  RollupFragment,
  ScorecardDefinitionsQuery,
  ScorecardResultsQuery,
  ScorecardResultsQueryVariables,
  ScorecardSummaryQuery,
} from './generated/graphql';

/** An entity's result in one scorecard, with its checks. @public */
export type EntityScorecardResult = NonNullable<
  EntityScorecardsQuery['entity']
>['scorecards'][number];

/** One check's result for one entity. @public */
export type CheckResultItem = EntityScorecardResult['results'][number];

/** Each node's scores, for the dependency graph's colours. @public */
export type EntityScores = NonNullable<
  EntityScoresQuery['entitiesByRefs'][number]
>['scorecards'];

/** A roll-up of a group's (or a filter's) scored entities in one scorecard. @public */
export type ScorecardRollup = RollupFragment;

/** @public */
export type GroupRollups = NonNullable<GroupRollupsQuery['entity']>;

/** @public */
export type ScorecardDefinition = ScorecardDefinitionsQuery['scorecards'][number];

/** @public */
export type ScorecardResultPage = ScorecardResultsQuery['scorecardResults'];

/** @public */
export type ScorecardResultsRequest = ScorecardResultsQueryVariables;

/** @public */
export type ScorecardSummary = ScorecardSummaryQuery['scorecardSummary'];
