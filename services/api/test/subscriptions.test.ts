import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTandem, startTandem } from '../src/app';
import { loadConfig } from '../src/config';
import { SCHEMA_FILE } from '../src/emit-schema';
import { closeCodeOf, subscribe, wsClient } from './fixtures/live-client';
import { gql } from './support/client';
import { bothDatabases, demoTandemForSuite } from './support/databases';
import { startTestTandem } from './support/tandem';

const VRT = { tenant: 'vrt', programId: 'vrt-mentorship-demo' };

const BOARD = `subscription ($tenant: String!, $programId: String!) {
  matchBoardChanged(tenant: $tenant, programId: $programId) {
    tenant programId checkpoint eventTypes
    board { forbidden { entryId mentorApplicationId menteeApplicationId reason } proposals { entryId } mentorCapacity { applicationId free } }
  }
}`;
const APPLICATIONS = `subscription ($tenant: String!, $programId: String!) {
  applicationsChanged(tenant: $tenant, programId: $programId) { checkpoint eventTypes applicationIds applications { applicationId name status role } }
}`;
const DASHBOARD = `subscription ($tenant: String!, $programId: String!) {
  dashboardChanged(tenant: $tenant, programId: $programId) { checkpoint dashboard { applications mentorApplications menteeApplications } }
}`;

