import { ResponseError } from '@backstage/errors';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useParams } from 'react-router-dom';
import type { GraphWalk, StagehandApi } from '../../api/StagehandApi';
import { stagehandApiRef } from '../../api/StagehandApi';
import { EntityDependencyGraphCard } from './EntityDependencyGraphCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
};

const node = (ref: string, depth: number, kind = 'Component') => ({
  ref,
  depth,
  entity: {
    kind,
    name: ref.split('/')[1],
    namespace: 'default',
    title: null,
  },
});

const walk: GraphWalk = {
  nodes: [
    node('component:default/checkout-service', 0),
    node('component:default/payment-api', 1),
    node('api:default/payments-api', 1, 'API'),
  ],
  edges: [
    {
      source: 'component:default/checkout-service',
      target: 'component:default/payment-api',
      type: 'dependsOn',
    },
    {
      source: 'component:default/checkout-service',
      target: 'api:default/payments-api',
      type: 'consumesApi',
    },
  ],
  truncated: false,
};

const Landing = () => {
  const { kind, namespace, name } = useParams();
  return <div>entity page of {`${kind}:${namespace}/${name}`}</div>;
};

async function renderCard(
  api: Partial<StagehandApi> & { maxNodes?: number; initialDepth?: number },
) {
  return renderInTestApp(
    <TestApiProvider apis={[[stagehandApiRef, api]]}>
      <Routes>
        <Route
          path="/"
          element={
            <EntityProvider entity={entity}>
              <EntityDependencyGraphCard
                maxNodes={api.maxNodes}
                initialDepth={api.initialDepth}
              />
            </EntityProvider>
          }
        />
        <Route path="/catalog/:namespace/:kind/:name" element={<Landing />} />
      </Routes>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityDependencyGraphCard', () => {
  it('draws the walk around the entity, both ways and through APIs by default', async () => {
    const getGraph = jest.fn().mockResolvedValue(walk);
    await renderCard({ getGraph });

    expect(await screen.findByText('payment-api')).toBeInTheDocument();
    expect(screen.getByText('payments-api')).toBeInTheDocument();
    expect(screen.getByText('3 entities, 2 relations')).toBeInTheDocument();
    expect(getGraph).toHaveBeenCalledWith({
      roots: ['component:default/checkout-service'],
      relationTypes: ['dependsOn', 'consumesApi', 'apiProvidedBy'],
      direction: 'BOTH',
      maxDepth: 2,
      maxNodes: 150,
    });
  });

  it('colours nodes by kind and names the kinds in the legend', async () => {
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk) });

    const api = await screen.findByTestId('node-api:default/payments-api');
    const component = screen.getByTestId('node-component:default/payment-api');
    expect(api.querySelector('rect')?.getAttribute('fill')).not.toEqual(
      component.querySelector('rect')?.getAttribute('fill'),
    );
    expect(screen.getByText('API')).toBeInTheDocument();
    expect(screen.getByText('Component')).toBeInTheDocument();
  });

  it('opens the entity page of a clicked node', async () => {
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk) });

    fireEvent.click(await screen.findByTestId('node-component:default/payment-api'));

    expect(
      await screen.findByText('entity page of component:default/payment-api'),
    ).toBeInTheDocument();
  });

  it('walks again with the chosen direction, depth and relations', async () => {
    const getGraph = jest.fn().mockResolvedValue(walk);
    await renderCard({ getGraph });
    await screen.findByText('payment-api');

    fireEvent.mouseDown(screen.getByLabelText('Direction'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Dependents'),
    );
    await waitFor(() =>
      expect(getGraph).toHaveBeenLastCalledWith(
        expect.objectContaining({ direction: 'INCOMING' }),
      ),
    );

    fireEvent.mouseDown(screen.getByLabelText('Depth'));
    fireEvent.click(within(await screen.findByRole('listbox')).getByText('4'));
    await waitFor(() =>
      expect(getGraph).toHaveBeenLastCalledWith(
        expect.objectContaining({ direction: 'INCOMING', maxDepth: 4 }),
      ),
    );

    fireEvent.click(
      screen.getByLabelText('Through APIs (providers and consumers)'),
    );
    await waitFor(() =>
      expect(getGraph).toHaveBeenLastCalledWith(
        expect.objectContaining({ relationTypes: ['dependsOn'] }),
      ),
    );
  });

  it('says when the walk was cut at the node limit', async () => {
    await renderCard({
      getGraph: jest.fn().mockResolvedValue({ ...walk, truncated: true }),
      maxNodes: 3,
    });

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Truncated: showing the first 3 entities; lower the depth',
    );
  });

  it('says when more entities lie beyond the depth', async () => {
    await renderCard({
      getGraph: jest.fn().mockResolvedValue({ ...walk, truncated: true }),
    });

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Truncated: more entities lie beyond depth 2.',
    );
  });

  it('stays drawable for an entity with hundreds of neighbours', async () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      node(`component:default/neighbour-${i}`, 1),
    );
    const getGraph = jest.fn().mockResolvedValue({
      nodes: [walk.nodes[0], ...many],
      edges: many.map(n => ({
        source: 'component:default/checkout-service',
        target: n.ref,
        type: 'dependsOn',
      })),
      truncated: true,
    });
    await renderCard({ getGraph, maxNodes: 301 });

    expect(await screen.findByText('neighbour-299')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Truncated: showing the first 301 entities',
    );
  });

  it('shows an empty state when nothing is related', async () => {
    await renderCard({
      getGraph: jest.fn().mockResolvedValue({
        nodes: [walk.nodes[0]],
        edges: [],
        truncated: false,
      }),
    });

    expect(await screen.findByText('No dependencies')).toBeInTheDocument();
  });

  it('says when Stagehand does not know the entity', async () => {
    await renderCard({
      getGraph: jest.fn().mockResolvedValue({
        nodes: [{ ref: 'component:default/checkout-service', depth: 0, entity: null }],
        edges: [],
        truncated: false,
      }),
    });

    expect(
      await screen.findByText('Stagehand does not know this entity'),
    ).toBeInTheDocument();
  });

  it('says Stagehand is unreachable when the proxy answers 504', async () => {
    const response = new Response('upstream down', {
      status: 504,
      statusText: 'Gateway Timeout',
    });
    const error = await ResponseError.fromResponse(response as any);
    await renderCard({ getGraph: jest.fn().mockRejectedValue(error) });

    expect(
      await screen.findByText(/Stagehand is unreachable/),
    ).toBeInTheDocument();
  });

  it("shows Stagehand's message for other errors", async () => {
    await renderCard({
      getGraph: jest
        .fn()
        .mockRejectedValue(new Error('maxDepth must be between 0 and 10')),
    });

    expect(
      await screen.findByText(/Stagehand could not answer/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/maxDepth must be between 0 and 10/)[0],
    ).toBeInTheDocument();
  });

  it('colours nodes by their lowest score once Stagehand serves scores', async () => {
    const score = (n: number) => [
      { name: 'production-readiness', score: n, level: null, levels: [] },
    ];
    const getEntityScores = jest.fn().mockResolvedValue(
      new Map([
        ['component:default/checkout-service', score(90)],
        ['component:default/payment-api', score(30)],
      ]),
    );
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk), getEntityScores });

    const fill = (ref: string) =>
      screen.getByTestId(`node-${ref}`).querySelector('rect')?.getAttribute('fill');
    await waitFor(() =>
      expect(fill('component:default/payment-api')).toBe('#c62828'),
    );
    expect(fill('component:default/checkout-service')).toBe('#2e7d32');
    expect(fill('api:default/payments-api')).toBe('#9e9e9e');
    expect(screen.getByText('score under 50')).toBeInTheDocument();
    expect(screen.getByText('not scored')).toBeInTheDocument();
    expect(getEntityScores).toHaveBeenCalledWith([
      'component:default/checkout-service',
      'component:default/payment-api',
      'api:default/payments-api',
    ]);
  });

  it('keeps the colours by kind when the scores cannot be had', async () => {
    await renderCard({
      getGraph: jest.fn().mockResolvedValue(walk),
      getEntityScores: jest
        .fn()
        .mockRejectedValue(new Error('Validation error: scorecards')),
    });

    expect(await screen.findByText('API')).toBeInTheDocument();
    expect(screen.queryByText('not scored')).not.toBeInTheDocument();
  });

  it('offers an initial depth beyond the menu\'s five steps', async () => {
    const getGraph = jest.fn().mockResolvedValue(walk);
    await renderCard({ getGraph, initialDepth: 7 });

    await screen.findByText('payment-api');
    expect(getGraph).toHaveBeenCalledWith(expect.objectContaining({ maxDepth: 7 }));
    expect(screen.getByLabelText('Depth')).toHaveTextContent('7');
  });
  it('zooms with its buttons and centres on the entity again', async () => {
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk) });
    await screen.findByText('payment-api');
    const canvas = screen.getByTestId('graph-canvas');
    expect(screen.getByText('100%')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(screen.getByText('125%')).toBeInTheDocument();
    expect(canvas.getAttribute('transform')).toMatch(/scale\(1\.25\)$/);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(screen.getByText('80%')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Centre on checkout-service' }));
    expect(screen.getByText('100%')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show the whole graph' })).toBeInTheDocument();
  });

  it('is one tab stop, on the entity; the arrow keys move it and Enter opens a node', async () => {
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk) });
    const root = await screen.findByTestId('node-component:default/checkout-service');
    expect(root).toHaveAttribute('tabindex', '0');
    expect(root).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('node-component:default/payment-api')).toHaveAttribute('tabindex', '-1');

    root.focus();
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    const next = document.activeElement!;
    const ref = next.getAttribute('data-testid')!.slice('node-'.length);
    expect(['component:default/payment-api', 'api:default/payments-api']).toContain(ref);
    expect(next).toHaveAttribute('tabindex', '0');
    expect(root).toHaveAttribute('tabindex', '-1');

    fireEvent.keyDown(next, { key: 'Enter' });
    expect(await screen.findByText(`entity page of ${ref}`)).toBeInTheDocument();
  });

  it('names the line of each relation drawn and the entity in the legend', async () => {
    await renderCard({ getGraph: jest.fn().mockResolvedValue(walk) });
    await screen.findByText('payment-api');

    expect(screen.getByText('depends on')).toBeInTheDocument();
    expect(screen.getByText('consumes API')).toBeInTheDocument();
    expect(screen.queryByText('API provided by')).not.toBeInTheDocument();
    expect(screen.getByText('this entity')).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: /^Dependency graph of checkout-service: 3 entities, 2 relations/ }),
    ).toBeInTheDocument();
  });
});
