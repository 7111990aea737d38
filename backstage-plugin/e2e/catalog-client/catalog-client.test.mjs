// Backstage's own @backstage/catalog-client, unchanged, against Stagehand's jar: every read method
// the REST catalog API serves, with the demo catalog and the 201 components of the harness's large one.
// Run after `./mvnw -pl api package`: `npm ci && npm test` in this folder (STAGEHAND_JAR names another jar).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { CatalogClient, CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { outputDir, startStagehand, stopAll } from '../harness.mjs';

let catalog;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  const url = await startStagehand();
  catalog = new CatalogClient({ discoveryApi: { getBaseUrl: async () => `${url}/api/catalog` } });
});

after(stopAll);

test('getEntityByRef serves the stored entity with its relations, and undefined when missing', async () => {
  const entity = await catalog.getEntityByRef('component:default/payment-api');
  assert.equal(entity.kind, 'Component');
  assert.equal(entity.metadata.name, 'payment-api');
  assert.ok(entity.relations.some(r => r.type === 'ownedBy' && r.targetRef === 'group:default/payments-team'));
  assert.equal(await catalog.getEntityByRef('component:default/nope'), undefined);
});

test('getEntities filters as Backstage does: statements ANDed, filters ORed, exists', async () => {
  const services = await catalog.getEntities({
    filter: { kind: 'component', 'spec.type': 'service' },
    fields: ['metadata.name', 'spec.type'],
  });
  assert.ok(services.items.length > 10);
  assert.ok(services.items.every(e => e.spec.type === 'service' && e.kind === undefined));
  const domainsOrSystems = await catalog.getEntities({ filter: [{ kind: 'domain' }, { kind: 'system' }] });
  assert.ok(domainsOrSystems.items.length > 2);
  assert.ok(domainsOrSystems.items.every(e => e.kind === 'Domain' || e.kind === 'System'));
  const documented = await catalog.getEntities({
    filter: { kind: 'component', 'metadata.annotations.backstage.io/techdocs-ref': CATALOG_FILTER_EXISTS },
  });
  assert.ok(documented.items.length > 0);
  assert.ok(documented.items.every(e => 'backstage.io/techdocs-ref' in e.metadata.annotations));
  const ordered = await catalog.getEntities({
    filter: { kind: 'component' },
    order: { field: 'metadata.name', order: 'desc' },
    limit: 5,
    offset: 2,
  });
  assert.equal(ordered.items.length, 5);
});

test('getEntitiesByRefs answers in request order with undefined for missing refs', async () => {
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: ['component:default/payment-api', 'component:default/nope', 'group:default/payments-team'],
    fields: ['kind', 'metadata.name'],
  });
  assert.equal(items.length, 3);
  assert.deepEqual(items[0], { kind: 'Component', metadata: { name: 'payment-api' } });
  assert.equal(items[1], undefined);
  assert.equal(items[2].metadata.name, 'payments-team');
});

test('queryEntities pages through every component with cursors, forward and back', async () => {
  const first = await catalog.queryEntities({
    filter: { kind: 'component' },
    orderFields: { field: 'metadata.name', order: 'asc' },
    fields: ['metadata.name'],
    limit: 40,
  });
  assert.ok(first.totalItems > 200);
  assert.equal(first.pageInfo.prevCursor, undefined);
  const forward = [];
  let page = first;
  let last = first;
  while (page) {
    forward.push(...page.items.map(e => e.metadata.name));
    last = page;
    page = page.pageInfo.nextCursor
      ? await catalog.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 40, fields: ['metadata.name'] })
      : undefined;
  }
  assert.equal(forward.length, first.totalItems);
  assert.equal(new Set(forward).size, forward.length);
  const backward = last.items.map(e => e.metadata.name);
  let cursor = last.pageInfo.prevCursor;
  while (cursor) {
    const previous = await catalog.queryEntities({ cursor, limit: 40, fields: ['metadata.name'] });
    backward.unshift(...previous.items.map(e => e.metadata.name));
    cursor = previous.pageInfo.prevCursor;
  }
  assert.deepEqual(backward, forward);
});

test('getEntityFacets counts the values of the filtered entities', async () => {
  const { facets } = await catalog.getEntityFacets({ facets: ['kind', 'spec.type'], filter: { kind: 'component' } });
  const { totalItems } = await catalog.queryEntities({ filter: { kind: 'component' }, limit: 1 });
  assert.deepEqual(facets.kind, [{ value: 'Component', count: totalItems }]);
  assert.ok(facets['spec.type'].some(f => f.value === 'library' && f.count >= 190));
});

test('any dot path filters, and a statement without a key is an InputError naming where it is', async () => {
  const owned = await catalog.getEntities({ filter: { kind: 'component', 'spec.owner': 'Payments-Team' } });
  assert.ok(owned.items.length > 0);
  assert.ok(owned.items.every(e => e.spec.owner.toLowerCase() === 'payments-team'));
  await assert.rejects(catalog.getEntities({ filter: { '': 'x' } }), err => {
    assert.equal(err.name, 'ResponseError');
    assert.equal(err.body.error.name, 'InputError');
    assert.match(err.body.error.message, /'=x' at character 1/);
    return true;
  });
});