type BoardChange = {
  matchBoardChanged: {
    tenant: string;
    programId: string;
    checkpoint: string;
    eventTypes: string[];
    board: { forbidden: { mentorApplicationId: string; menteeApplicationId: string; reason: string }[] };
  };
};
type ApplicationsChange = { applicationsChanged: { checkpoint: string; applicationIds: string[]; applications: { applicationId: string; name: string }[] } };
type DashboardChange = { dashboardChanged: { checkpoint: string; dashboard: { applications: number } } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Eligible mentors and mentees of a demo program, to forbid pairs between. */
const candidates = async (url: string, token: string, p: { tenant: string; programId: string }) => {
  const response = await gql<{ applications: { edges: { node: { applicationId: string; role: string } }[] } }>(
    url,
    'query ($t: String!, $p: String!) { applications(tenant: $t, programId: $p, status: ["eligible"], first: 200) { edges { node { applicationId role } } } }',
    { t: p.tenant, p: p.programId },
    { token },
  );
  const nodes = response.data?.applications.edges.map((e) => e.node) ?? [];
  return {
    mentors: nodes.filter((n) => n.role === 'mentor').map((n) => n.applicationId),
    mentees: nodes.filter((n) => n.role === 'mentee').map((n) => n.applicationId),
  };
};

/** A board change anyone can cause repeatedly: forbid the next mentor–mentee pair. */
const forbidder = (url: string, token: string, p: { tenant: string; programId: string }) => {
  let n = 0;
  let pool: Awaited<ReturnType<typeof candidates>> | null = null;
  return async (reason = `conflict ${n}`) => {
    pool ??= await candidates(url, token, p);
    const mentor = pool.mentors[n % pool.mentors.length] as string;
    const mentee = pool.mentees[Math.floor(n / pool.mentors.length)] as string;
    n++;
    const response = await gql<{ forbidPair: { checkpoint: string } }>(
      url,
      'mutation ($t: String!, $p: String!, $m: String!, $e: String!, $r: String!) { forbidPair(tenant: $t, programId: $p, mentorApplicationId: $m, menteeApplicationId: $e, reason: $r) { checkpoint } }',
      { t: p.tenant, p: p.programId, m: mentor, e: mentee, r: reason },
      { token },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return { mentor, mentee, reason, checkpoint: response.data?.forbidPair.checkpoint as string };
  };
};

const applyFor = async (url: string, p: { tenant: string; programId: string }, name: string) =>
  gql<{ submitApplication: { applicationId: string } }>(
    url,
    'mutation ($t: String!, $p: String!, $a: ApplicationFormInput!) { submitApplication(tenant: $t, programId: $p, application: $a) { applicationId } }',
    {
      t: p.tenant,
      p: p.programId,
      a: {
        role: 'mentee',
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
        careerStage: 'early-career',
        membership: true,
        answers: { interests: ['media-trends'], 'meeting-modes': ['virtual'], 'attending-conference': true },
      },
    },
  );

const databases = bothDatabases('api_live');

describe.each(databases)('subscriptions over graphql-ws on $name', ({ setup }) => {
  const t = demoTandemForSuite(setup);
  let vrtAdmin: string;
  let lrrtAdmin: string;
  let forbidVrt: ReturnType<typeof forbidder>;

  beforeAll(async () => {
    vrtAdmin = await t.member('admin@vrt.live', [{ tenant: 'vrt', role: 'admin' }]);
    lrrtAdmin = await t.member('admin@lrrt.live', [{ tenant: 'lrrt', role: 'admin' }]);
    forbidVrt = forbidder(t.url, vrtAdmin, VRT);
  }, 120_000);

  it('closes an anonymous connection with 4401 and one with an invalid token with 4403', async () => {
    expect(await closeCodeOf(t.url, null)).toBe(4401);
    expect(await closeCodeOf(t.url, { authorization: 'Bearer not-a-token' })).toBe(4403);
    expect(await closeCodeOf(t.url, { authorization: `Bearer ${vrtAdmin}` })).toBe(0);
  });

  it('delivers the fresh match board after a mutation, and a refetch shows the same', async () => {
    const client = wsClient(t.url, vrtAdmin);
    try {
      const sub = subscribe<BoardChange>(client, BOARD, VRT);
      await sleep(200);
      const done = await forbidVrt('declared conflict of interest');
      const change = await sub.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason));
      expect(change.matchBoardChanged).toMatchObject({ tenant: 'vrt', programId: VRT.programId, eventTypes: ['PairForbidden'] });
      expect(change.matchBoardChanged.checkpoint >= done.checkpoint).toBe(true);
      const refetch = await gql<{ matchBoard: { forbidden: { reason: string }[] } }>(
        t.url,
        'query ($t: String!, $p: String!) { matchBoard(tenant: $t, programId: $p) { forbidden { reason } } }',
        { t: 'vrt', p: VRT.programId },
        { token: vrtAdmin },
      );
      expect(refetch.data?.matchBoard.forbidden.map((f) => f.reason)).toEqual(change.matchBoardChanged.board.forbidden.map((f) => f.reason));
    } finally {
      await client.dispose();
    }
  });

  it('delivers new applications and the changed dashboard counters', async () => {
    const client = wsClient(t.url, vrtAdmin);
    try {
      const applications = subscribe<ApplicationsChange>(client, APPLICATIONS, VRT);
      const dashboard = subscribe<DashboardChange>(client, DASHBOARD, VRT);
      await sleep(200);
      const before = await gql<{ dashboard: { applications: number } }>(
        t.url,
        'query ($t: String!, $p: String!) { dashboard(tenant: $t, programId: $p) { applications } }',
        { t: 'vrt', p: VRT.programId },
        { token: vrtAdmin },
      );
      const submitted = await applyFor(t.url, VRT, 'Live Applicant');
      expect(submitted.errors, JSON.stringify(submitted.errors)).toBeUndefined();
      const id = submitted.data?.submitApplication.applicationId as string;
      const change = await applications.next((d) => d.applicationsChanged.applicationIds.includes(id));
      expect(change.applicationsChanged.applications.find((a) => a.applicationId === id)?.name).toBe('Live Applicant');
      const figures = await dashboard.next((d) => d.dashboardChanged.dashboard.applications === (before.data?.dashboard.applications ?? 0) + 1);
      const refetch = await gql<{ dashboard: { applications: number } }>(
        t.url,
        'query ($t: String!, $p: String!) { dashboard(tenant: $t, programId: $p) { applications } }',
        { t: 'vrt', p: VRT.programId },
        { token: vrtAdmin },
      );
      expect(refetch.data?.dashboard.applications).toBe(figures.dashboardChanged.dashboard.applications);
    } finally {
      await client.dispose();
    }
  });

  it('delivers both applications of a pair that ends, eligible again', async () => {
    const LRRT = { tenant: 'lrrt', programId: 'lrrt-virtual-demo' };
    const pairs = await gql<{ pairs: { edges: { node: { pairId: string; mentorApplicationId: string; menteeApplicationId: string; status: string } }[] } }>(
      t.url,
      'query ($t: String!, $p: String!) { pairs(tenant: $t, programId: $p) { edges { node { pairId mentorApplicationId menteeApplicationId status } } } }',
      { t: LRRT.tenant, p: LRRT.programId },
      { token: lrrtAdmin },
    );
    const pair = pairs.data?.pairs.edges.map((e) => e.node).find((p) => p.status === 'active');
    expect(pair).toBeDefined();
    const client = wsClient(t.url, lrrtAdmin);
    try {
      const applications = subscribe<ApplicationsChange>(client, APPLICATIONS, LRRT);
      await sleep(200);
      const ended = await gql<{ endPair: { checkpoint: string } }>(
        t.url,
        'mutation ($t: String!, $p: String!, $pair: String!) { endPair(tenant: $t, programId: $p, pairId: $pair, reason: "moved abroad") { checkpoint } }',
        { t: LRRT.tenant, p: LRRT.programId, pair: pair?.pairId },
        { token: lrrtAdmin },
      );
      expect(ended.errors, JSON.stringify(ended.errors)).toBeUndefined();
      const change = await applications.next((d) => d.applicationsChanged.applicationIds.includes(pair?.menteeApplicationId as string));
      expect(change.applicationsChanged.applicationIds).toContain(pair?.mentorApplicationId);
      const mentee = change.applicationsChanged.applications.find((a) => a.applicationId === pair?.menteeApplicationId) as { status?: string } | undefined;
      expect(mentee?.status).toBe('eligible');
    } finally {
      await client.dispose();
    }
  });

  it('never delivers across tenants: a foreign program is forbidden, and a same-named program elsewhere stays silent', async () => {
    const client = wsClient(t.url, lrrtAdmin);
    try {
      for (const query of [BOARD, APPLICATIONS, DASHBOARD]) {
        const foreign = subscribe(client, query, VRT);
        await foreign.ended();
        const errors = (foreign.failure as { extensions?: { code?: string } }[]) ?? foreign.results.at(-1)?.errors;
        expect(JSON.stringify(errors)).toContain('FORBIDDEN');
        expect(foreign.results.every((r) => !r.data)).toBe(true);
      }
      // lrrt has no program with vrt's id: subscribing to it in lrrt must not see vrt's changes.
      const lookalike = subscribe<BoardChange>(client, BOARD, { tenant: 'lrrt', programId: VRT.programId });
      const own = subscribe<BoardChange>(wsClient(t.url, vrtAdmin), BOARD, VRT);
      await sleep(200);
      const done = await forbidVrt('cross-tenant probe');
      await own.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason));
      await sleep(300);
      expect(lookalike.results).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('walks every subscription field of the schema with another round table’s credential: FORBIDDEN, never data', async () => {
    const fields = Object.values(buildSchema(readFileSync(SCHEMA_FILE, 'utf8')).getSubscriptionType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThanOrEqual(3);
    const client = wsClient(t.url, lrrtAdmin);
    const own = wsClient(t.url, vrtAdmin);
    try {
      const probes = fields.map((field) => {
        expect(field.args.map((a) => a.name)).toContain('tenant');
        const args = field.args.map((a) => `${a.name}: ${a.name === 'tenant' ? '"vrt"' : a.name === 'programId' ? `"${VRT.programId}"` : '"x"'}`);
        return { name: field.name, sub: subscribe(client, `subscription { ${field.name}(${args.join(', ')}) { __typename } }`) };
      });
      const watcher = subscribe<BoardChange>(own, BOARD, VRT);
      for (const { name, sub } of probes) {
        await sub.ended();
        expect(JSON.stringify(sub.failure ?? sub.results), name).toContain('FORBIDDEN');
      }
      await sleep(200);
      const done = await forbidVrt('walk probe');
      await watcher.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason));
      await sleep(200);
      for (const { name, sub } of probes)
        expect(
          sub.results.filter((r) => r.data),
          name,
        ).toEqual([]);
    } finally {
      await client.dispose();
      await own.dispose();
    }
  });

  it('stops delivering to a connection whose role was revoked mid-subscription', async () => {
    const member = await t.member('member@vrt.live', [{ tenant: 'vrt', role: 'committee' }]);
    const account = (await t.tandem.server.services.accounts.byEmail('member@vrt.live'))!;
    const watcher = wsClient(t.url, vrtAdmin);
    const client = wsClient(t.url, member);
    try {
      const revoked = subscribe<BoardChange>(client, BOARD, VRT);
      const control = subscribe<BoardChange>(watcher, BOARD, VRT);
      await sleep(200);
      const first = await forbidVrt('before revocation');
      await revoked.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === first.reason));
      await t.tandem.server.services.accounts.revoke(account.id, 'vrt', 'committee');
      await sleep(300); // longer than the role cache (200 ms)
      const delivered = revoked.results.length;
      const second = await forbidVrt('after revocation');
      await control.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === second.reason));
      await revoked.ended();
      const after = revoked.results.slice(delivered);
      expect(after.some((r) => r.data)).toBe(false);
      expect(JSON.stringify(after)).toContain('FORBIDDEN');
      expect(revoked.completed).toBe(true);
    } finally {
      await client.dispose();
      await watcher.dispose();
    }
  });

  it('applies the HTTP limits and serves only subscriptions on the socket', async () => {
    const client = wsClient(t.url, vrtAdmin);
    try {
      const deep = subscribe(
        client,
        `subscription { matchBoardChanged(tenant: "vrt", programId: "x") { board { runs { ${'a: requestedBy '.repeat(20)} } } } }`,
      );
      await deep.ended();
      expect(JSON.stringify(deep.failure)).toMatch(/alias/i);
      const huge = subscribe(client, `subscription { matchBoardChanged(tenant: "vrt", programId: "x") { checkpoint ${'checkpoint '.repeat(2100)} } }`);
      await huge.ended();
      expect(JSON.stringify(huge.failure)).toMatch(/token/i);
      const query = subscribe(client, '{ roundTables { totalCount } }');
      await query.ended();
      expect(JSON.stringify(query.failure)).toContain('HTTP POST /graphql');
    } finally {
      await client.dispose();
    }
  });

  it('fans one commit out to many subscribers with one read-model query', async () => {
    const live = t.tandem.server.services.live!;
    const clients = Array.from({ length: 20 }, () => wsClient(t.url, vrtAdmin));
    try {
      const subs = clients.map((c) => subscribe<BoardChange>(c, BOARD, VRT));
      await sleep(400);
      const before = live.stats.computations;
      const done = await forbidVrt('fan-out');
      await Promise.all(subs.map((s) => s.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason))));
      expect(live.stats.computations - before).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});

