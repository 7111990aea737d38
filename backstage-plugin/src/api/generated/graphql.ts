/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A check's result for one entity. */
export type CheckState =
  /** The facts could not be collected (the source failed); counts neither way. */
  | 'ERROR'
  /** It does not hold (or cannot be told) but an active exemption waives it; counts as passing. */
  | 'EXEMPT'
  /** The rule does not hold. */
  | 'FAIL'
  /** The rule holds. */
  | 'PASS'
  /** The facts it needs are not there (not collected yet, or the source does not apply); counts neither way. */
  | 'UNKNOWN';

/** The direction of a graph walk. */
export type Direction =
  /** Both. */
  | 'BOTH'
  /** Follow relations from target to source (for dependsOn: what depends on the roots). */
  | 'INCOMING'
  /** Follow relations from source to target (for dependsOn: what the roots depend on). */
  | 'OUTGOING';

/** Sort direction. */
export type OrderDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** Which results to match; every field given must match. */
export type ScorecardResultFilter = {
  /** Only entities failing this check id. */
  failingCheck?: string | null | undefined;
  /** Only entities failing a check of this weight or heavier (CRITICAL: failing a critical check). */
  failingWeight?: Weight | null | undefined;
  /** With owner: include what the owner's sub-groups own, at any depth. */
  includeSubgroups?: boolean | null | undefined;
  /** Only entities of these kinds, case-insensitive. */
  kind?: Array<string> | null | undefined;
  /** Only these levels; NONE matches entities with no level. */
  level?: Array<string> | null | undefined;
  /** Only scores at or below this. */
  maxScore?: number | null | undefined;
  /** Only scores at or above this. */
  minScore?: number | null | undefined;
  /** Only entities owned by this group or user (a ref, kind group when omitted); with includeSubgroups, also by its sub-groups. */
  owner?: string | null | undefined;
  /** Only this scorecard. */
  scorecard?: string | null | undefined;
  /** Only entities that are part of this system (a ref, kind system when omitted). */
  system?: string | null | undefined;
};

/** A sort key for scorecard results. */
export type ScorecardResultOrder = {
  /** The direction. */
  direction?: OrderDirection | null | undefined;
  /** The field. */
  field: ScorecardResultOrderField;
};

/** What scorecard results can be sorted by. */
export type ScorecardResultOrderField =
  /** When the result was last written. */
  | 'EVALUATED_AT'
  /** The entity's ref. */
  | 'REF'
  /** The score. */
  | 'SCORE';

/** The buckets of a scorecard trend. */
export type TrendInterval =
  /** One point per day. */
  | 'DAY'
  /** One point per calendar month: its last snapshot. */
  | 'MONTH'
  /** One point per ISO week (Monday to Sunday): its last snapshot. */
  | 'WEEK';

/** How much a check counts: critical, high, medium and low weigh 8, 4, 2 and 1 unless configured otherwise. */
export type Weight =
  /** A check every entity must pass; failing one leaves the entity without a level. */
  | 'CRITICAL'
  /** Weighs 4 by default. */
  | 'HIGH'
  /** Weighs 1 by default. */
  | 'LOW'
  /** Weighs 2 by default. */
  | 'MEDIUM';

export type DependencyGraphQueryVariables = Exact<{
  roots: Array<string> | string;
  relationTypes?: Array<string> | string | null | undefined;
  direction?: Direction | null | undefined;
  maxDepth?: number | null | undefined;
  maxNodes?: number | null | undefined;
}>;


export type DependencyGraphQuery = { graph: { truncated: boolean, nodes: Array<{ ref: string, depth: number, entity:
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
       | null }>, edges: Array<{ source: string, target: string, type: string }> } | null };

export type EntityScorecardsQueryVariables = Exact<{
  ref: string;
}>;


export type EntityScorecardsQuery = { entity:
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
    | { ref: string, scorecards: Array<{ name: string, title: string | null, score: number, level: string | null, levels: Array<string>, failingCritical: number, passing: number, failing: number, exempt: number, unknown: number, errors: number, evaluatedAt: string, results: Array<{ checkId: string, title: string | null, weight: Weight, level: string | null, state: CheckState, message: string | null, since: string, owner: string | null, category: string | null, remediation: string | null, enforced: boolean, facts: Array<{ name: string, value: unknown, observedAt: string | null }>, exemption: { id: string, reason: string, approvedBy: string | null, expires: string | null, expired: boolean } | null, links: Array<{ title: string, url: string }> }> }> }
   | null };

