import { brotliCompressSync } from 'node:zlib';
import { commandMetadata, erasePerson, InMemoryKeyStore } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProgramSnapshot, Projector, programAsOf, programSnapshot, replaySnapshotTable } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';
import { generateHistory } from './support/history';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(kinds)('a program as of a moment on %s', (kind) => {
  let env: Env;
  let projector: Projector;
  const keyStore = new InMemoryKeyStore();
  const moments: { checkpoint: string; at: string; live: ProgramSnapshot }[] = [];
  const tenant = 'asof0';
  const programId = 'asof0-program-0';

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_asof');
    projector = new Projector({ store: env.store, keyStore, readModels: env.readModels });
    await projector.start();
  });
  afterAll(async () => {
    await projector?.stop();
    await env?.close();
  });

  it('equals the live state captured at several moments, by checkpoint and by time', async () => {
    // One program, appended in four steps; the live state is captured after each.
    const store = env.store;
    // One append per stream and flush: the program's history in many small steps.
    const events: Parameters<typeof store.appendMany>[0][] = [];
    await generateHistory(
      {
        appendMany: async (r: Parameters<typeof store.appendMany>[0]) => {
          events.push(...r.map((x) => [x]));
          return [];
        },
      } as unknown as typeof store,
      keyStore,
      {
        tenants: 1,
        programsPerTenant: 1,
        applicationsPerProgram: 150,
        prefix: 'asof',
      },
    );
    const steps = [Math.floor(events.length / 5), Math.floor(events.length / 2), Math.floor((events.length * 4) / 5), events.length];
    let done = 0;
    for (const step of steps) {
      let head = '';
      for (; done < step; done++) for (const result of await store.appendMany(events[done]!)) head = result.checkpoint > head ? result.checkpoint : head;
      const reached = await projector.waitFor(head, 30_000);
      expect(reached).toBe(true);
      await sleep(5);
      moments.push({ checkpoint: head, at: new Date().toISOString(), live: await programSnapshot(env.readModels, tenant, programId) });
      await sleep(5);
    }
    const sizes = moments.map((m) => m.live.audit.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(moments.length);
    for (const moment of moments) {
      const byCheckpoint = await programAsOf(store, keyStore, tenant, programId, { checkpoint: moment.checkpoint });
      const byTime = await programAsOf(store, keyStore, tenant, programId, { at: moment.at });
      const { checkpoint: _a, events: _b, replayed: _e, ...a } = byCheckpoint;
      const { checkpoint: _c, events: _d, replayed: _f, ...b } = byTime;
      expect(a.audit.length, 'by checkpoint').toBe(moment.live.audit.length);
      expect(b.audit.length, `by time ${moment.at}: last ${b.audit.at(-1)?.recordedAt}, live last ${moment.live.audit.at(-1)?.recordedAt}`).toBe(
        moment.live.audit.length,
      );
      expect(a).toEqual(moment.live);
      expect(b).toEqual(moment.live);
    }
    const before = await programAsOf(store, keyStore, tenant, programId, { at: '2000-01-01T00:00:00Z' });
    expect(before.program).toBeNull();
    expect(before.events).toBe(0);
  });

  it('answers the same from stored replay states, replaying only the events after the nearest one', async () => {
    const store = env.store;
    const snapshots = env.readModels;
    const options = { snapshots, snapshotEvery: 200 };
    const strip = ({ checkpoint: _a, events: _b, replayed: _c, ...rest }: Awaited<ReturnType<typeof programAsOf>>) => rest;
    // Cold: the first answer replays everything and stores states on the way.
    const last = moments[moments.length - 1]!;
    const cold = await programAsOf(store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    expect(cold.replayed).toBe(cold.events);
    expect(strip(cold)).toEqual(last.live);
    const [{ n }] = (await snapshots.execute(`select count(*) as "n" from "${replaySnapshotTable.name}"`)) as [{ n: number | string }];
    expect(Number(n)).toBeGreaterThan(1);
    // Warm: every earlier moment, by checkpoint and by time, from the nearest state.
    for (const moment of moments) {
      for (const asOf of [{ checkpoint: moment.checkpoint }, { at: moment.at }]) {
        const warm = await programAsOf(store, keyStore, tenant, programId, asOf, options);
        expect(strip(warm)).toEqual(moment.live);
        expect(warm.replayed).toBeLessThan(warm.events);
        expect(warm.replayed).toBeLessThanOrEqual(200 + 5_000);
      }
    }
  });

  it('deletes the stored states other code made (another fingerprint) and keeps its own', async () => {
    const snapshots = env.readModels;
    const options = { snapshots, snapshotEvery: 200 };
    const last = moments[moments.length - 1]!;
    await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    const count = async (where: string) =>
      Number(
        (
          (await snapshots.execute(`select count(*) as "n" from "${replaySnapshotTable.name}" where "tenant" = ? and ${where}`, [tenant])) as [
            { n: number | string },
          ]
        )[0].n,
      );
    const own = await count('1 = 1');
    expect(own).toBeGreaterThan(0);
    // A state as an older version of the projections would have left it.
    await snapshots.run(
      `insert into "${replaySnapshotTable.name}" ("tenant", "program_id", "checkpoint", "max_recorded_at", "events", "fingerprint", "created_at", "state")
       select "tenant", "program_id", "checkpoint", "max_recorded_at", "events", 'older-code', "created_at", "state" from "${replaySnapshotTable.name}" where "tenant" = ?`,
      [tenant],
    );
    expect(await count(`"fingerprint" = 'older-code'`)).toBe(own);

    const answer = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    // Answered from one of its own states, and the others' are gone.
    expect(answer.replayed).toBeLessThan(answer.events);
    expect(await count(`"fingerprint" = 'older-code'`)).toBe(0);
    expect(await count('1 = 1')).toBe(own);
  });

  it('stores each state as the program was at its checkpoint, frames reused from the state before included', async () => {
    const store = env.store;
    const snapshots = env.readModels;
    // Small frames and states 100 events apart: most frames of a state are the previous state's.
    const options = { snapshots, snapshotEvery: 100, rowsPerFrame: 10 };
    const strip = ({ checkpoint: _a, events: _b, replayed: _c, ...rest }: Awaited<ReturnType<typeof programAsOf>>) => rest;
    await snapshots.run(`delete from "${replaySnapshotTable.name}" where "tenant" = ?`, [tenant]);
    const last = moments[moments.length - 1]!;
    await programAsOf(store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    const stored = await snapshots.execute<{ checkpoint: string }>(
      `select "checkpoint" from "${replaySnapshotTable.name}" where "tenant" = ? order by "checkpoint"`,
      [tenant],
    );
    expect(stored.length).toBeGreaterThan(10);
    for (const { checkpoint } of stored) {
      // From the state alone (nothing after it to replay) against a replay of every event up to it.
      const fromState = await programAsOf(store, keyStore, tenant, programId, { checkpoint }, options);
      expect(fromState.replayed).toBe(0);
      const replayed = await programAsOf(store, keyStore, tenant, programId, { checkpoint });
      expect(strip(fromState)).toEqual(strip(replayed));
    }
  });

  it('gives each answer rows of its own: changing one answer changes no later one, and values decoded from a stored state cannot be changed in place', async () => {
    const store = env.store;
    const options = { snapshots: env.readModels, snapshotEvery: 100, rowsPerFrame: 10 };
    const [{ checkpoint }] = (await env.readModels.execute(
      `select "checkpoint" from "${replaySnapshotTable.name}" where "tenant" = ? order by "checkpoint" desc limit 1`,
      [tenant],
    )) as [{ checkpoint: string }];
    const first = await programAsOf(store, keyStore, tenant, programId, { checkpoint }, options);
    expect(first.replayed).toBe(0);
    const application = first.applications.find((a) => Array.isArray(a.topics) && a.topics.length > 0)!;
    const { status, topics } = application;
    (application as { status: string }).status = 'changed by a caller';
    expect(() => (application.topics as string[]).push('added by a caller')).toThrow(TypeError);
    // The same frames again, decoded once already: the next answer is as it was.
    const second = await programAsOf(store, keyStore, tenant, programId, { checkpoint }, options);
    const again = second.applications.find((a) => a.applicationId === application.applicationId)!;
    expect(again.status).toBe(status);
    expect(again.topics).toEqual(topics);
    expect(again).not.toBe(application);
  });

  it('replays past a stored state that names a column its table does not have, and answers the same', async () => {
    const snapshots = env.readModels;
    const options = { snapshots, snapshotEvery: 200 };
    const last = moments[moments.length - 1]!;
    const strip = ({ checkpoint: _a, events: _b, replayed: _c, ...rest }: Awaited<ReturnType<typeof programAsOf>>) => rest;
    // Every stored state of the program becomes one whose program row has a column named __proto__.
    const forged = [{ table: 'program', columns: ['__proto__', 'tenant'], constants: {}, absent: [] }, [[{ polluted: true }, tenant]], 'end'];
    // The stored format: frames of a 4-byte length and the Brotli of their JSON.
    const frames = forged.map((json) => {
      const body = brotliCompressSync(Buffer.from(JSON.stringify(json)));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      return Buffer.concat([length, body]);
    });
    const state = Buffer.concat(frames).toString('base64');
    expect(await snapshots.run(`update "${replaySnapshotTable.name}" set "state" = ? where "tenant" = ?`, [state, tenant])).toBeGreaterThan(0);
    const answer = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    expect(answer.replayed).toBe(answer.events);
    expect(strip(answer)).toEqual(last.live);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replays past a stored state it cannot read (cut short), and answers the same', async () => {
    const options = { snapshots: env.readModels, snapshotEvery: 200 };
    const last = moments[moments.length - 1]!;
    const strip = ({ checkpoint: _a, events: _b, replayed: _c, ...rest }: Awaited<ReturnType<typeof programAsOf>>) => rest;
    await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    // Every stored state loses its second half, so one of its frames is cut short.
    const cut = await env.readModels.run(`update "${replaySnapshotTable.name}" set "state" = substr("state", 1, length("state") / 2) where "tenant" = ?`, [
      tenant,
    ]);
    expect(cut).toBeGreaterThan(0);
    const answer = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    expect(answer.replayed).toBe(answer.events);
    expect(strip(answer)).toEqual(last.live);

    // Fresh states, cut where a frame ends: every frame left reads, but the state lacks its rest.
    await env.readModels.run(`delete from "${replaySnapshotTable.name}" where "tenant" = ?`, [tenant]);
    await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    const stored = await env.readModels.execute<{ checkpoint: string; state: string }>(
      `select "checkpoint", "state" from "${replaySnapshotTable.name}" where "tenant" = ?`,
      [tenant],
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const { checkpoint, state } of stored) {
      const bytes = Buffer.from(state, 'base64');
      let edge = 0;
      for (let at = 0; at <= bytes.length / 2; at += 4 + bytes.readUInt32BE(at)) edge = at;
      expect(edge).toBeGreaterThan(0);
      await env.readModels.run(`update "${replaySnapshotTable.name}" set "state" = ? where "tenant" = ? and "checkpoint" = ?`, [
        bytes.subarray(0, edge).toString('base64'),
        tenant,
        checkpoint,
      ]);
    }
    const again = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: last.checkpoint }, options);
    expect(again.replayed).toBe(again.events);
    expect(strip(again)).toEqual(last.live);
  });

  it('drops the stored replay states of the round table once a person is erased', async () => {
    const store = env.store;
    const snapshots = env.readModels;
    const [application] = moments[moments.length - 1]!.live.applications;
    const personId = application!.personId as string;
    const erased = await erasePerson(
      { store, keyStore },
      {
        type: 'ErasePersonalData',
        data: { personId, reason: 'asked to be forgotten' },
        metadata: commandMetadata({ tenant, actor: 'admin', at: new Date(), key: 'erase-1' }),
      },
    );
    expect(await projector.waitFor(erased.checkpoint as string, 30_000)).toBe(true);
    const after = await programAsOf(store, keyStore, tenant, programId, { at: new Date().toISOString() }, { snapshots, snapshotEvery: 200 });
    expect(after.replayed).toBe(after.events);
    expect(after.applications.find((a) => a.personId === personId)).toMatchObject({ name: '(erased)', email: null });
  });
});
