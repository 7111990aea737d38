import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import stagehandPlugin, {
  entityDependencyGraphCard,
  entityScorecardCard,
  entityScoreCard,
  groupScorecardCard,
} from './alpha';

const entity = (kind: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('the plugin for the new frontend system', () => {
  it('exposes the client, the overview page and the four entity cards', () => {
    expect(stagehandPlugin.pluginId).toBe('stagehand');
    for (const id of [
      'api:stagehand',
      'page:stagehand',
      'entity-card:stagehand/dependency-graph',
      'entity-card:stagehand/scorecards',
      'entity-card:stagehand/score',
      'entity-card:stagehand/group-scorecards',
    ] as const) {
      expect(stagehandPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('shows each card only on the kinds it fits', () => {
    const filterRef = EntityCardBlueprint.dataRefs.filterFunction;
    const kindsOf = (filter?: (e: Entity) => boolean) =>
      ['Component', 'API', 'Resource', 'System', 'Group', 'User', 'Domain'].filter(
        kind => filter?.(entity(kind)),
      );

    expect(kindsOf(createExtensionTester(entityDependencyGraphCard).get(filterRef))).toEqual(['Component', 'API', 'Resource', 'System']);
    expect(kindsOf(createExtensionTester(entityScorecardCard).get(filterRef))).toEqual(['Component', 'API', 'Resource', 'System']);
    expect(kindsOf(createExtensionTester(entityScoreCard).get(filterRef))).toEqual(['Component', 'API', 'Resource', 'System']);
    expect(kindsOf(createExtensionTester(groupScorecardCard).get(filterRef))).toEqual(['Group']);
  });

  it('draws the graph full width and the scorecards as an info card', () => {
    expect(
      createExtensionTester(entityDependencyGraphCard).get(EntityCardBlueprint.dataRefs.type),
    ).toBe('content');
    expect(createExtensionTester(entityScoreCard).get(EntityCardBlueprint.dataRefs.type)).toBe('info');
  });
});
