import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev -w web` proxies the API started by `npm start` (port 4000).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/documents': { target: 'http://127.0.0.1:4000' },
      '/export': { target: 'http://127.0.0.1:4000' },
    },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
