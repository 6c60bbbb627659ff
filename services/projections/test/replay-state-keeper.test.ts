import { commandMetadata, erasePerson, InMemoryKeyStore } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteReplayStates, type KeptProgram, Projector, programAsOf, ReplayStateKeeper, replaySnapshotTable } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';
import { generateHistory, type HistorySummary } from './support/history';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EVERY = 200;

describe.each(kinds)('the replay state keeper on %s', (kind) => {
  let env: Env;
  let projector: Projector;
  let history: HistorySummary;
  const keyStore = new InMemoryKeyStore();

  const storedStates = async () =>
    (
      await env.readModels.execute<{ tenant: string; program_id: string; events: number | string }>(
        `select "tenant", "program_id", "events" from "${replaySnapshotTable.name}" order by "tenant", "program_id", "events"`,
      )
    ).map((r) => ({ tenant: r.tenant, programId: r.program_id, events: Number(r.events) }));
  const strip = ({ checkpoint: _a, events: _b, replayed: _c, ...rest }: Awaited<ReturnType<typeof programAsOf>>) => rest;

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_keeper');
    history = await generateHistory(env.store, keyStore, { tenants: 1, programsPerTenant: 2, applicationsPerProgram: 60, maxEvents: 1_500, prefix: 'keep' });
    projector = new Projector({ store: env.store, keyStore, readModels: env.readModels });
    await projector.start();
    expect(await projector.waitFor(history.lastCheckpoint as string, 30_000)).toBe(true);
  });
  afterAll(async () => {
    await projector?.stop();
    await env?.close();
  });

  it('does nothing while its process is not the one to do it', async () => {
    const keeper = new ReplayStateKeeper({ store: env.store, keyStore, readModels: env.readModels, snapshotEvery: EVERY, active: () => false });
    await keeper.start();
    await keeper.runNow();
    await keeper.stop();
    expect(await storedStates()).toEqual([]);
  });

  it('stores the states of every program with enough events, so that the first answer replays fewer than a state’s worth', async () => {
    const kept: KeptProgram[] = [];
    const keeper = new ReplayStateKeeper({ store: env.store, keyStore, readModels: env.readModels, snapshotEvery: EVERY, onKept: (k) => kept.push(k) });
    await keeper.start();
    await keeper.runNow();
    await keeper.stop();
    const states = await storedStates();
    // Each program it brought up to date is reported, every event replayed (no state stored before).
    expect(kept.map((k) => k.programId).sort()).toEqual([...new Set(states.map((s) => s.programId))].sort());
    for (const k of kept) expect(k.replayed).toBe(k.events);
    const programs = [...new Set(states.map((s) => s.programId))];
    expect(programs.length).toBeGreaterThan(0);
    for (const programId of programs) {
      const { tenant } = states.find((s) => s.programId === programId)!;
      // The API's as-of variant (no audit index), first question after the keeper ran.
      const first = await programAsOf(
        env.store,
        keyStore,
        tenant,
        programId,
        { checkpoint: history.lastCheckpoint as string },
        { snapshots: env.readModels, snapshotEvery: EVERY, audit: false },
      );
      expect(first.replayed).toBeLessThan(EVERY);
      expect(first.events).toBeGreaterThanOrEqual(EVERY);
      expect(states.filter((s) => s.programId === programId).map((s) => s.events)).toEqual(
        Array.from({ length: Math.floor(first.events / EVERY) }, (_, i) => (i + 1) * EVERY),
      );
      const replayed = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: history.lastCheckpoint as string }, { audit: false });
      expect(strip(first)).toEqual(strip(replayed));
    }
    // Nothing new: a second run stores nothing more.
    const again = new ReplayStateKeeper({ store: env.store, keyStore, readModels: env.readModels, snapshotEvery: EVERY });
    await again.start();
    await again.runNow();
    await again.stop();
    expect(again.stats.programs).toBe(0);
    expect(await storedStates()).toEqual(states);
  });

  it('follows the projector’s commits and brings a grown program up to date by itself', async () => {
    const keeper = new ReplayStateKeeper({
      store: env.store,
      keyStore,
      readModels: env.readModels,
      snapshotEvery: EVERY,
      intervalMs: 50,
      idle: () => projector.idle(),
    });
    await keeper.start();
    const unkeep = projector.onCommit((commit) => keeper.noteCommit(commit.events));
    try {
      await sleep(200);
      const before = await storedStates();
      const grown = await generateHistory(env.store, keyStore, {
        tenants: 1,
        programsPerTenant: 1,
        applicationsPerProgram: 60,
        maxEvents: 2 * EVERY,
        prefix: 'keepmore',
      });
      expect(await projector.waitFor(grown.lastCheckpoint as string, 30_000)).toBe(true);
      const { tenant, programId } = grown.programs[0]!;
      for (let i = 0; i < 100 && keeper.stats.programs === 0; i++) await sleep(100);
      await keeper.stop();
      const { events } = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: grown.lastCheckpoint as string }, { audit: false });
      expect(events).toBeGreaterThanOrEqual(EVERY);
      const after = await storedStates();
      expect(after.filter((s) => s.programId === programId).map((s) => s.events)).toEqual(
        Array.from({ length: Math.floor(events / EVERY) }, (_, i) => (i + 1) * EVERY),
      );
      expect(after.filter((s) => s.programId !== programId)).toEqual(before);
    } finally {
      unkeep();
      await keeper.stop();
    }
  });
  it('leaves a round table alone for five minutes after an erasure there, while the erased key may still be readable', async () => {
    const { tenant, programId } = history.programs[0]!;
    const live = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: history.lastCheckpoint as string }, { audit: false });
    const personId = live.applications[0]!.personId as string;
    const erased = await erasePerson(
      { store: env.store, keyStore },
      {
        type: 'ErasePersonalData',
        data: { personId, reason: 'asked to be forgotten' },
        metadata: commandMetadata({ tenant, actor: 'admin', at: new Date(), key: 'keeper-erase' }),
      },
    );
    expect(await projector.waitFor(erased.checkpoint as string, 30_000)).toBe(true);
    // What the next answer does with the round table's states now stale.
    await deleteReplayStates(env.readModels, tenant);
    const keeper = new ReplayStateKeeper({ store: env.store, keyStore, readModels: env.readModels, snapshotEvery: EVERY, intervalMs: 60_000 });
    await keeper.start();
    await keeper.runNow();
    await keeper.stop();
    expect(keeper.stats.programs).toBe(0);
    expect((await storedStates()).filter((s) => s.tenant === tenant)).toEqual([]);
  });
  it('starts without its head start when the audit index cannot be counted, and says why', async () => {
    await env.readModels.run('alter table "audit_event" rename to "audit_event_away"');
    const errors: unknown[] = [];
    const keeper = new ReplayStateKeeper({ store: env.store, keyStore, readModels: env.readModels, snapshotEvery: EVERY, onError: (e) => errors.push(e) });
    try {
      await keeper.start();
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(/audit_event/);
    } finally {
      await keeper.stop();
      await env.readModels.run('alter table "audit_event_away" rename to "audit_event"');
    }
  });
});
