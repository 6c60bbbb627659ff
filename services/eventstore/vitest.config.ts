import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../../infra/test-tmpdir.ts';

export default defineConfig({
  test: {
    ...testTmpdir(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
