#!/usr/bin/env node
// The `tandem` command. Sources are TypeScript, run through tsx's loader with a tsconfig
// that covers every service (the API's resolvers use decorators).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.runtime.json', import.meta.url));
// Child processes started with `--import tsx` (bench fixtures, test fixtures) read the same tsconfig.
process.env.TSX_TSCONFIG_PATH ??= tsconfig;
register({ tsconfig });
await import('../src/main.ts');
