import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../infra/test-tmpdir.ts';

const tmp = testTmpdir();

export default defineConfig({
  resolve: {
    // type-graphql loads graphql through CommonJS; one copy for everyone, or
    // "Cannot use GraphQLSchema from another module or realm".
    alias: { graphql: fileURLToPath(new URL('../node_modules/graphql/index.js', import.meta.url)) },
  },
  test: {
    include: ['browser/**/*.test.ts'],
    env: tmp.env,
    globalSetup: [...tmp.globalSetup, 'browser/support/build-portal.ts'],
    // One Chromium at a time: the machine has two cores, shared.
    fileParallelism: false,
    testTimeout: 90_000,
    // A shared two-core machine: the page may need a few seconds where a laptop needs milliseconds.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
  },
});
