#!/usr/bin/env node
// `npm run bench`: every benchmark part, each beside its raw baseline in the same run.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.runtime.json', import.meta.url)) });
await import('../src/bench.ts');
