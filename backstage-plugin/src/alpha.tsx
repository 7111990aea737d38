/**
 * Stagehand's plugin for Backstage's new frontend system: the same components as the legacy
 * exports, as extensions an app installs by adding this package.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  configApiRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import type { Entity } from '@backstage/catalog-model';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { InfoCard } from '@backstage/core-components';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { stagehandApiRef } from './api/StagehandApi';
import { StagehandClient } from './api/StagehandClient';
import { rootRouteRef } from './routes';

/** The kinds whose entities Stagehand walks and scores; a group gets the team card instead. */
const GRAPH_KINDS = ['component', 'api', 'resource', 'system'];

/** An entity filter by kind, as Backstage compares kinds: case-insensitively. */
export function isKind(kinds: ReadonlyArray<string>) {
  return (entity: Entity) =>
    kinds.includes(entity.kind.toLocaleLowerCase('en-US'));
}

/** The client, from the app's discovery, fetch and config APIs. @alpha */
export const stagehandApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: stagehandApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        configApi: configApiRef,
      },
      factory: deps => new StagehandClient(deps),
    }),
});

/** The overview of every scored entity, with its item in the app's navigation. @alpha */
export const scorecardOverviewPage = PageBlueprint.make({
  params: {
    path: '/stagehand',
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page draws its own header.
    noHeader: true,
    loader: () =>
      import('./components/ScorecardOverviewPage').then(m =>
        compatWrapper(<m.ScorecardOverviewPage />),
      ),
  },
});

/** The entity's dependency graph, on components, APIs, resources and systems. @alpha */
export const entityDependencyGraphCard = EntityCardBlueprint.make({
  name: 'dependency-graph',
  params: {
    type: 'content',
    filter: isKind(GRAPH_KINDS),
    loader: () =>
      import('./components/EntityDependencyGraphCard').then(m =>
        compatWrapper(<m.EntityDependencyGraphCard />),
      ),
  },
});

/** The entity's scorecards, on the kinds Stagehand scores. @alpha */
export const entityScorecardCard = EntityCardBlueprint.make({
  name: 'scorecards',
  params: {
    filter: isKind(GRAPH_KINDS),
    loader: () =>
      import('./components/EntityScorecardCard').then(m =>
        compatWrapper(<m.EntityScorecardCard />),
      ),
  },
});

/**
 * The entity's score and level as a badge in a small info card: the new system's entity page
 * keeps its header to itself, and info cards sit beside the About card at the top. @alpha
 */
export const entityScoreCard = EntityCardBlueprint.make({
  name: 'score',
  params: {
    type: 'info',
    filter: isKind(GRAPH_KINDS),
    loader: () =>
      import('./components/EntityScore').then(m =>
        compatWrapper(
          <InfoCard title="Score">
            <m.EntityScoreBadge />
          </InfoCard>,
        ),
      ),
  },
});

/** A team's roll-up in every scorecard, on groups. @alpha */
export const groupScorecardCard = EntityCardBlueprint.make({
  name: 'group-scorecards',
  params: {
    filter: isKind(['group']),
    loader: () =>
      import('./components/GroupScorecardCard').then(m =>
        compatWrapper(<m.GroupScorecardCard />),
      ),
  },
});

/** Stagehand's plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'stagehand',
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
  },
  extensions: [
    stagehandApi,
    scorecardOverviewPage,
    entityDependencyGraphCard,
    entityScorecardCard,
    entityScoreCard,
    groupScorecardCard,
  ],
});
