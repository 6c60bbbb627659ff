import type { SqliteEventStore } from '@tandem/eventstore/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const QUERY =
  'query ($t: String!) { verifyChain(tenant: $t) { tenant status verifiedEvents headHash problem detail at { tenantSequence checkpoint eventId streamId } } }';

type Verification = {
  tenant: string;
  status: 'OK' | 'BROKEN';
  verifiedEvents: number;
  headHash: string | null;
  problem: string | null;
  detail: string | null;
  at: { tenantSequence: number; checkpoint: string | null; eventId: string | null; streamId: string | null } | null;
};

describe('verifyChain (auditor API)', () => {
  let t: TestTandem;
  let auditor: string;
  let vrtAdmin: string;
  beforeAll(async () => {
    t = await startTestTandem({ seedDemo: true });
    auditor = await t.signIn('auditor@lrrt.demo', 'tandem-demo-2026');
    vrtAdmin = await t.signIn('chair@vrt.demo', 'tandem-demo-2026');
  }, 120_000);
  afterAll(() => t?.stop());

  const verify = (tenant: string, token: string) => gql<{ verifyChain: Verification }>(t.url, QUERY, { t: tenant }, { token });

  it('reports an untouched chain OK to the round table’s auditor, with the head hash the store shows', async () => {
    const response = await verify('lrrt', auditor);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const head = (await t.tandem.store.stats()).tenants.find((x) => x.tenant === 'lrrt');
    expect(response.data?.verifyChain).toEqual({
      tenant: 'lrrt',
      status: 'OK',
      verifiedEvents: head?.events,
      headHash: head?.headHash,
      problem: null,
      detail: null,
      at: null,
    });
    expect(head?.events).toBeGreaterThan(0);
  });

  it('refuses another round table’s credential and a round table the auditor has no role in', async () => {
    expect((await verify('lrrt', vrtAdmin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await verify('vrt', auditor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports the place of an event altered in the database', async () => {
    const store = t.tandem.store as SqliteEventStore;
    expect(store.kind).toBe('sqlite');
    const target = (await store.readAll({ tenant: 'lrrt', limit: 100_000 })).find((e) => e.tenantSequence === 5);
    store.db.prepare("UPDATE events SET actor = 'someone-else' WHERE tenant = 'lrrt' AND tenant_seq = 5").run();
    const response = await verify('lrrt', auditor);
    expect(response.data?.verifyChain).toMatchObject({
      status: 'BROKEN',
      verifiedEvents: 4,
      headHash: null,
      problem: 'ALTERED',
      at: { tenantSequence: 5, eventId: target?.eventId, streamId: target?.streamId, checkpoint: target?.checkpoint },
    });
  });
});
