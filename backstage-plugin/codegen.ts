import type { CodegenConfig } from '@graphql-codegen/cli';

// Types and query strings for every document under src/**/graphql/, from the server's own schema.
// graphql-codegen validates each document against the schema, so a schema change that breaks
// the plugin fails here (and `npm run tsc` runs this first).
const config: CodegenConfig = {
  schema: '../schema.graphqls',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/api/generated/graphql.ts': {
      plugins: [
        'typescript-operations',
        'typed-document-node',
      ],
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: { JSON: 'unknown', DateTime: 'string', Date: 'string' },
        skipTypename: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
