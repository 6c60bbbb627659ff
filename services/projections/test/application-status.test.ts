import { commandMetadata, handleProgramCommand, seedDemo } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationTable, matchBoardTable, Projector, type Row } from '../src/index';
import { type Env, kinds, openEnv } from './support/env';

const LRRT = { tenant: 'lrrt', programId: 'lrrt-virtual-demo' };

describe.each(kinds)('an application in a confirmed pair on %s', (kind) => {
  let env: Env;
  let projector: Projector;

  const caughtUp = async () => expect(await projector.waitFor((await env.store.committedHead()) as string, 30_000)).toBe(true);
  const applications = () => env.readModels.rows(applicationTable, { where: '"tenant" = ? and "program_id" = ?', params: [LRRT.tenant, LRRT.programId] });
  const confirmedPairs = async () =>
    (await env.readModels.rows(matchBoardTable, { where: '"tenant" = ? and "program_id" = ?', params: [LRRT.tenant, LRRT.programId] })).filter(
      (e) => e.kind === 'pair' && e.status === 'confirmed',
    );
  const byId = (rows: Row[]) => new Map(rows.map((r) => [r.applicationId as string, r]));

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_app_status');
    await seedDemo(env.store, env.keyStore, { now: '2026-02-15T09:00:00.000Z' });
    projector = new Projector({ store: env.store, keyStore: env.keyStore, readModels: env.readModels });
    await projector.start();
    await caughtUp();
  });
  afterAll(async () => {
    await projector?.stop();
    await env?.close();
  });

  it('shows as matched and names its pairs; no eligible application is in one', async () => {
    const pairs = await confirmedPairs();
    expect(pairs.length).toBeGreaterThan(0);
    const apps = byId(await applications());
    const paired = new Map<string, string[]>();
    for (const p of pairs)
      for (const id of [p.mentorApplicationId, p.menteeApplicationId] as string[]) paired.set(id, [...(paired.get(id) ?? []), p.entryId as string].sort());
    for (const [id, pairIds] of paired) expect(apps.get(id), id).toMatchObject({ status: 'matched', pairIds });
    for (const [id, app] of apps) if (!paired.has(id)) expect([app.status, app.pairIds], id).not.toEqual(['matched', expect.anything()]);
    const [counted] = await env.readModels.execute<{ n: number | string }>(
      'select count(*) as "n" from "application" where "tenant" = ? and "program_id" = ? and "status" = ?',
      [LRRT.tenant, LRRT.programId, 'matched'],
    );
    expect(Number(counted?.n)).toBe(paired.size);
  });

  it('is eligible again when its pair ends, and a withdrawn one stays withdrawn', async () => {
    const [first, second] = await confirmedPairs();
    const meta = (key: string) => commandMetadata({ tenant: LRRT.tenant, actor: 'lrrt-chair', at: '2026-02-20T10:00:00Z', key });
    await handleProgramCommand(env, LRRT.programId, {
      type: 'EndPair',
      data: { pairId: first?.entryId as string, reason: 'schedules no longer fit' },
      metadata: meta('end'),
    });
    await handleProgramCommand(env, LRRT.programId, {
      type: 'WithdrawApplication',
      data: { applicationId: second?.menteeApplicationId as string, reason: 'took a new job' },
      metadata: meta('withdraw'),
    });
    await caughtUp();
    const apps = byId(await applications());
    const stillPaired = new Set((await confirmedPairs()).flatMap((p) => [p.mentorApplicationId, p.menteeApplicationId]));
    expect(apps.get(first?.menteeApplicationId as string)).toMatchObject({ status: 'eligible', pairIds: null });
    expect(apps.get(first?.mentorApplicationId as string)?.status).toBe(stillPaired.has(first?.mentorApplicationId) ? 'matched' : 'eligible');
    expect(apps.get(second?.menteeApplicationId as string)).toMatchObject({ status: 'withdrawn', pairIds: null });
  });

  it('is filled in by the migration that added it, as the projection writes it', async () => {
    const projected = await applications();
    const version = '0008_application_matched';
    await env.readModels.run(`update "application" set "status" = 'eligible' where "status" = 'matched'`);
    await env.readModels.run('alter table "application" drop column "pair_ids"');
    await env.readModels.run('delete from "projection_migrations" where "version" = ?', [version]);
    expect(await env.readModels.migrate()).toEqual([version]);
    expect(await applications()).toEqual(projected);
  });
});
