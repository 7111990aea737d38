import {
  configApiRef,
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
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

/**
 * The entity's scorecards, with every check; for the entity page.
 * @public
 */
export const EntityScorecardCard = stagehandPlugin.provide(
  createComponentExtension({
    name: 'EntityScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityScorecardCard').then(
          m => m.EntityScorecardCard,
        ),
    },
  }),
);

/**
 * A team's roll-up in every scorecard; for a group's entity page.
 * @public
 */
export const GroupScorecardCard = stagehandPlugin.provide(
  createComponentExtension({
    name: 'GroupScorecardCard',
    component: {
      lazy: () =>
        import('./components/GroupScorecardCard').then(
          m => m.GroupScorecardCard,
        ),
    },
  }),
);

/**
 * The overview of every scored entity, with per-check pass rates; a page of the app.
 * @public
 */
export const ScorecardOverviewPage = stagehandPlugin.provide(
  createRoutableExtension({
    name: 'ScorecardOverviewPage',
    component: () =>
      import('./components/ScorecardOverviewPage').then(
        m => m.ScorecardOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity's score and level as a small badge; for the top of the entity page.
 * @public
 */
export const EntityScoreBadge = stagehandPlugin.provide(
  createComponentExtension({
    name: 'EntityScoreBadge',
    component: {
      lazy: () =>
        import('./components/EntityScore').then(m => m.EntityScoreBadge),
    },
  }),
);
