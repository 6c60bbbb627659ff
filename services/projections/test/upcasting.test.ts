import { commandMetadata, loadProgram, type Program, runMatchRun, SCHEMA_VERSIONS, seedDemo, upcastData } from '@tandem/domain';
import type { RecordedEvent } from '@tandem/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programAsOf } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';

const PROGRAM = 'vrt-mentorship-demo';

/** A stored `MatchRunCompleted` as version 1 wrote it: no next-best alternative per proposal. */
const asVersion1 = (e: RecordedEvent): RecordedEvent => {
  if (e.type !== 'MatchRunCompleted') return e;
  const data = e.data as { proposals: Record<string, unknown>[] };
  return {
    ...e,
    data: { ...data, proposals: data.proposals.map(({ alternative: _dropped, ...rest }) => rest) },
    metadata: { ...e.metadata, schemaVersion: 1 },
  };
};

/** The same value without the fields version 2 added, to compare a v1 replay with a v2 one. */
const withoutAlternatives = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k, v) => (k === 'alternative' ? undefined : v)));

describe('upcasters', () => {
  it('turn version-1 match runs into version 2 and refuse versions newer than this code', () => {
    expect(SCHEMA_VERSIONS.MatchRunCompleted).toBe(2);
    const v1 = { runId: 'r', proposals: [{ menteeApplicationId: 'a', mentorApplicationId: 'b', score: 1 }] };
    expect(upcastData('MatchRunCompleted', 1, v1)).toEqual({
      runId: 'r',
      proposals: [{ menteeApplicationId: 'a', mentorApplicationId: 'b', score: 1, alternative: null }],
    });
    expect(upcastData('MatchRunCompleted', 2, v1)).toBe(v1);
    expect(upcastData('PairConfirmed', 1, v1)).toBe(v1);
    expect(() => upcastData('MatchRunCompleted', 3, v1)).toThrow(/newer than this version of Tandem reads/);
  });
});

describe.each(kinds)('a history with version-1 events on %s', (kind) => {
  let original: Env;
  let old: Env;

  beforeAll(async () => {
    original = await openEnv(kind, 'proj_upcast_a');
    old = await openEnv(kind, 'proj_upcast_b');
    await seedDemo(original.store, original.keyStore, { now: '2026-02-15T09:00:00.000Z' });
    // The same history as an older Tandem would have stored it (same ids, personal parts and keys).
    for (let from: string | null = null; ; ) {
      const page = await original.store.readAll({ from, limit: 1_000 });
      for (const e of page) {
        const v = asVersion1(e);
        await old.store.append(v.streamId, [{ eventId: v.eventId, type: v.type, data: v.data, personal: v.personal, metadata: v.metadata }], {
          expectedRevision: v.streamRevision === 0 ? 'no_stream' : v.streamRevision - 1,
        });
      }
      if (page.length < 1_000) break;
      from = (page[page.length - 1] as RecordedEvent).checkpoint;
    }
  }, 120_000);
  afterAll(async () => {
    await old?.close();
    await original?.close();
  });

  it('stores them as version 1', async () => {
    const runs = (await old.store.readAll({ types: ['MatchRunCompleted'] })).map((e) => e.metadata.schemaVersion);
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs)).toEqual(new Set([1]));
  });

  it('replays them through the deciders: the same program, with no alternative recorded', async () => {
    const deps = { store: old.store, keyStore: original.keyStore };
    const fromOld = (await loadProgram(deps, 'vrt', PROGRAM)) as Program;
    const current = (await loadProgram({ store: original.store, keyStore: original.keyStore }, 'vrt', PROGRAM)) as Program;
    const proposals = Object.values(fromOld.runs).flatMap((r) => r.proposals);
    expect(proposals.length).toBeGreaterThan(0);
    expect(proposals.every((p) => p.alternative === null)).toBe(true);
    expect(
      Object.values(current.runs)
        .flatMap((r) => r.proposals)
        .some((p) => p.alternative !== null),
    ).toBe(true);
    expect(withoutAlternatives(fromOld)).toEqual(withoutAlternatives(current));
  });

  it('replays them through the projections: the same read models, with no alternative recorded', async () => {
    const now = { at: '2099-01-01T00:00:00Z' };
    const fromOld = await programAsOf(old.store, original.keyStore, 'vrt', PROGRAM, now);
    const current = await programAsOf(original.store, original.keyStore, 'vrt', PROGRAM, now);
    expect(fromOld.matchRuns.flatMap((r) => r.proposals as { alternative: unknown }[]).every((p) => p.alternative === null)).toBe(true);
    const comparable = (s: typeof current) =>
      withoutAlternatives({ ...s, audit: s.audit.map(({ checkpoint: _c, recordedAt: _r, ...rest }) => rest), checkpoint: null });
    expect(comparable(fromOld)).toEqual(comparable(current));
  });

  it('lets commands carry on after them, writing the current version', async () => {
    const deps = { store: old.store, keyStore: original.keyStore };
    const metadata = commandMetadata({ tenant: 'vrt', actor: 'test', at: '2026-02-16T09:00:00.000Z', key: 'upcast-run' });
    await runMatchRun(deps, { programId: PROGRAM, runId: 'after-upgrade' }, metadata);
    const [latest] = (await old.store.readStream(`vrt/program-${PROGRAM}`, { direction: 'backwards', limit: 10 })).filter(
      (e) => e.type === 'MatchRunCompleted',
    );
    expect(latest?.metadata.schemaVersion).toBe(2);
    const program = (await loadProgram(deps, 'vrt', PROGRAM)) as Program;
    expect(program.runs['after-upgrade']?.proposals.some((p) => p.alternative !== null)).toBe(true);
  });
});
