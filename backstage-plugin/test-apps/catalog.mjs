// A tiny stand-in for Backstage's catalog REST API, as the catalog frontend calls it, over entities
// held in memory. The test apps need a catalog to list and open entities; Backstage's catalog
// backend would be most of a Backstage install, and the plugin only ever asks Stagehand.

/** Every entity Stagehand serves, read once through its GraphQL API. */
export async function loadEntities(stagehandUrl) {
  const entities = [];
  let after = null;
  do {
    const response = await fetch(`${stagehandUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($after: String) { entities(first: 100, after: $after) {
          nodes { descriptor relations { type targetRef } }
          pageInfo { hasNextPage endCursor } } }`,
        variables: { after },
      }),
    });
    const body = await response.json();
    if (!body.data?.entities) throw new Error(`Stagehand refused the entities: ${JSON.stringify(body.errors)}`);
    const page = body.data.entities;
    // Backstage serves an entity with its relations; the About card and the owner filter read them.
    entities.push(...page.nodes.map(n => ({ relations: n.relations, ...n.descriptor })));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return entities;
}

const lower = s => String(s).toLocaleLowerCase('en-US');

export function refOf(entity) {
  const namespace = entity.metadata.namespace ?? 'default';
  return lower(`${entity.kind}:${namespace}/${entity.metadata.name}`);
}

/** The values at a dotted key, as Backstage's filters read them (`relations.ownedBy` reads relation targets). */
function valuesAt(entity, key) {
  const path = key.split('.');
  if (lower(path[0]) === 'relations' && path.length === 2) {
    return (entity.relations ?? []).filter(r => lower(r.type) === lower(path[1])).map(r => r.targetRef);
  }
  let values = [entity];
  for (const part of path) {
    values = values.flatMap(v => {
      if (v === null || typeof v !== 'object') return [];
      const found = Object.keys(v).find(k => lower(k) === lower(part));
      const value = found === undefined ? undefined : v[found];
      if (value === undefined) return [];
      return Array.isArray(value) ? value : [value];
    });
  }
  if (lower(key) === 'metadata.namespace' && values.length === 0) return ['default'];
  return values.filter(v => v === null || typeof v !== 'object');
}

/** One `filter` parameter: `key=value` pairs, all of which must hold (a bare key: the field exists). */
function matchesOne(entity, filter) {
  return filter
    .split(',')
    .filter(Boolean)
    .every(pair => {
      const at = pair.indexOf('=');
      const key = at < 0 ? pair : pair.slice(0, at);
      const values = valuesAt(entity, key.trim());
      if (at < 0) return values.length > 0;
      const wanted = lower(pair.slice(at + 1).trim());
      return values.some(v => lower(v) === wanted);
    });
}

/** Several `filter` parameters: any one of them may hold. */
export function matches(entity, filters) {
  return filters.length === 0 || filters.some(f => matchesOne(entity, f));
}

function sortBy(entities, orderFields) {
  const keys = orderFields.map(o => {
    const [field, order = 'asc'] = o.split(',');
    return { field, sign: lower(order) === 'desc' ? -1 : 1 };
  });
  return [...entities].sort((a, b) => {
    for (const { field, sign } of keys) {
      const x = lower(valuesAt(a, field)[0] ?? '');
      const y = lower(valuesAt(b, field)[0] ?? '');
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  });
}

function textMatches(entity, term, fields) {
  if (!term) return true;
  const where = fields.length ? fields : ['metadata.name', 'metadata.title', 'spec.profile.displayName'];
  return where.some(f => valuesAt(entity, f).some(v => lower(v).includes(lower(term))));
}

/**
 * Answers one request of the catalog API (the path below /api/catalog), or returns undefined for
 * a path it does not know.
 */
export function answer(entities, method, path, params, body) {
  const filters = params.getAll('filter');
  if (method === 'GET' && path === '/entities') {
    const found = entities.filter(e => matches(e, filters));
    const offset = Number(params.get('offset') ?? 0);
    const limit = params.has('limit') ? Number(params.get('limit')) : found.length;
    return sortBy(found, params.getAll('order').map(o => o.split(':').reverse().join(','))).slice(offset, offset + limit);
  }
  if (method === 'GET' && path === '/entities/by-query') {
    // The cursor carries the whole query and the offset, as Backstage's does.
    const cursor = params.get('cursor');
    const query = cursor
      ? JSON.parse(Buffer.from(cursor, 'base64url').toString())
      : {
          filters,
          orderFields: params.getAll('orderField'),
          term: params.get('fullTextFilterTerm') ?? '',
          textFields: (params.get('fullTextFilterFields') ?? '').split(',').filter(Boolean),
          offset: 0,
        };
    const limit = Number(params.get('limit') ?? 20);
    const found = sortBy(
      entities.filter(e => matches(e, query.filters) && textMatches(e, query.term, query.textFields)),
      query.orderFields,
    );
    const page = found.slice(query.offset, query.offset + limit);
    const at = offset => Buffer.from(JSON.stringify({ ...query, offset })).toString('base64url');
    return {
      items: page,
      totalItems: found.length,
      pageInfo: {
        ...(query.offset + limit < found.length ? { nextCursor: at(query.offset + limit) } : {}),
        ...(query.offset > 0 ? { prevCursor: at(Math.max(0, query.offset - limit)) } : {}),
      },
    };
  }
  if (method === 'POST' && path === '/entities/by-refs') {
    const byRef = new Map(entities.map(e => [refOf(e), e]));
    return {
      items: (body?.entityRefs ?? []).map(ref => {
        const e = byRef.get(lower(ref));
        return e && matches(e, filters) ? e : null;
      }),
    };
  }
  const byName = path.match(/^\/entities\/by-name\/([^/]+)\/([^/]+)\/([^/]+)(\/ancestry)?$/);
  if (method === 'GET' && byName) {
    const ref = lower(`${decodeURIComponent(byName[1])}:${decodeURIComponent(byName[2])}/${decodeURIComponent(byName[3])}`);
    const entity = entities.find(e => refOf(e) === ref) ?? null;
    // Entities here come from no processing chain: each is its own ancestry.
    return byName[4] && entity ? { rootEntityRef: ref, items: [{ entity, parentEntityRefs: [] }] } : entity;
  }
  if (method === 'GET' && path === '/entity-facets') {
    const found = entities.filter(e => matches(e, filters));
    const facets = {};
    for (const facet of params.getAll('facet')) {
      const counts = new Map();
      for (const e of found) {
        for (const v of new Set(valuesAt(e, facet))) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      facets[facet] = [...counts].map(([value, count]) => ({ value, count }));
    }
    return { facets };
  }
  return undefined;
}
