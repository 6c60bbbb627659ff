import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { bothDatabases } from './support/databases';
import { startTestTandem, type TestTandem } from './support/tandem';

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

describe.each(databases)('the waitlist reactor in the server on $name', ({ setup }) => {
  let t: TestTandem;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await setup();
    drop = db.drop;
    t = await startTestTandem({ ...db.options, seedDemo: true });
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await drop?.();
  });

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
