import { InMemoryKeyStore } from '@tandem/domain';
import { Projector } from './src/index';
import { openEnv } from './test/support/env';
import { generateHistory } from './test/support/history';

const env = await openEnv('postgres', 'proj_prof');
const keyStore = new InMemoryKeyStore();
let t = performance.now();
const h = await generateHistory(env.store, keyStore, { tenants: 1, programsPerTenant: 3, applicationsPerProgram: 120, maxEvents: 3000 });
console.log('generated', h.events, (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const p = new Projector({ store: env.store, keyStore, readModels: env.readModels, batchSize: 500 });
await p.start();
console.log(await p.waitFor((await env.store.headCheckpoint())!, 5000), (performance.now() - t).toFixed(0), 'ms', p.lastError);
await p.stop();
await env.close();
