#!/usr/bin/env node
// `npm run bench`: every benchmark part, each beside its raw baseline in the same run.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.runtime.json', import.meta.url));
// Child processes started with `--import tsx` (bench fixtures, test fixtures) read the same tsconfig.
process.env.TSX_TSCONFIG_PATH ??= tsconfig;
register({ tsconfig });
await import('../src/bench.ts');