export type ScoreHistoryQueryVariables = Exact<{
  ref: string;
  scorecard: string;
  since?: string | null | undefined;
}>;


export type ScoreHistoryQuery = { scoreHistory: { scores: Array<{ at: string, score: number, level: string | null }> } };

export type ScorecardTrendQueryVariables = Exact<{
  scorecard: string;
  owner?: string | null | undefined;
  since?: string | null | undefined;
  interval?: TrendInterval | null | undefined;
}>;


export type ScorecardTrendQuery = { scorecardTrend: { scorecard: string, owner: string | null, interval: TrendInterval, points: Array<{ date: string, takenOn: string, entityCount: number, averageScore: number | null, levels: Array<{ level: string | null, count: number }> }> } };

export type EntityScoresQueryVariables = Exact<{
  refs: Array<string> | string;
}>;


export type EntityScoresQuery = { entitiesByRefs: Array<
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
    | { ref: string, scorecards: Array<{ name: string, score: number, level: string | null, levels: Array<string> }> }
   | null> };

export type GroupRollupsQueryVariables = Exact<{
  ref: string;
  includeSubgroups?: boolean | null | undefined;
}>;


export type GroupRollupsQuery = { entity:
    | { ref: string }
    | { ref: string }
    | { ref: string }
    | { ref: string }
    | { ref: string, scorecardRollups: Array<{ scorecard: string, entityCount: number, averageScore: number | null, failingCriticalCount: number, levels: Array<{ level: string | null, count: number }>, failingCritical: Array<{ ref: string, score: number, level: string | null, failingCritical: number, entity:
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
            | { kind: string, name: string, namespace: string, title: string | null }
           | null }> }> }
    | { ref: string }
    | { ref: string }
    | { ref: string }
    | { ref: string }
    | { ref: string }
   | null };

export type ScorecardDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ScorecardDefinitionsQuery = { scorecards: Array<{ name: string, title: string | null, levels: Array<string>, checks: Array<{ id: string, title: string | null, weight: Weight }> }> };

export type ScorecardResultsQueryVariables = Exact<{
  filter?: ScorecardResultFilter | null | undefined;
  orderBy?: Array<ScorecardResultOrder> | ScorecardResultOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ScorecardResultsQuery = { scorecardResults: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ name: string, ref: string, score: number, level: string | null, failingCritical: number, failing: number, evaluatedAt: string, entity:
        | { kind: string, name: string, namespace: string, title: string | null }
        | { ownerRef: string | null, kind: string, name: string, namespace: string, title: string | null, system: { ref: string } | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
       | null }> } };

export type ScorecardSummaryQueryVariables = Exact<{
  scorecard: string;
  filter?: ScorecardResultFilter | null | undefined;
}>;


export type ScorecardSummaryQuery = { scorecardSummary: { scorecard: string, entityCount: number, averageScore: number | null, failingCriticalCount: number, checks: Array<{ checkId: string, weight: Weight, pass: number, fail: number, exempt: number, unknown: number, errors: number, passRate: number | null }>, levels: Array<{ level: string | null, count: number }>, failingCritical: Array<{ ref: string, score: number, level: string | null, failingCritical: number, entity:
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
       | null }> } };

