import type {
  EntityScorecardsQuery,
  EntityScoresQuery,
  GroupRollupsQuery,
  RollupFragment,
  ScorecardDefinitionsQuery,
  ScorecardResultsQuery,
  ScorecardResultsQueryVariables,
  ScorecardSummaryQuery,
  ScorecardTrendQuery,
  ScoreHistoryQuery,
  TrendInterval,
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

/** A scorecard's snapshots over time, of a group's entities or of all of them. @public */
export type ScorecardTrend = ScorecardTrendQuery['scorecardTrend'];

/** One day, week or month of a trend. @public */
export type TrendPoint = ScorecardTrend['points'][number];

/** @public */
export type { TrendInterval };

/** @public */
export type ScorecardTrendRequest = {
  scorecard: string;
  /** A group's ref; the whole scorecard when omitted. */
  owner?: string;
  /** Only snapshots from this day on (`YYYY-MM-DD`). */
  since?: string;
  interval?: TrendInterval;
};

/** An entity's score changes in one scorecard, oldest first. @public */
export type ScorePoint = ScoreHistoryQuery['scoreHistory']['scores'][number];
