import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../../infra/test-tmpdir.ts';

export default defineConfig({
  resolve: {
    // type-graphql loads graphql through CommonJS; one copy for everyone, or
    // "Cannot use GraphQLSchema from another module or realm".
    alias: { graphql: fileURLToPath(new URL('../../node_modules/graphql/index.js', import.meta.url)) },
  },
  test: { ...testTmpdir(), testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
});
