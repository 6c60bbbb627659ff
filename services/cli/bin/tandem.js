#!/usr/bin/env node
// The `tandem` command. Sources are TypeScript, run through tsx's loader with a tsconfig
// that covers every service (the API's resolvers use decorators).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.runtime.json', import.meta.url)) });
await import('../src/main.ts');
