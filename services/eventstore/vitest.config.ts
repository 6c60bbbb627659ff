import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../../infra/test-tmpdir.ts';

export default defineConfig({
  test: {
    ...testTmpdir(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Every test by name, skipped ones too: the default reporter shows a skipped file as a count
    // only, and the KurrentDB contract run must say by name that it was skipped, and why.
    reporters: ['verbose'],
  },
});
