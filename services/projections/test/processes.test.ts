import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKeyStore } from '@tandem/domain';
import { openEventStore } from '@tandem/eventstore';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadModels, readCheckpoint, rebuild } from '../src/index';
import { generateHistory } from './support/history';
import { type ProjectorProcess, startProjectorProcess } from './support/process';

const processes: ProjectorProcess[] = [];
afterAll(async () => {
  for (const p of processes) await p.kill();
});

describe('a projector process killed with SIGKILL mid-batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-projections-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends, after a restart, equal to a full rebuild', async () => {
    const storeUrl = `sqlite:${join(dir, 'events.sqlite')}`;
    const readModelsUrl = `sqlite:${join(dir, 'readmodels.sqlite')}`;
    const store = await openEventStore(storeUrl);
    const keyStore = openKeyStore(store);
    await generateHistory(store, keyStore, { tenants: 3, programsPerTenant: 5, applicationsPerProgram: 60 });
    const head = (await store.headCheckpoint()) as string;

    const first = startProjectorProcess(storeUrl, readModelsUrl, 25);
    processes.push(first);
    await first.until((p) => p.position !== null && p.position > '00000000000000003000', 60_000);
    await first.kill();
    expect(first.position! < head).toBe(true);

    const second = startProjectorProcess(storeUrl, readModelsUrl, 25);
    processes.push(second);
    await second.until((p) => p.position === head, 90_000);
    await second.kill();

    const readModels = await ReadModels.open(readModelsUrl);
    expect((await readCheckpoint(readModels, 'readmodels')).checkpoint).toBe(head);
    const result = await rebuild({ store, keyStore, readModels, verify: true });
    expect(result.events).toBe((await store.stats()).events);
    expect(result.differences).toEqual([]);
    await readModels.close();
    await store.close();
  });
});

describe('two projector processes on one PostgreSQL', () => {
  it('let one write while the other follows, and the follower takes over within seconds of the writer being killed', async () => {
    const scratch = await createScratchDatabase('proj_takeover');
    try {
      const store = await openEventStore(scratch.url);
      const keyStore = openKeyStore(store);
      await ReadModels.open(scratch.url).then((db) => db.close());
      const a = startProjectorProcess(scratch.url, scratch.url, 200);
      processes.push(a);
      await a.until((p) => p.role === 'writer', 30_000);
      const b = startProjectorProcess(scratch.url, scratch.url, 200);
      processes.push(b);
      await b.until((p) => p.role === 'follower', 30_000);

      const head = (await generateHistory(store, keyStore, { tenants: 1, programsPerTenant: 2, applicationsPerProgram: 40, prefix: 'one' }))
        .lastCheckpoint as string;
      await a.until((p) => p.position !== null && p.position >= head, 60_000);
      await b.until((p) => p.position !== null && p.position >= head, 10_000);
      expect(b.role).toBe('follower');

      await a.kill();
      const tookOver = await b.until((p) => p.role === 'writer', 10_000);
      expect(tookOver).toBeLessThan(5_000);

      const next = (await generateHistory(store, keyStore, { tenants: 1, programsPerTenant: 1, applicationsPerProgram: 40, prefix: 'two' }))
        .lastCheckpoint as string;
      await b.until((p) => p.position !== null && p.position >= next, 60_000);
      await b.kill();

      const readModels = await ReadModels.open(scratch.url);
      expect((await rebuild({ store, keyStore, readModels, verify: true })).differences).toEqual([]);
      await readModels.close();
      await store.close();
    } finally {
      await scratch.drop();
    }
  });
});
