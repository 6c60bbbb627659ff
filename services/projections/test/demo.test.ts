import { seedDemo } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  dashboard,
  ERASED,
  listApplications,
  listPrograms,
  matchBoard,
  Projector,
  programAsOf,
  programSnapshot,
  publicOutputs,
  rebuild,
} from '../src/index';
import { type Env, kinds, openEnv } from './support/env';

describe.each(kinds)('read models of the demo data on %s', (kind) => {
  let env: Env;
  let projector: Projector;

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_demo');
    await seedDemo(env.store, env.keyStore, { now: '2026-02-15T09:00:00.000Z' });
    projector = new Projector({ store: env.store, keyStore: env.keyStore, readModels: env.readModels });
    await projector.start();
    const head = await env.store.committedHead();
    expect(await projector.waitFor(head as string, 30_000)).toBe(true);
  });
  afterAll(async () => {
    await projector?.stop();
    await env?.close();
  });

  it('lists both programs with their windows', async () => {
    const [vrt] = await listPrograms(env.readModels, 'vrt');
    expect(vrt).toMatchObject({ programId: 'vrt-mentorship-demo', status: 'open' });
    expect(vrt?.opensAt).toBeTruthy();
    const [lrrt] = await listPrograms(env.readModels, 'lrrt');
    expect(lrrt?.programId).toBe('lrrt-virtual-demo');
  });

  it('filters applications by status, role and tier, and finds them by name and interest', async () => {
    const all = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo' });
    expect(all).toHaveLength(30);
    const ineligible = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', status: 'ineligible' });
    expect(ineligible.map((a) => a.screeningRule)).toEqual(['mentor-vrt-member']);
    const mentors = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', role: 'mentor' });
    expect(mentors.length).toBeGreaterThan(0);
    expect(mentors.every((a) => a.role === 'mentor')).toBe(true);
    const tier2 = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', tier: 2 });
    expect(tier2.every((a) => a.tier === 2)).toBe(true);
    const someone = all[3]!;
    const byName = await listApplications(env.readModels, {
      tenant: 'vrt',
      programId: 'vrt-mentorship-demo',
      search: someone.name.split(' ')[1]!.toUpperCase(),
    });
    expect(byName.map((a) => a.applicationId)).toContain(someone.applicationId);
    const topic = (someone.topics as string[])[0] as string;
    const byTopic = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', topic });
    expect(byTopic.map((a) => a.applicationId)).toContain(someone.applicationId);
    expect(byTopic.every((a) => (a.topics as string[]).includes(topic))).toBe(true);
    expect(await listApplications(env.readModels, { tenant: 'lrrt', programId: 'vrt-mentorship-demo' })).toEqual([]);
  });

  it('shows the match board with confirmed pairs, explanations and each mentor’s free places', async () => {
    const board = await matchBoard(env.readModels, 'lrrt', 'lrrt-virtual-demo');
    expect(board.confirmed).toHaveLength(4);
    for (const c of board.mentorCapacity) expect(c.free).toBe(c.applicationStatus === 'eligible' ? Math.max(0, c.capacity - c.proposed - c.confirmed) : 0);
    const held = board.mentorCapacity.reduce((n, c) => n + c.confirmed, 0);
    expect(held).toBe(4);
  });

  it('keeps check-ins, compliance, dashboard counters and the audit index', async () => {
    const snap = await programSnapshot(env.readModels, 'lrrt', 'lrrt-virtual-demo');
    expect(snap.checkIns.some((c) => c.status === 'held')).toBe(true);
    expect(snap.completions).toHaveLength(4);
    const d = await dashboard(env.readModels, 'lrrt', 'lrrt-virtual-demo');
    expect(d.applications).toBe(30);
    expect(d.applicationsPerWeek.reduce((n, w) => n + w.applications, 0)).toBe(30);
    expect(d.pairsConfirmed).toBe(4);
    expect(d.matchRate).toBeGreaterThan(0);
    expect(d.checkInCompliance.some((q) => q.held > 0)).toBe(true);
    const audit = await auditEvents(env.readModels, { tenant: 'lrrt', programId: 'lrrt-virtual-demo', limit: 5000 });
    expect(audit.length).toBe(snap.audit.length);
    expect(audit[0]?.type).toBe('ProgramDrafted');
    expect(await publicOutputs(env.readModels, 'lrrt', 'lrrt-virtual-demo')).toEqual([]);
  });

  it('computes the same program state in memory (as of now) as the live tables hold', async () => {
    for (const [tenant, programId] of [
      ['vrt', 'vrt-mentorship-demo'],
      ['lrrt', 'lrrt-virtual-demo'],
    ] as const) {
      const live = await programSnapshot(env.readModels, tenant, programId);
      const asOf = await programAsOf(env.store, env.keyStore, tenant, programId, { checkpoint: projector.position as string });
      const { checkpoint: _c, events: _e, replayed: _r, ...snapshot } = asOf;
      expect(snapshot).toEqual(live);
    }
  });

  it('shows an erased person as erased, live and after a rebuild', async () => {
    const [victim] = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', role: 'mentee' });
    await env.keyStore.erase('vrt', victim!.personId, '2026-02-16T00:00:00Z');
    const appended = await env.store.append(`vrt/person-${victim!.personId}`, [
      {
        type: 'PersonalDataErased',
        data: { personId: victim!.personId, requestedBy: 'admin' },
        metadata: { tenant: 'vrt', actor: 'admin', correlationId: 'erase', causationId: null, occurredAt: '2026-02-16T00:00:00Z', schemaVersion: 1 },
      },
    ]);
    expect(await projector.waitFor(appended.checkpoint, 10_000)).toBe(true);
    const [after] = await listApplications(env.readModels, { tenant: 'vrt', programId: 'vrt-mentorship-demo', search: victim!.name });
    expect(after).toBeUndefined();
    const snap = await programSnapshot(env.readModels, 'vrt', 'vrt-mentorship-demo');
    expect(snap.applications.find((a) => a.applicationId === victim!.applicationId)).toMatchObject({ name: ERASED, email: null });
    const verify = await rebuild({ store: env.store, keyStore: env.keyStore, readModels: env.readModels, verify: true });
    expect(verify.differences).toEqual([]);
  });

  it('rebuilds into fresh tables and swaps them in; the projector carries on after it', async () => {
    const before = await programSnapshot(env.readModels, 'lrrt', 'lrrt-virtual-demo');
    const result = await rebuild({ store: env.store, keyStore: env.keyStore, readModels: env.readModels });
    expect(result.swapped).toBe(true);
    expect(await programSnapshot(env.readModels, 'lrrt', 'lrrt-virtual-demo')).toEqual(before);
    const appended = await env.store.append('lrrt/program-lrrt-virtual-demo', [
      {
        type: 'ApplicationWindowClosed',
        data: { closedAt: '2026-02-20T00:00:00Z', closedBy: 'chair', early: true },
        metadata: {
          tenant: 'lrrt',
          actor: 'chair',
          correlationId: 'close',
          causationId: null,
          occurredAt: '2026-02-20T00:00:00Z',
          schemaVersion: 1,
          correlationKey: 'lrrt-virtual-demo',
        },
      },
    ]);
    expect(await projector.waitFor(appended.checkpoint, 10_000)).toBe(true);
    const [lrrt] = await listPrograms(env.readModels, 'lrrt');
    expect(lrrt).toMatchObject({ status: 'closed', closedEarly: true });
    expect((await rebuild({ store: env.store, keyStore: env.keyStore, readModels: env.readModels, verify: true })).differences).toEqual([]);
  });
});
