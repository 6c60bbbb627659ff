#!/usr/bin/env node
// `npm run bench`: every benchmark part, each beside its raw baseline in the same run.
import { register } from 'tsx/esm/api';

register();
await import('../src/bench.ts');
