import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openKeyStore } from '@tandem/domain';
import type { PostgresEventStore } from '@tandem/eventstore/postgres';
import type { SqliteEventStore } from '@tandem/eventstore/sqlite';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { rebuild } from '@tandem/projections';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const TENANT = 'lrrt';
const PROGRAM = 'lrrt-virtual-demo';

const APPLICATIONS = `query ($t: String!, $p: String!, $s: String) {
  applications(tenant: $t, programId: $p, first: 100, search: $s) { totalCount edges { node { applicationId personId name email role } } }
}`;
const APPLICATION = 'query ($t: String!, $a: String!) { application(tenant: $t, applicationId: $a) { name email affiliation interests answers } }';
const DASHBOARD =
  'query ($t: String!, $p: String!) { dashboard(tenant: $t, programId: $p) { applications menteeApplications mentorApplications pairsConfirmed pairsProposed } }';
const AS_OF =
  'query ($t: String!, $p: String!, $at: String) { programAsOf(tenant: $t, programId: $p, at: $at) { events applications { applicationId name email } } }';
const ERASE = `mutation ($t: String!, $person: String!, $reason: String!) {
  erasePerson(tenant: $t, personId: $person, reason: $reason) { id projected events { type streamId } }
}`;
const AUDIT = `query ($t: String!, $after: String) {
  auditEvents(tenant: $t, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { type personal data } } }
}`;
const VERIFY = 'query ($t: String!) { verifyChain(tenant: $t) { status verifiedEvents headHash } }';

interface Applicant {
  applicationId: string;
  personId: string;
  name: string;
  email: string;
}

/** Every byte of the files under `dir` (recursively), for searching them raw. */
const filesUnder = (dir: string): { path: string; bytes: Buffer }[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });

const holding = (files: { path: string; bytes: Buffer }[], needle: Buffer): string[] => files.filter((f) => f.bytes.includes(needle)).map((f) => f.path);

interface Case {
  kind: 'sqlite' | 'postgres';
  start(): Promise<{ t: TestTandem; drop?: () => Promise<void> }>;
  /** The database files as they are on disk now. */
  files(t: TestTandem): Promise<{ path: string; bytes: Buffer }[]>;
  keyBytes(t: TestTandem, personId: string): Promise<Buffer | null>;
}

const superuserClient = async (url: string) => {
  const su = new URL(url);
  su.username = process.env.TEST_PG_SUPERUSER ?? su.username;
  const client = new pg.Client({ connectionString: su.toString() });
  await client.connect();
  return client;
};

const cases: Case[] = [
  {
    kind: 'sqlite',
    start: async () => ({ t: await startTestTandem({ seedDemo: true }) }),
    files: async (t) => filesUnder(t.dataDir).filter((f) => /\.sqlite(-wal|-shm|-journal)?$/.test(f.path)),
    keyBytes: async (t, personId) =>
      (
        (t.tandem.store as SqliteEventStore).db.prepare('SELECT key FROM tandem_person_keys WHERE tenant = ? AND person_id = ?').get(TENANT, personId) as
          | { key: Buffer | null }
          | undefined
      )?.key ?? null,
  },
  {
    kind: 'postgres',
    start: async () => {
      const scratch = await createScratchDatabase('api_erasure');
      return { t: await startTestTandem({ seedDemo: true, eventStoreUrl: scratch.url, readModelsUrl: scratch.url }), drop: scratch.drop };
    },
    // The database's own directory: every table, index and TOAST file, live or awaiting unlink.
    files: async (t) => {
      const client = await superuserClient(t.tandem.readModels.url);
      try {
        await client.query('CHECKPOINT');
        const { rows } = await client.query(
          "SELECT current_setting('data_directory') AS dir, (SELECT oid FROM pg_database WHERE datname = current_database()) AS oid",
        );
        const { dir, oid } = rows[0] as { dir: string; oid: number };
        return filesUnder(join(dir, 'base', String(oid)));
      } finally {
        await client.end();
      }
    },
    keyBytes: async (t, personId) => {
      const { rows } = await (t.tandem.store as PostgresEventStore).pool.query('SELECT key FROM tandem_person_keys WHERE tenant = $1 AND person_id = $2', [
        TENANT,
        personId,
      ]);
      return (rows[0] as { key: Buffer | null } | undefined)?.key ?? null;
    },
  },
];

