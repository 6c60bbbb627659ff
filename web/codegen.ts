import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents from the checked-in schema and the `graphql()` calls in src; `npm run codegen -w web`. */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, skipTypename: false },
    },
  },
};

export default config;
