import { seedDemo } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInNotesTable, checkInTable, completionTable, Projector, programAsOf, programSnapshot, rebuild } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';

const LRRT = { tenant: 'lrrt', programId: 'lrrt-virtual-demo' };
const NOTES = 'Agreed on a research question and a monthly rhythm.';

describe.each(kinds)('check-in notes on %s', (kind) => {
  let env: Env;
  let projector: Projector;

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_pair');
    await seedDemo(env.store, env.keyStore, { now: '2026-02-15T09:00:00.000Z' });
    projector = new Projector({ store: env.store, keyStore: env.keyStore, readModels: env.readModels });
    await projector.start();
    expect(await projector.waitFor((await env.store.committedHead()) as string, 30_000)).toBe(true);
  });
  afterAll(async () => {
    await projector?.stop();
    await env?.close();
  });

  const checkIns = () => env.readModels.rows(checkInTable, { where: '"tenant" = ? and "program_id" = ?', params: [LRRT.tenant, LRRT.programId] });

  it('are projected with the check-in held, decrypted, and noted under the mentee whose key holds them', async () => {
    const held = (await checkIns()).filter((c) => c.status === 'held');
    expect(held).toHaveLength(2);
    for (const c of held) expect(c.notes).toBe(NOTES);
    expect((await checkIns()).filter((c) => c.status === 'scheduled').every((c) => c.notes === null)).toBe(true);
    const [pair] = await env.readModels.rows(completionTable, { where: '"tenant" = ? and "pair_id" = ?', params: [LRRT.tenant, held[0]?.pairId] });
    const [noted] = await env.readModels.rows(checkInNotesTable, { where: '"tenant" = ? and "person_id" = ?', params: [LRRT.tenant, pair?.menteePersonId] });
    expect(noted?.checkIns).toEqual([{ pairId: held[0]?.pairId, checkInId: 'introduction' }]);
  });

  it('read the same in memory (as of now) as in the live tables', async () => {
    const live = await programSnapshot(env.readModels, LRRT.tenant, LRRT.programId);
    const {
      checkpoint: _c,
      events: _e,
      replayed: _r,
      ...asOf
    } = await programAsOf(env.store, env.keyStore, LRRT.tenant, LRRT.programId, {
      checkpoint: projector.position as string,
    });
    expect(asOf).toEqual(live);
    expect(live.checkIns.filter((c) => c.notes === NOTES)).toHaveLength(2);
  });

  it('are gone once the mentee is erased, live, in memory and after a rebuild; the other pair keeps its notes', async () => {
    const [first, second] = (await checkIns()).filter((c) => c.status === 'held');
    const [pair] = await env.readModels.rows(completionTable, { where: '"tenant" = ? and "pair_id" = ?', params: [LRRT.tenant, first?.pairId] });
    const personId = pair?.menteePersonId as string;
    await env.keyStore.erase(LRRT.tenant, personId, '2026-02-16T00:00:00Z');
    const appended = await env.store.append(`lrrt/person-${personId}`, [
      {
        type: 'PersonalDataErased',
        data: { personId, requestedBy: 'lrrt-chair' },
        metadata: { tenant: 'lrrt', actor: 'lrrt-chair', correlationId: 'erase', causationId: null, occurredAt: '2026-02-16T00:00:00Z', schemaVersion: 1 },
      },
    ]);
    expect(await projector.waitFor(appended.checkpoint, 10_000)).toBe(true);

    const after = await checkIns();
    expect(after.find((c) => c.pairId === first?.pairId && c.checkInId === 'introduction')).toMatchObject({
      status: 'held',
      notes: null,
      heldOn: first?.heldOn,
    });
    expect(after.find((c) => c.pairId === second?.pairId && c.checkInId === 'introduction')?.notes).toBe(NOTES);
    expect(await env.readModels.rows(checkInNotesTable, { where: '"tenant" = ? and "person_id" = ?', params: [LRRT.tenant, personId] })).toEqual([]);

    const {
      checkpoint: _c,
      events: _e,
      replayed: _r,
      ...asOf
    } = await programAsOf(env.store, env.keyStore, LRRT.tenant, LRRT.programId, {
      checkpoint: projector.position as string,
    });
    expect(asOf.checkIns).toEqual((await programSnapshot(env.readModels, LRRT.tenant, LRRT.programId)).checkIns);
    expect((await rebuild({ store: env.store, keyStore: env.keyStore, readModels: env.readModels, verify: true })).differences).toEqual([]);
  });
});
