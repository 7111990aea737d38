/* eslint-disable no-restricted-imports */
// A Node test of the plugin's documents against the server's schema file, not browser code.
import { readFileSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { buildSchema, parse, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import * as generated from './generated/graphql';

// The plugin's contract with the server: every document it sends must validate against the
// schema the server loads (../schema.graphqls), so a schema change that breaks it fails here.
const schema = buildSchema(
  readFileSync(resolve(__dirname, '../../../schema.graphqls'), 'utf8'),
);

function errorsOf(source: string, against: GraphQLSchema = schema): string[] {
  return validate(against, parse(source)).map(e => e.message);
}

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return graphqlFiles(path);
    return name.endsWith('.graphql') ? [path] : [];
  });
}

const sources = graphqlFiles(resolve(__dirname, '..'));
const sent = Object.entries(generated).filter(([name]) =>
  name.endsWith('Document'),
);

describe('GraphQL documents', () => {
  it('finds the documents', () => {
    expect(sources.length).toBeGreaterThan(0);
    expect(sent.map(([name]) => name)).toContain('DependencyGraphDocument');
  });

  it.each(sources)('%s validates against schema.graphqls', path => {
    expect(errorsOf(readFileSync(path, 'utf8'))).toEqual([]);
  });

  it.each(sent)('%s, as sent, validates against schema.graphqls', (_, doc) => {
    expect(errorsOf(String(doc))).toEqual([]);
  });

  it('would catch a document the schema no longer serves', () => {
    const older = buildSchema('type Query { graph(roots: [String!]!): Int }');
    expect(errorsOf(String(generated.DependencyGraphDocument), older)).not.toEqual([]);
  });
});
