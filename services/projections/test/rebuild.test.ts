import { InMemoryKeyStore } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Projector, programAsOf, programSnapshot, rebuild } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';
import { generateHistory, type HistorySummary } from './support/history';

// 50k events on SQLite; PostgreSQL replays a smaller history to keep the suite within minutes.
const SIZE = { sqlite: 50_000, postgres: 10_000 } as const;

describe.each(kinds)('a rebuild of a generated history on %s', (kind) => {
  let env: Env;
  let history: HistorySummary;
  const keyStore = new InMemoryKeyStore();

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_rebuild');
    history = await generateHistory(env.store, keyStore, { tenants: 3, programsPerTenant: 40, applicationsPerProgram: 120, maxEvents: SIZE[kind] });
    const projector = new Projector({ store: env.store, keyStore, readModels: env.readModels, batchSize: 1_000 });
    await projector.start();
    expect(await projector.waitFor(history.lastCheckpoint as string, 110_000)).toBe(true);
    await projector.stop();
  });
  afterAll(async () => env?.close());

  it(`equals the live tables (${SIZE[kind].toLocaleString('en')} events)`, async () => {
    expect(history.events).toBeGreaterThanOrEqual(SIZE[kind]);
    const progress: number[] = [];
    const result = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true, onProgress: (p) => progress.push(p.events) });
    expect(result.events).toBe(history.events);
    expect(progress.at(-1)).toBe(history.events);
    expect(result.differences).toEqual([]);
  });

  it('equals them too when many flushes run while the replay reads on, rows changing between them', async () => {
    const small = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true, pageSize: 300, flushRows: 1_000 });
    expect(small.events).toBe(history.events);
    expect(small.differences).toEqual([]);
  });

  it('reports every difference when a live row was changed behind the projector’s back', async () => {
    await env.readModels.run(`update "application" set "status" = 'tampered' where "application_id" = ?`, [`${history.programs[0]!.programId}-a1`]);
    await env.readModels.run(`delete from "output" where "output_id" in (select "output_id" from "output" order by "output_id" limit 1)`);
    const result = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true });
    expect(result.differences).toEqual([
      expect.objectContaining({ table: 'application', kind: 'changed', columns: [{ column: 'status', live: 'tampered', rebuilt: expect.any(String) }] }),
      expect.objectContaining({ table: 'output', kind: 'missing-in-live' }),
    ]);
  });

  it('swaps the rebuilt tables in, which repairs them, and as-of agrees with them', async () => {
    await rebuild({ store: env.store, keyStore, readModels: env.readModels });
    expect((await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true })).differences).toEqual([]);
    const { tenant, programId } = history.programs[1]!;
    const {
      checkpoint: _c,
      events: _e,
      replayed: _r,
      ...asOf
    } = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: history.lastCheckpoint as string });
    expect(asOf).toEqual(await programSnapshot(env.readModels, tenant, programId));
  });
});
