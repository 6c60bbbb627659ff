import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandMetadata, handleProgramCommand, loadProgram, openKeyStore, type Program } from '@tandem/domain';
import { openEventStore } from '@tandem/eventstore';
import { describe, expect, it } from 'vitest';
import { type RunningTandem, startTandem } from '../src/app';
import { loadConfig } from '../src/config';
import { gql } from './support/client';
import { bothDatabases, demoTandemForSuite } from './support/databases';

const LRRT = { tenant: 'lrrt', programId: 'lrrt-virtual-demo' };
const VRT = { tenant: 'vrt', programId: 'vrt-mentorship-demo' };

interface Listed {
  applicationId: string;
  role: string;
  status: string;
  promotionSuggested: boolean;
  statusReason: string | null;
}

const databases = bothDatabases('api_waitlist');

const domainOf = (tandem: RunningTandem) => tandem.server.services.domain as NonNullable<RunningTandem['server']['services']['domain']>;

describe.each(databases)('the waitlist reactor in the server on $name', ({ setup }) => {
  const t = demoTandemForSuite(setup);

  const applications = async (token: string, p: { tenant: string; programId: string }) => {
    const response = await gql<{ applications: { edges: { node: Listed }[] } }>(
      t.url,
      'query ($t: String!, $p: String!) { applications(tenant: $t, programId: $p, first: 200) { edges { node { applicationId role status promotionSuggested statusReason } } } }',
      { t: p.tenant, p: p.programId },
      { token },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data?.applications.edges.map((e) => e.node) ?? [];
  };

  const withdraw = async (token: string, p: { tenant: string; programId: string }, applicationId: string) => {
    const response = await gql(
      t.url,
      'mutation ($t: String!, $p: String!, $a: String!) { withdrawApplication(tenant: $t, programId: $p, applicationId: $a, reason: "took a job abroad") { id } }',
      { t: p.tenant, p: p.programId, a: applicationId },
      { token },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  };

  it('promotes the next waitlisted mentee when a place frees, where the template says automatic (VRT)', async () => {
    const token = await t.signIn('coordinator@vrt.demo', 'tandem-demo-2026');
    const before = await applications(token, VRT);
    const waitlisted = new Set(before.filter((a) => a.status === 'waitlisted').map((a) => a.applicationId));
    expect(waitlisted.size).toBeGreaterThan(0);
    const leaving = before.find((a) => a.role === 'mentee' && a.status === 'eligible') as Listed;
    await withdraw(token, VRT, leaving.applicationId);
    // The reactor follows the log: the promotion lands shortly after the withdrawal's answer.
    await expect
      .poll(async () => (await applications(token, VRT)).filter((a) => waitlisted.has(a.applicationId) && a.status === 'eligible'), { timeout: 10_000 })
      .toHaveLength(1);
    const [promoted] = (await applications(token, VRT)).filter((a) => waitlisted.has(a.applicationId) && a.status === 'eligible');
    expect(promoted?.statusReason).toBe('a mentor place is free after ApplicationWithdrawn');
  });

  it('records a suggestion instead, where the template says suggest (LRRT), and promotes no one', async () => {
    const token = await t.signIn('coordinator@lrrt.demo', 'tandem-demo-2026');
    const before = await applications(token, LRRT);
    const waitlisted = new Set(before.filter((a) => a.status === 'waitlisted').map((a) => a.applicationId));
    expect(before.filter((a) => a.promotionSuggested)).toEqual([]);
    const leaving = before.find((a) => a.role === 'mentee' && a.status === 'eligible') as Listed;
    await withdraw(token, LRRT, leaving.applicationId);
    await expect.poll(async () => (await applications(token, LRRT)).filter((a) => a.promotionSuggested), { timeout: 10_000 }).toHaveLength(1);
    const after = await applications(token, LRRT);
    const [suggested] = after.filter((a) => a.promotionSuggested);
    expect(waitlisted.has(suggested?.applicationId as string)).toBe(true);
    expect(suggested?.status).toBe('waitlisted');
    expect(after.filter((a) => a.status === 'waitlisted')).toHaveLength(waitlisted.size);
  });
});

describe('the waitlist reactor across a restart', () => {
  it('reacts to what happened while the server was down, and not again to what it handled before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-waitlist-'));
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      TANDEM_DATA_DIR: dir,
      SEED_DEMO: 'true',
      JWT_SECRET: 'a-test-secret-that-is-long-enough-1234',
      PORT: '0',
    };
    let tandem = await startTandem(loadConfig(env));
    const program = async () => (await loadProgram(domainOf(tandem), VRT.tenant, VRT.programId)) as Program;
    const waitlisted = Object.values((await program()).applications).filter((a) => a.role === 'mentee' && a.status === 'waitlisted');
    const leaving = Object.values((await program()).applications).find((a) => a.role === 'mentee' && a.status === 'eligible');
    await tandem.stop();

    // Written straight to the event store while no server runs: the reactor has not seen it.
    const store = await openEventStore(`sqlite:${join(dir, 'events.sqlite')}`);
    await handleProgramCommand({ store, keyStore: openKeyStore(store) }, VRT.programId, {
      type: 'WithdrawApplication',
      data: { applicationId: leaving?.applicationId as string, reason: 'left while the server was down' },
      metadata: commandMetadata({ tenant: VRT.tenant, actor: 'vrt-chair', at: new Date(), key: 'offline-withdrawal' }),
    });
    await store.close();

    tandem = await startTandem(loadConfig(env));
    try {
      const promoted = async () => {
        const state = await program();
        return waitlisted.filter((a) => state.applications[a.applicationId]?.status === 'eligible').map((a) => a.applicationId);
      };
      await expect.poll(promoted, { timeout: 10_000 }).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await promoted()).toHaveLength(1);
    } finally {
      await tandem.stop();
    }
  }, 60_000);
});
