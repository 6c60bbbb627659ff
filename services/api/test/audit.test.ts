import type { RecordedEvent } from '@tandem/eventstore';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { bothDatabases, demoTandemForSuite } from './support/databases';

const LRRT = { tenant: 'lrrt', programId: 'lrrt-virtual-demo' };
const EVENT =
  '{ eventId type streamId streamRevision tenantSequence programId actor correlationId occurredAt recordedAt checkpoint hash schemaVersion data personal }';

type AuditEvent = {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  programId: string | null;
  actor: string;
  recordedAt: string;
  checkpoint: string;
  hash: string | null;
  data: unknown;
  personal: { personId: string; fields?: Record<string, unknown>; erased?: boolean } | null;
};
type Page = { edges: { cursor: string; node: AuditEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const databases = bothDatabases('api_audit');

describe.each(databases)('the auditor API on $name', ({ setup }) => {
  const t = demoTandemForSuite(setup);
  let auditor: string;
  let committee: string;
  let vrtAdmin: string;
  let history: RecordedEvent[];

  const all = async (filter: Record<string, unknown> | null, first = 50, token = auditor) => {
    const nodes: AuditEvent[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const response: { data?: { auditEvents: Page } | null; errors?: unknown } = await gql<{ auditEvents: Page }>(
        t.url,
        `query ($t: String!, $f: AuditEventFilter, $first: Int, $after: String) { auditEvents(tenant: $t, filter: $f, first: $first, after: $after) { edges { cursor node ${EVENT} } pageInfo { hasNextPage endCursor } } }`,
        { t: 'lrrt', f: filter, first, after },
        { token },
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const page = response.data?.auditEvents as Page;
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 100 pages');
  };

  beforeAll(async () => {
    auditor = await t.signIn('auditor@lrrt.demo', 'tandem-demo-2026');
    committee = await t.signIn('committee@lrrt.demo', 'tandem-demo-2026');
    vrtAdmin = await t.signIn('chair@vrt.demo', 'tandem-demo-2026');
    history = await t.tandem.store.readAll({ tenant: 'lrrt', limit: 100_000 });
  }, 120_000);

  it('pages through a round table’s whole history in log order, and only that round table’s', async () => {
    const nodes = await all(null, 37);
    expect(nodes.map((n) => n.eventId)).toEqual(history.map((e) => e.eventId));
    expect(nodes.every((n) => n.streamId.startsWith('lrrt/'))).toBe(true);
    expect(nodes.map((n) => n.checkpoint)).toEqual([...nodes.map((n) => n.checkpoint)].sort());
    expect(nodes[0]).toMatchObject({ hash: history[0]?.hash, streamRevision: history[0]?.streamRevision, actor: history[0]?.metadata.actor });
  });

  it('filters by type, stream, actor, program and recording time', async () => {
    const confirmed = await all({ type: 'PairConfirmed' });
    expect(confirmed.length).toBe(history.filter((e) => e.type === 'PairConfirmed').length);
    expect(confirmed.length).toBeGreaterThan(0);
    const stream = history.find((e) => e.type === 'PairConfirmed')?.streamId as string;
    expect((await all({ streamId: stream })).map((n) => n.eventId)).toEqual(history.filter((e) => e.streamId === stream).map((e) => e.eventId));
    const actor = history.at(-1)?.metadata.actor as string;
    expect((await all({ actor })).length).toBe(history.filter((e) => e.metadata.actor === actor).length);
    const ofProgram = await all({ programId: LRRT.programId });
    expect(ofProgram.length).toBeGreaterThan(0);
    expect(ofProgram.every((n) => n.programId === LRRT.programId)).toBe(true);
    const middle = history[Math.floor(history.length / 2)] as RecordedEvent;
    const upTo = await all({ to: middle.recordedAt });
    expect(upTo.length).toBe(history.filter((e) => e.recordedAt <= middle.recordedAt).length);
    const since = await all({ from: middle.recordedAt, type: middle.type });
    expect(since.length).toBe(history.filter((e) => e.recordedAt >= middle.recordedAt && e.type === middle.type).length);
    const bad = await gql(
      t.url,
      'query { auditEvents(tenant: "lrrt", filter: { from: "last tuesday" }) { pageInfo { hasNextPage } } }',
      {},
      { token: auditor },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('counts every event a list holds on all its pages, with or without filters, and a stream’s events', async () => {
    const count = async (field: string) => {
      const response = await gql<Record<string, { totalCount: number; edges: unknown[] }>>(
        t.url,
        `query { list: ${field} { totalCount edges { cursor } } }`,
        {},
        { token: auditor },
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data?.list as { totalCount: number; edges: unknown[] };
    };
    const whole = await count('auditEvents(tenant: "lrrt", first: 5)');
    expect(whole.edges).toHaveLength(5);
    expect(whole.totalCount).toBe(history.length);
    const confirmed = await count('auditEvents(tenant: "lrrt", first: 1, filter: { type: "PairConfirmed" })');
    expect(confirmed.totalCount).toBe(history.filter((e) => e.type === 'PairConfirmed').length);
    expect(confirmed.totalCount).toBeGreaterThan(1);
    const middle = history[Math.floor(history.length / 2)] as RecordedEvent;
    const upTo = await count(`auditEvents(tenant: "lrrt", first: 1, filter: { to: "${middle.recordedAt}" })`);
    expect(upTo.totalCount).toBe(history.filter((e) => e.recordedAt <= middle.recordedAt).length);
    const stream = `lrrt/program-${LRRT.programId}`;
    expect((await count(`streamHistory(tenant: "lrrt", streamId: "${stream}", first: 2)`)).totalCount).toBe(
      history.filter((e) => e.streamId === stream).length,
    );
    expect((await count('streamHistory(tenant: "lrrt", streamId: "lrrt/no-such-stream")')).totalCount).toBe(0);
  });

  it('reads one stream’s history in revision order, a page at a time, and refuses another round table’s stream', async () => {
    const stream = `lrrt/program-${LRRT.programId}`;
    const revisions: number[] = [];
    let after: string | null = null;
    for (;;) {
      const response: { data?: { streamHistory: Page } | null; errors?: unknown } = await gql<{ streamHistory: Page }>(
        t.url,
        `query ($s: String!, $after: String) { streamHistory(tenant: "lrrt", streamId: $s, first: 25, after: $after) { edges { node { streamRevision } } pageInfo { hasNextPage endCursor } } }`,
        { s: stream, after },
        { token: auditor },
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const page = response.data?.streamHistory as Page;
      revisions.push(...page.edges.map((e) => e.node.streamRevision));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(revisions).toEqual(history.filter((e) => e.streamId === stream).map((_, i) => i));
    const foreign = await gql(
      t.url,
      'query { streamHistory(tenant: "lrrt", streamId: "vrt/program-vrt-mentorship-demo") { pageInfo { hasNextPage } } }',
      {},
      { token: auditor },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a program as of its head checkpoint exactly like the live queries, and as of earlier checkpoints with less', async () => {
    const board = 'proposals { entryId } confirmed { entryId } declined { entryId } mentorCapacity { applicationId free } runs { runId }';
    const dashboard =
      'applications mentorApplications menteeApplications menteePool pairsProposed pairsConfirmed pairsEnded matchRate applicationsPerWeek { week applications }';
    const application = 'applicationId status name email';
    const read = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const response = await gql<T>(t.url, query, variables, { token: auditor });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data as T;
    };
    const args = { t: 'lrrt', p: LRRT.programId };
    const liveProgram = await read<{ program: unknown }>(
      'query ($t: String!, $p: String!) { program(tenant: $t, programId: $p) { programId title status } }',
      args,
    );
    const liveBoard = await read<{ matchBoard: unknown }>(`query ($t: String!, $p: String!) { matchBoard(tenant: $t, programId: $p) { ${board} } }`, args);
    const liveDashboard = await read<{ dashboard: unknown }>(
      `query ($t: String!, $p: String!) { dashboard(tenant: $t, programId: $p) { ${dashboard} } }`,
      args,
    );
    const liveApplications = await read<{ applications: { edges: { node: unknown }[] } }>(
      `query ($t: String!, $p: String!) { applications(tenant: $t, programId: $p, first: 200) { edges { node { ${application} } } } }`,
      args,
    );
    const head = history.filter((e) => e.metadata.correlationKey === LRRT.programId).at(-1) as RecordedEvent;
    type AsOf = { checkpoint: string; events: number; program: unknown; matchBoard: { confirmed: unknown[] }; dashboard: unknown; applications: unknown[] };
    const asOf = async (variables: Record<string, unknown>) => {
      const q = (selection: string) =>
        gql<{ programAsOf: AsOf }>(
          t.url,
          `query ($t: String!, $p: String!, $at: String, $c: String) { programAsOf(tenant: $t, programId: $p, at: $at, checkpoint: $c) { ${selection} } }`,
          { ...args, ...variables },
          { token: auditor },
        );
      const first = await q(`checkpoint events program { programId title status } matchBoard { ${board} }`);
      const second = await q(`dashboard { ${dashboard} } applications { ${application} }`);
      return {
        errors: first.errors ?? second.errors,
        data: first.data && second.data ? { programAsOf: { ...first.data.programAsOf, ...second.data.programAsOf } } : null,
      };
    };
    const now = await asOf({ c: head.checkpoint });
    expect(now.errors, JSON.stringify(now.errors)).toBeUndefined();
    expect(now.data?.programAsOf.checkpoint).toBe(head.checkpoint);
    expect(now.data?.programAsOf.program).toEqual(liveProgram.program);
    expect(now.data?.programAsOf.matchBoard).toEqual(liveBoard.matchBoard);
    expect(now.data?.programAsOf.dashboard).toEqual(liveDashboard.dashboard);
    expect(now.data?.programAsOf.applications).toEqual(liveApplications.applications.edges.map((e) => e.node));

    const firstConfirmation = history.find((e) => e.type === 'PairConfirmed') as RecordedEvent;
    const before = history[history.indexOf(firstConfirmation) - 1] as RecordedEvent;
    const earlier = await asOf({ c: before.checkpoint });
    expect(earlier.data?.programAsOf.matchBoard.confirmed).toEqual([]);
    const byTime = await asOf({ at: new Date(Date.parse(history[0]?.recordedAt as string) - 60_000).toISOString() });
    expect(byTime.data?.programAsOf).toMatchObject({ checkpoint: null, events: 0, program: null, applications: [] });
    const both = await asOf({ c: head.checkpoint, at: head.recordedAt });
    expect(both.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('exports the history as JSON Lines, streamed, one event per line with checkpoint and hash', async () => {
    const response = await fetch(`${t.url}/export/lrrt.jsonl`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    // How many lines follow, for a progress bar: exact, the export ends at the head it counted to.
    expect(response.headers.get('x-event-count')).toBe(String(history.length));
    const lines = (await response.text()).trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l) as { eventId: string; checkpoint: string; hash: string; tenantSequence: number; personal: unknown });
    expect(events.map((e) => e.eventId)).toEqual(history.map((e) => e.eventId));
    expect(events.map((e) => e.tenantSequence)).toEqual(history.map((_, i) => i + 1));
    expect(events.every((e) => e.checkpoint && e.hash)).toBe(true);
    const resumed = await fetch(`${t.url}/export/lrrt.jsonl?after=${events[9]?.checkpoint}`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(resumed.headers.get('x-event-count')).toBe(String(history.length - 10));
    expect((await resumed.text()).trimEnd().split('\n').length).toBe(history.length - 10);
    expect((await fetch(`${t.url}/export/lrrt.jsonl`)).status).toBe(401);
    expect((await fetch(`${t.url}/export/lrrt.jsonl`, { headers: { authorization: `Bearer ${vrtAdmin}` } })).status).toBe(403);
    expect((await fetch(`${t.url}/export/lrrt.jsonl`, { headers: { authorization: `Bearer ${committee}` } })).status).toBe(403);
    const admin = await fetch(`${t.url}/export/vrt.jsonl`, { headers: { authorization: `Bearer ${vrtAdmin}` } });
    expect(admin.status).toBe(200);
    expect((await admin.text()).includes('"lrrt/')).toBe(false);
  });

  it('refuses every auditor field to committee members and to other round tables', async () => {
    const fields = [
      'auditEvents(tenant: "lrrt") { pageInfo { hasNextPage } }',
      'streamHistory(tenant: "lrrt", streamId: "lrrt/program-lrrt-virtual-demo") { pageInfo { hasNextPage } }',
      `programAsOf(tenant: "lrrt", programId: "${LRRT.programId}", at: "2030-01-01T00:00:00Z") { events }`,
    ];
    for (const token of [committee, vrtAdmin]) {
      for (const field of fields) {
        const response = await gql(t.url, `query { ${field} }`, {}, { token });
        expect(response.errors?.[0]?.extensions?.code, field).toBe('FORBIDDEN');
        expect(response.data).toBeNull();
      }
    }
  });

  // Last: it erases a key behind the read models' back (no PersonErased event), which the as-of replay would then show.
  it('shows personal data to the auditor in clear, and as erased once the person’s key is gone', async () => {
    const submitted = (await all({ type: 'ApplicationSubmitted' })).filter((n) => n.personal);
    expect(submitted.length).toBeGreaterThan(1);
    const [first, second] = submitted as [AuditEvent, AuditEvent];
    expect(first.personal?.fields?.name).toEqual(expect.any(String));
    await t.tandem.server.services.domain?.keyStore.erase('lrrt', second.personal?.personId as string, new Date().toISOString());
    const after = await all({ streamId: second.streamId, type: 'ApplicationSubmitted' });
    expect(after.find((n) => n.eventId === second.eventId)?.personal).toEqual({ personId: second.personal?.personId, erased: true });
    expect(after.find((n) => n.eventId === first.eventId)?.personal?.fields?.name).toBe(first.personal?.fields?.name);
  });
});
