import { ConfigReader } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { StagehandClient, StagehandGraphQLError } from './StagehandClient';

const server = setupServer();
registerMswTestHooks(server);

const proxy = 'http://backstage.test/api/proxy';
const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    pluginId === 'proxy' ? proxy : `http://backstage.test/api/${pluginId}`,
};
const walk = { nodes: [], edges: [], truncated: false };
const request = { roots: ['component:default/payment-api'], maxDepth: 2 };

function client(config: object = {}) {
  return new StagehandClient({
    discoveryApi,
    fetchApi: new MockFetchApi(),
    configApi: new ConfigReader(config),
  });
}

describe('StagehandClient', () => {
  it('posts the query and its variables to the proxy path of Stagehand', async () => {
    let received: any;
    server.use(
      http.post(`${proxy}/stagehand/graphql`, async ({ request: r }) => {
        received = await r.json();
        return HttpResponse.json({ data: { graph: walk } });
      }),
    );

    await expect(client().getGraph(request)).resolves.toEqual(walk);
    expect(received.query).toMatch(/query DependencyGraph\(/);
    expect(received.variables).toEqual(request);
  });

  it('uses stagehand.graphqlPath from the app config', async () => {
    server.use(
      http.post(`${proxy}/stagehand-prod/graphql`, () =>
        HttpResponse.json({ data: { graph: walk } }),
      ),
    );

    await expect(
      client({ stagehand: { graphqlPath: '/stagehand-prod/graphql' } }).getGraph(
        request,
      ),
    ).resolves.toEqual(walk);
  });

  it('throws a ResponseError with the status when the proxy cannot reach Stagehand', async () => {
    server.use(
      http.post(`${proxy}/stagehand/graphql`, () =>
        HttpResponse.text('Bad gateway', { status: 502 }),
      ),
    );

    const error = await client()
      .getGraph(request)
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });

  it("throws Stagehand's GraphQL error messages", async () => {
    server.use(
      http.post(`${proxy}/stagehand/graphql`, () =>
        HttpResponse.json({
          errors: [
            {
              message: 'maxDepth must be between 0 and 10, was 99',
              extensions: { classification: 'BAD_REQUEST' },
            },
          ],
          data: { graph: null },
        }),
      ),
    );

    const error = await client()
      .getGraph({ ...request, maxDepth: 99 })
      .catch(e => e);
    expect(error).toBeInstanceOf(StagehandGraphQLError);
    expect(error.message).toBe(
      'Stagehand could not answer DependencyGraph: maxDepth must be between 0 and 10, was 99',
    );
  });

  it('reports request errors answered with a 4xx and a GraphQL body as GraphQL errors', async () => {
    server.use(
      http.post(`${proxy}/stagehand/graphql`, () =>
        HttpResponse.json(
          { errors: [{ message: 'Validation error: unknown field' }] },
          { status: 400 },
        ),
      ),
    );

    await expect(client().getGraph(request)).rejects.toThrow(
      'Stagehand could not answer DependencyGraph: Validation error: unknown field',
    );
  });

  it('asks for the scores of many entities 500 refs at a time and keys them by ref', async () => {
    const asked: number[] = [];
    server.use(
      http.post(`${proxy}/stagehand/graphql`, async ({ request: r }) => {
        const { variables } = (await r.json()) as any;
        asked.push(variables.refs.length);
        return HttpResponse.json({
          data: {
            entitiesByRefs: variables.refs.map((ref: string) =>
              ref.endsWith('-1')
                ? null
                : { ref, scorecards: [{ name: 'sc', score: 50, level: null, levels: [] }] },
            ),
          },
        });
      }),
    );
    const refs = Array.from({ length: 501 }, (_, i) => `component:default/c-${i}`);

    const scores = await client().getEntityScores(refs);
    expect(asked).toEqual([500, 1]);
    expect(scores.size).toBe(500);
    expect(scores.get('component:default/c-0')?.[0].score).toBe(50);
    expect(scores.has('component:default/c-1')).toBe(false);
  });

  it('answers null for the roll-ups of an entity that is not a group', async () => {
    server.use(
      http.post(`${proxy}/stagehand/graphql`, () =>
        HttpResponse.json({ data: { entity: { ref: 'component:default/x' } } }),
      ),
    );

    await expect(client().getGroupRollups('component:default/x', true)).resolves.toBeNull();
  });
});
