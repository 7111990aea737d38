import {
  configApiRef,
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { stagehandApiRef } from './api/StagehandApi';
import { StagehandClient } from './api/StagehandClient';
import { rootRouteRef } from './routes';

/** @public */
export const stagehandPlugin = createPlugin({
  id: 'stagehand',
  apis: [
    createApiFactory({
      api: stagehandApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        configApi: configApiRef,
      },
      factory: deps => new StagehandClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The entity's dependency graph, walked by Stagehand; for the entity page.
 * @public
 */
export const EntityDependencyGraphCard = stagehandPlugin.provide(
  createComponentExtension({
    name: 'EntityDependencyGraphCard',
    component: {
      lazy: () =>
        import('./components/EntityDependencyGraphCard').then(
          m => m.EntityDependencyGraphCard,
        ),
    },
  }),
);
