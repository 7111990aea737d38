import type {
  ConfigApi,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GraphWalk, GraphWalkRequest, StagehandApi } from './StagehandApi';
import {
  DependencyGraphDocument,
  EntityScorecardsDocument,
  EntityScoresDocument,
  GroupRollupsDocument,
  ScorecardDefinitionsDocument,
  ScorecardResultsDocument,
  ScorecardSummaryDocument,
  ScorecardTrendDocument,
  ScoreHistoryDocument,
} from './generated/graphql';
import type {
  ScorecardResultFilter,
  TypedDocumentString,
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

/** The proxy path used when `stagehand.graphqlPath` is not configured. @public */
export const DEFAULT_GRAPHQL_PATH = '/stagehand/graphql';

/** One GraphQL error as Stagehand reports it. @public */
export type GraphQLErrorItem = {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { classification?: string };
};

/**
 * Stagehand answered, but with GraphQL errors (a bad argument, a refused query, an entity that
 * does not exist where one is required): the messages are Stagehand's own.
 * @public
 */
export class StagehandGraphQLError extends Error {
  readonly errors: GraphQLErrorItem[];

  constructor(operation: string, errors: GraphQLErrorItem[]) {
    super(
      `Stagehand could not answer ${operation}: ${errors
        .map(e => e.message)
        .join('; ')}`,
    );
    this.name = 'StagehandGraphQLError';
    this.errors = errors;
  }
}

/**
 * Posts GraphQL to Stagehand through the Backstage proxy, with the signed-in user's
 * credentials (fetchApi), so Stagehand can verify Backstage's tokens.
 * @public
 */
export class StagehandClient implements StagehandApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly graphqlPath: string;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    configApi?: ConfigApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.graphqlPath =
      options.configApi?.getOptionalString('stagehand.graphqlPath') ??
      DEFAULT_GRAPHQL_PATH;
  }

  async getGraph(request: GraphWalkRequest): Promise<GraphWalk> {
    const data = await this.query(DependencyGraphDocument, request);
    if (!data.graph) {
      throw new Error('Stagehand returned no graph');
    }
    return data.graph;
  }

  async getEntityScorecards(
    entityRef: string,
  ): Promise<EntityScorecardResult[] | null> {
    const data = await this.query(EntityScorecardsDocument, { ref: entityRef });
    return data.entity?.scorecards ?? null;
  }

  async getEntityScores(
    entityRefs: string[],
  ): Promise<Map<string, EntityScores>> {
    const scores = new Map<string, EntityScores>();
    // entitiesByRefs takes at most 500 refs a call.
    for (let i = 0; i < entityRefs.length; i += 500) {
      const data = await this.query(EntityScoresDocument, {
        refs: entityRefs.slice(i, i + 500),
      });
      data.entitiesByRefs.forEach(e => e && scores.set(e.ref, e.scorecards));
    }
    return scores;
  }

  async getGroupRollups(
    groupRef: string,
    includeSubgroups: boolean,
  ): Promise<ScorecardRollup[] | null> {
    const data = await this.query(GroupRollupsDocument, {
      ref: groupRef,
      includeSubgroups,
    });
    return data.entity && 'scorecardRollups' in data.entity
      ? data.entity.scorecardRollups
      : null;
  }

  async getScorecardDefinitions(): Promise<ScorecardDefinition[]> {
    return (await this.query(ScorecardDefinitionsDocument, {})).scorecards;
  }

  async getScorecardResults(
    request: ScorecardResultsRequest,
  ): Promise<ScorecardResultPage> {
    return (await this.query(ScorecardResultsDocument, request))
      .scorecardResults;
  }

  async getScorecardSummary(
    scorecard: string,
    filter?: ScorecardResultFilter,
  ): Promise<ScorecardSummary> {
    return (
      await this.query(ScorecardSummaryDocument, { scorecard, filter })
    ).scorecardSummary;
  }

  async getScorecardTrend(
    request: ScorecardTrendRequest,
  ): Promise<ScorecardTrend> {
    return (await this.query(ScorecardTrendDocument, request)).scorecardTrend;
  }

  async getScoreHistory(
    entityRef: string,
    scorecard: string,
    since?: string,
  ): Promise<ScorePoint[]> {
    return (
      await this.query(ScoreHistoryDocument, {
        ref: entityRef,
        scorecard,
        since,
      })
    ).scoreHistory.scores;
  }

  /** Sends one generated document with its variables and returns its data. */
  async query<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const response = await this.fetchApi.fetch(await this.url(), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    // GraphQL-over-HTTP answers request errors with 4xx and a JSON body of errors: those are
    // reported as Stagehand's messages, anything else (proxy down, 401, 5xx) as a ResponseError.
    const body = await readJson(response);
    if (body?.errors?.length) {
      throw new StagehandGraphQLError(operationName(document), body.errors);
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (!body || body.data === undefined || body.data === null) {
      throw new Error(
        `Stagehand answered ${operationName(document)} without data`,
      );
    }
    return body.data as TResult;
  }

  private async url(): Promise<string> {
    if (/^https?:\/\//.test(this.graphqlPath)) {
      return this.graphqlPath;
    }
    const proxy = await this.discoveryApi.getBaseUrl('proxy');
    const path = this.graphqlPath.startsWith('/')
      ? this.graphqlPath
      : `/${this.graphqlPath}`;
    return `${proxy}${path}`;
  }
}

type GraphQLBody = { data?: unknown; errors?: GraphQLErrorItem[] };

async function readJson(response: Response): Promise<GraphQLBody | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    return undefined;
  }
  try {
    // clone() keeps the body readable for ResponseError.fromResponse.
    return (await response.clone().json()) as GraphQLBody;
  } catch {
    return undefined;
  }
}

function operationName(document: { toString(): string }): string {
  const match = /(query|mutation)\s+(\w+)/.exec(document.toString());
  return match ? match[2] : 'the query';
}
