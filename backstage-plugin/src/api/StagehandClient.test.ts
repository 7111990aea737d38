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
});