export type RollupFragment = { scorecard: string, entityCount: number, averageScore: number | null, failingCriticalCount: number, levels: Array<{ level: string | null, count: number }>, failingCritical: Array<{ ref: string, score: number, level: string | null, failingCritical: number, entity:
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
      | { kind: string, name: string, namespace: string, title: string | null }
     | null }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const RollupFragmentDoc = new TypedDocumentString(`
    fragment Rollup on ScorecardRollup {
  scorecard
  entityCount
  averageScore
  levels {
    level
    count
  }
  failingCriticalCount
  failingCritical(first: 20) {
    ref
    score
    level
    failingCritical
    entity {
      kind
      name
      namespace
      title
    }
  }
}
    `, {"fragmentName":"Rollup"}) as unknown as TypedDocumentString<RollupFragment, unknown>;
export const DependencyGraphDocument = new TypedDocumentString(`
    query DependencyGraph($roots: [String!]!, $relationTypes: [String!], $direction: Direction, $maxDepth: Int, $maxNodes: Int) {
  graph(
    roots: $roots
    relationTypes: $relationTypes
    direction: $direction
    maxDepth: $maxDepth
    maxNodes: $maxNodes
  ) {
    nodes {
      ref
      depth
      entity {
        kind
        name
        namespace
        title
      }
    }
    edges {
      source
      target
      type
    }
    truncated
  }
}
    `) as unknown as TypedDocumentString<DependencyGraphQuery, DependencyGraphQueryVariables>;
export const EntityScorecardsDocument = new TypedDocumentString(`
    query EntityScorecards($ref: String!) {
  entity(ref: $ref) {
    ref
    scorecards {
      name
      title
      score
      level
      levels
      failingCritical
      passing
      failing
      exempt
      unknown
      errors
      evaluatedAt
      results {
        checkId
        title
        weight
        level
        state
        message
        since
        facts {
          name
          value
          observedAt
        }
        exemption {
          id
          reason
          approvedBy
          expires
          expired
        }
        owner
        category
        links {
          title
          url
        }
        remediation
        enforced
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EntityScorecardsQuery, EntityScorecardsQueryVariables>;
export const ScoreHistoryDocument = new TypedDocumentString(`
    query ScoreHistory($ref: String!, $scorecard: String!, $since: DateTime) {
  scoreHistory(ref: $ref, scorecard: $scorecard, since: $since) {
    scores {
      at
      score
      level
    }
  }
}
    `) as unknown as TypedDocumentString<ScoreHistoryQuery, ScoreHistoryQueryVariables>;
export const ScorecardTrendDocument = new TypedDocumentString(`
    query ScorecardTrend($scorecard: String!, $owner: String, $since: Date, $interval: TrendInterval) {
  scorecardTrend(
    scorecard: $scorecard
    owner: $owner
    since: $since
    interval: $interval
  ) {
    scorecard
    owner
    interval
    points {
      date
      takenOn
      entityCount
      averageScore
      levels {
        level
        count
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ScorecardTrendQuery, ScorecardTrendQueryVariables>;
export const EntityScoresDocument = new TypedDocumentString(`
    query EntityScores($refs: [String!]!) {
  entitiesByRefs(refs: $refs) {
    ref
    scorecards {
      name
      score
      level
      levels
    }
  }
}
    `) as unknown as TypedDocumentString<EntityScoresQuery, EntityScoresQueryVariables>;
export const GroupRollupsDocument = new TypedDocumentString(`
    query GroupRollups($ref: String!, $includeSubgroups: Boolean) {
  entity(ref: $ref) {
    ref
    ... on Group {
      scorecardRollups(includeSubgroups: $includeSubgroups) {
        ...Rollup
      }
    }
  }
}
    fragment Rollup on ScorecardRollup {
  scorecard
  entityCount
  averageScore
  levels {
    level
    count
  }
  failingCriticalCount
  failingCritical(first: 20) {
    ref
    score
    level
    failingCritical
    entity {
      kind
      name
      namespace
      title
    }
  }
}`) as unknown as TypedDocumentString<GroupRollupsQuery, GroupRollupsQueryVariables>;
export const ScorecardDefinitionsDocument = new TypedDocumentString(`
    query ScorecardDefinitions {
  scorecards {
    name
    title
    levels
    checks {
      id
      title
      weight
    }
  }
}
    `) as unknown as TypedDocumentString<ScorecardDefinitionsQuery, ScorecardDefinitionsQueryVariables>;
export const ScorecardResultsDocument = new TypedDocumentString(`
    query ScorecardResults($filter: ScorecardResultFilter, $orderBy: [ScorecardResultOrder!], $first: Int, $after: String) {
  scorecardResults(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      name
      ref
      score
      level
      failingCritical
      failing
      evaluatedAt
      entity {
        kind
        name
        namespace
        title
        ... on Component {
          ownerRef
          system {
            ref
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ScorecardResultsQuery, ScorecardResultsQueryVariables>;
export const ScorecardSummaryDocument = new TypedDocumentString(`
    query ScorecardSummary($scorecard: String!, $filter: ScorecardResultFilter) {
  scorecardSummary(scorecard: $scorecard, filter: $filter) {
    ...Rollup
    checks {
      checkId
      weight
      pass
      fail
      exempt
      unknown
      errors
      passRate
    }
  }
}
    fragment Rollup on ScorecardRollup {
  scorecard
  entityCount
  averageScore
  levels {
    level
    count
  }
  failingCriticalCount
  failingCritical(first: 20) {
    ref
    score
    level
    failingCritical
    entity {
      kind
      name
      namespace
      title
    }
  }
}`) as unknown as TypedDocumentString<ScorecardSummaryQuery, ScorecardSummaryQueryVariables>;