describe.each(cases)('erasing a person on $kind', (c) => {
  let t: TestTandem;
  let drop: (() => Promise<void>) | undefined;
  let admin: string;
  let person: Applicant;
  let key: Buffer;
  let dashboardBefore: unknown;
  let countBefore: number;

  beforeAll(async () => {
    ({ t, drop } = await c.start());
    admin = await t.signIn('chair@lrrt.demo', 'tandem-demo-2026');
    const list = await gql<{ applications: { totalCount: number; edges: { node: Applicant & { role: string } }[] } }>(
      t.url,
      APPLICATIONS,
      { t: TENANT, p: PROGRAM },
      { token: admin },
    );
    expect(list.errors, JSON.stringify(list.errors)).toBeUndefined();
    countBefore = list.data?.applications.totalCount ?? 0;
    person = list.data?.applications.edges.map((e) => e.node).find((a) => a.role === 'mentee' && a.email) as Applicant;
    expect(person?.name).toBeTruthy();
    key = (await c.keyBytes(t, person.personId)) as Buffer;
    expect(key).toHaveLength(32);
    dashboardBefore = (await gql(t.url, DASHBOARD, { t: TENANT, p: PROGRAM }, { token: admin })).data;
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await drop?.();
  });

  it('finds the person’s name, email and key in the raw database files before (the search works)', async () => {
    const files = await c.files(t);
    expect(holding(files, Buffer.from(person.email))).not.toEqual([]);
    expect(holding(files, key)).not.toEqual([]);
  });

  it('refuses anyone but a round-table admin, a person it does not know, and a reason that names the person', async () => {
    const coordinator = await t.signIn('coordinator@lrrt.demo', 'tandem-demo-2026');
    const denied = await gql(t.url, ERASE, { t: TENANT, person: person.personId, reason: 'asked to be forgotten' }, { token: coordinator });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await gql(t.url, ERASE, { t: TENANT, person: 'no-such-person', reason: 'asked to be forgotten' }, { token: admin });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const empty = await gql(t.url, ERASE, { t: TENANT, person: person.personId, reason: ' ' }, { token: admin });
    expect(empty.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const naming = await gql(t.url, ERASE, { t: TENANT, person: person.personId, reason: `${person.name} asked to be forgotten` }, { token: admin });
    expect(naming.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringContaining('do not write the person’s name') });
    expect(await c.keyBytes(t, person.personId)).toEqual(key);
  });

  it('records who asked and why, and shows the person as erased in the read models while counts stay', async () => {
    const erased = await gql<{ erasePerson: { projected: boolean; events: { type: string }[] } }>(
      t.url,
      ERASE,
      { t: TENANT, person: person.personId, reason: 'asked to be forgotten, ticket 4711' },
      { token: admin },
    );
    expect(erased.errors, JSON.stringify(erased.errors)).toBeUndefined();
    expect(erased.data?.erasePerson).toMatchObject({ projected: true, events: [{ type: 'PersonalDataErased' }] });

    const application = await gql<{ application: Record<string, unknown> }>(t.url, APPLICATION, { t: TENANT, a: person.applicationId }, { token: admin });
    expect(application.data?.application).toMatchObject({ name: '(erased)', email: null, affiliation: null });
    expect(JSON.stringify(application.data)).not.toContain(person.email);
    const search = await gql<{ applications: { totalCount: number } }>(t.url, APPLICATIONS, { t: TENANT, p: PROGRAM, s: person.name }, { token: admin });
    expect(search.data?.applications.totalCount).toBe(0);
    const all = await gql<{ applications: { totalCount: number } }>(t.url, APPLICATIONS, { t: TENANT, p: PROGRAM }, { token: admin });
    expect(all.data?.applications.totalCount).toBe(countBefore);
    expect((await gql(t.url, DASHBOARD, { t: TENANT, p: PROGRAM }, { token: admin })).data).toEqual(dashboardBefore);

    const again = await gql(t.url, ERASE, { t: TENANT, person: person.personId, reason: 'asked again' }, { token: admin });
    expect(again.errors?.[0]?.extensions?.code).toBe('ILLEGAL_STATE');
  });

  it('shows the person as erased in the as-of view and the audit history, and the chain still verifies', async () => {
    const asOf = await gql<{ programAsOf: { applications: { applicationId: string; name: string; email: string | null }[] } }>(
      t.url,
      AS_OF,
      { t: TENANT, p: PROGRAM, at: new Date().toISOString() },
      { token: admin },
    );
    expect(asOf.errors, JSON.stringify(asOf.errors)).toBeUndefined();
    expect(asOf.data?.programAsOf.applications.find((a) => a.applicationId === person.applicationId)).toMatchObject({ name: '(erased)', email: null });

    type AuditNode = { type: string; personal: { personId: string; erased?: boolean } | null; data: { requestedBy?: string; reason?: string } };
    type AuditPage = { auditEvents: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: AuditNode }[] } };
    const nodes: AuditNode[] = [];
    for (let after: string | null = null; ; ) {
      const page: Awaited<ReturnType<typeof gql<AuditPage>>> = await gql<AuditPage>(t.url, AUDIT, { t: TENANT, after }, { token: admin });
      expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
      nodes.push(...(page.data?.auditEvents.edges.map((e) => e.node) ?? []));
      if (!page.data?.auditEvents.pageInfo.hasNextPage) break;
      after = page.data.auditEvents.pageInfo.endCursor;
    }
    expect(JSON.stringify(nodes)).not.toContain(person.email);
    const theirs = nodes.filter((n) => n.personal?.personId === person.personId);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((n) => n.personal?.erased === true)).toBe(true);
    expect(nodes.find((n) => n.type === 'PersonalDataErased')?.data).toMatchObject({ reason: 'asked to be forgotten, ticket 4711' });

    const verified = await gql<{ verifyChain: { status: string } }>(t.url, VERIFY, { t: TENANT }, { token: admin });
    expect(verified.data?.verifyChain.status).toBe('OK');
  });

  it('leaves neither the key nor the name in the raw database files, also after a rebuild', async () => {
    expect(await c.keyBytes(t, person.personId)).toBeNull();
    const after = await c.files(t);
    expect(holding(after, key)).toEqual([]);
    expect(holding(after, Buffer.from(person.email))).toEqual([]);
    expect(holding(after, Buffer.from(person.name))).toEqual([]);

    const rebuilt = await rebuild({ store: t.tandem.store, keyStore: openKeyStore(t.tandem.store), readModels: t.tandem.readModels });
    expect(rebuilt.swapped).toBe(true);
    const application = await gql<{ application: Record<string, unknown> }>(t.url, APPLICATION, { t: TENANT, a: person.applicationId }, { token: admin });
    expect(application.data?.application).toMatchObject({ name: '(erased)', email: null });
    await t.tandem.readModels.purgeFreedSpace([]);
    const afterRebuild = await c.files(t);
    expect(holding(afterRebuild, Buffer.from(person.email))).toEqual([]);
    expect(holding(afterRebuild, Buffer.from(person.name))).toEqual([]);
  });
});
