import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../../infra/test-tmpdir.ts';

export default defineConfig({
  test: {
    ...testTmpdir(),
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