describe('a restarted server', () => {
  it('accepts a fresh subscription (and a retrying client resubscribes) on the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-restart-'));
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', TANDEM_DATA_DIR: dir, SEED_DEMO: 'true', JWT_SECRET: 'a-test-secret-that-is-long-enough-1234' };
    let tandem: RunningTandem = await startTandem(loadConfig({ ...env, PORT: '0' }));
    const port = tandem.server.port;
    const url = tandem.server.url;
    const signIn = async () =>
      (await gql<{ signIn: { accessToken: string } }>(url, 'mutation { signIn(email: "chair@vrt.demo", password: "tandem-demo-2026") { accessToken } }')).data
        ?.signIn.accessToken as string;
    let token = await signIn();
    const retrying = wsClient(url, token, { retryAttempts: 50 });
    const resubscribed = subscribe<BoardChange>(retrying, BOARD, VRT);
    try {
      await sleep(200);
      await tandem.stop();
      tandem = await startTandem(loadConfig({ ...env, PORT: String(port) }));
      token = await signIn();
      const fresh = wsClient(url, token);
      const sub = subscribe<BoardChange>(fresh, BOARD, VRT);
      await sleep(1_000);
      const done = await forbidder(url, token, VRT)('after restart');
      await sub.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason));
      await resubscribed.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason));
      await fresh.dispose();
    } finally {
      await retrying.dispose();
      await tandem.stop();
    }
  }, 90_000);
});

