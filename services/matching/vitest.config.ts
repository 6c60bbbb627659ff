import { defineConfig } from 'vitest/config';
import { testTmpdir } from '../../infra/test-tmpdir.ts';

export default defineConfig({
  test: {
    ...testTmpdir(),
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