describe('two API processes on one PostgreSQL', () => {
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('delivers a change committed through process A to a subscriber of process B, with no broker', async () => {
    const scratch = await createScratchDatabase('api_two');
    const a = await startTestTandem({ eventStoreUrl: scratch.url, readModelsUrl: scratch.url, seedDemo: true });
    try {
      const fixture = fileURLToPath(new URL('./fixtures/api-process.ts', import.meta.url));
      child = spawn(process.execPath, ['--import', 'tsx', fixture, mkdtempSync(join(tmpdir(), 'tandem-b-'))], {
        env: { ...process.env, EVENTSTORE_URL: scratch.url, READMODELS_URL: scratch.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const b = await new Promise<{ url: string; role: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('process B did not start within 60 s')), 60_000);
        createInterface({ input: child!.stdout! }).on('line', (line) => {
          if (line.startsWith('{')) {
            clearTimeout(timer);
            resolve(JSON.parse(line));
          }
        });
        child!.once('exit', (code) => reject(new Error(`process B exited with ${code}`)));
      });
      expect(b.url).not.toBe(a.url);
      expect([a.tandem.projector.role, b.role].sort()).toEqual(['follower', 'writer']);
      const token = await a.member('admin@vrt.two', [{ tenant: 'vrt', role: 'admin' }]);
      const onB = wsClient(b.url, token);
      const sub = subscribe<BoardChange>(onB, BOARD, VRT);
      await sleep(300);
      const done = await forbidder(a.url, token, VRT)('committed on A');
      const change = await sub.next((d) => d.matchBoardChanged.board.forbidden.some((f) => f.reason === done.reason), 15_000);
      expect(change.matchBoardChanged.checkpoint >= done.checkpoint).toBe(true);
      await onB.dispose();
    } finally {
      await a.stop();
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child?.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000)]);
      }
      await scratch.drop();
    }
  }, 120_000);
});
