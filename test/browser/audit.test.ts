import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage } from './support/browser';
import { demoToken, signInAs } from './support/demo';
import { DEMO_PROGRAMS, type Portal, startPortal } from './support/portal';

const PROGRAM = DEMO_PROGRAMS.lrrt;

interface AuditPage {
  auditEvents: {
    edges: { node: { eventId: string; type: string; streamId: string; actor: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface Snapshot {
  programAsOf: {
    events: number;
    program: { status: string } | null;
    dashboard: { applications: number; pairsConfirmed: number; pairsEnded: number; pairsProposed: number; menteePool: number };
    applications: { applicationId: string; status: string }[];
    matchBoard: { confirmed: { entryId: string }[]; ended: { entryId: string }[] };
  };
}

const AS_OF = `query ($p: String!, $at: String) { programAsOf(tenant: "lrrt", programId: $p, at: $at) {
  events program { status } dashboard { applications pairsConfirmed pairsEnded pairsProposed menteePool }
  applications { applicationId status } matchBoard { confirmed { entryId } ended { entryId } }
} }`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pad = (n: number) => String(n).padStart(2, '0');
/** The local date and time of an instant, as a person types them into the date and time fields. */
const localParts = (at: Date) => ({
  date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
  time: `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`,
});

describe('the audit section', () => {
  let portal: Portal;
  let browser: Browser;
  let auditor: string;
  /** A moment between the demo seed and the changes made by the tests (whole seconds). */
  let before: Date;

  /** Every event the API lists for a filter, page by page. */
  const allEvents = async (filter: Record<string, string> | null) => {
    const nodes: AuditPage['auditEvents']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: AuditPage | null; errors?: unknown } = await portal.gql<AuditPage>(
        `query ($f: AuditEventFilter, $after: String) { auditEvents(tenant: "lrrt", filter: $f, first: 100, after: $after) {
          edges { node { eventId type streamId actor } } pageInfo { hasNextPage endCursor } } }`,
        { f: filter, after },
        auditor,
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      nodes.push(...result.data.auditEvents.edges.map((e) => e.node));
      if (!result.data.auditEvents.pageInfo.hasNextPage) return nodes;
      after = result.data.auditEvents.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
    auditor = await demoToken(portal, 'auditor@lrrt.demo');
    // The seed's events are recorded now: take a moment after them, then change the program.
    await pause(1_100);
    before = new Date(Math.floor(Date.now() / 1000) * 1000);
    await pause(1_100);
    const coordinator = await demoToken(portal, 'coordinator@lrrt.demo');
    const submitted = await portal.gql(
      `mutation ($p: String!, $a: ApplicationFormInput!) { submitApplication(tenant: "lrrt", programId: $p, application: $a) { applicationId } }`,
      {
        p: PROGRAM,
        a: {
          role: 'mentee',
          name: 'Quinn Latecomer',
          email: 'quinn.latecomer@example.org',
          affiliation: 'Lakeside University Library',
          careerStage: 'early-career',
          membership: true,
          mentorCapacity: null,
          answers: { 'research-topics': ['assessment'], methodologies: ['survey'], support: ['research-design'], project: 'Assessing chat reference.' },
        },
      },
    );
    expect(submitted.errors).toBeUndefined();
    const board = await portal.gql<{ matchBoard: { confirmed: { entryId: string }[] } }>(
      'query ($p: String!) { matchBoard(tenant: "lrrt", programId: $p) { confirmed { entryId } } }',
      { p: PROGRAM },
      coordinator,
    );
    const pairId = board.data?.matchBoard.confirmed[0]?.entryId as string;
    const ended = await portal.gql(
      'mutation ($p: String!, $id: String!) { endPair(tenant: "lrrt", programId: $p, pairId: $id, reason: "The mentee changed jobs") { id } }',
      { p: PROGRAM, id: pairId },
      coordinator,
    );
    expect(ended.errors).toBeUndefined();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('shows the program exactly as the API replays it for a past date, earlier than it is now', async () => {
    const then = await portal.gql<Snapshot>(AS_OF, { p: PROGRAM, at: before.toISOString() }, auditor);
    const now = await portal.gql<Snapshot>(AS_OF, { p: PROGRAM, at: new Date(Date.now() + 60_000).toISOString() }, auditor);
    const past = then.data?.programAsOf as Snapshot['programAsOf'];
    const present = now.data?.programAsOf as Snapshot['programAsOf'];
    // The tests' changes came after the moment: one application more, one confirmed pair ended.
    expect(present.dashboard.applications).toBe(past.dashboard.applications + 1);
    expect(present.dashboard.pairsEnded).toBe(past.dashboard.pairsEnded + 1);
    expect(past.dashboard.pairsConfirmed).toBeGreaterThan(0);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.getByRole('link', { name: 'Audit' }).first().click();
    await page.waitForURL('**/t/lrrt/audit');
    await page.getByRole('link', { name: 'Program as of a date' }).click();
    await page.waitForURL('**/t/lrrt/audit/as-of');
    const { date, time } = localParts(before);
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByLabel('Time of day').fill(time);
    await page.getByRole('button', { name: 'Show the program then' }).click();
    await page.getByTestId('as-of-snapshot').waitFor();
    expect(new URL(page.url()).searchParams.get('at')).toBe(before.toISOString());

    expect(await page.getByTestId('as-of-applications').textContent()).toBe(String(past.dashboard.applications));
    expect(await page.getByTestId('as-of-confirmed').textContent()).toBe(String(past.dashboard.pairsConfirmed));
    expect(await page.getByTestId('as-of-ended').textContent()).toBe(String(past.dashboard.pairsEnded));
    expect(await page.getByTestId('as-of-proposed').textContent()).toBe(String(past.dashboard.pairsProposed));
    expect(await page.getByTestId('as-of-pool').textContent()).toBe(String(past.dashboard.menteePool));
    expect(await page.getByTestId('as-of-events').textContent()).toContain(`${past.events} events replayed`);
    const rows = page.getByTestId('as-of-application');
    expect(await rows.count()).toBe(past.applications.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-application-id'), tr.getAttribute('data-status')]));
    expect(shown).toEqual(past.applications.map((a) => [a.applicationId, a.status]));
    expect(await page.getByTestId('as-of-pair-confirmed').count()).toBe(past.matchBoard.confirmed.length);
    expect(await page.getByTestId('as-of-pair-ended').count()).toBe(0);
    expect(await page.getByText('Quinn Latecomer').count()).toBe(0);
    await checkPage(page, 'audit-as-of');

    // The same page a minute from now: today's state.
    const later = localParts(new Date(Date.now() + 60_000));
    await page.getByLabel('Date', { exact: true }).fill(later.date);
    await page.getByLabel('Time of day').fill(later.time);
    await page.getByRole('button', { name: 'Show the program then' }).click();
    await expect.poll(() => page.getByTestId('as-of-applications').textContent()).toBe(String(present.dashboard.applications));
    expect(await page.getByTestId('as-of-ended').textContent()).toBe(String(present.dashboard.pairsEnded));
    expect(await page.getByTestId('as-of-pair-ended').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters the event history by type, actor, program and time, and opens one stream’s history', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.goto('/t/lrrt/audit');
    const rows = page.getByTestId('audit-event');
    await rows.first().waitFor();
    const everything = await allEvents(null);
    expect(await rows.count()).toBe(Math.min(50, everything.length));
    const ids = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id')));
    expect(await ids()).toEqual(everything.slice(0, 50).map((e) => e.eventId));
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toBe(`${everything.length.toLocaleString('en-US')} events`);
    await checkPage(page, 'audit-history');

    // Paging: the next 50 follow the first.
    await page.getByRole('button', { name: 'Show the next 50' }).click();
    await expect.poll(() => rows.count()).toBe(Math.min(100, everything.length));
    expect(await ids()).toEqual(everything.slice(0, 100).map((e) => e.eventId));

    // By type, then type and actor.
    const confirmed = await allEvents({ type: 'PairConfirmed' });
    expect(confirmed.length).toBeGreaterThan(0);
    await page.getByLabel('Event type').fill('PairConfirmed');
    await expect.poll(() => ids()).toEqual(confirmed.map((e) => e.eventId));
    await expect
      .poll(() => page.getByTestId('audit-count').textContent())
      .toBe(`${confirmed.length === 1 ? '1 event' : `${confirmed.length} events`} match these filters`);
    expect(new URL(page.url()).searchParams.get('type')).toBe('PairConfirmed');
    expect(await page.getByTestId('event-type').allTextContents()).toEqual(confirmed.map(() => 'Pair confirmed'));
    const byChair = await allEvents({ type: 'PairConfirmed', actor: 'lrrt-chair' });
    await page.getByLabel('Actor').fill('lrrt-chair');
    await expect.poll(() => ids()).toEqual(byChair.map((e) => e.eventId));
    await page.getByLabel('Actor').fill('nobody-at-all');
    await page.getByText('No event matches').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(Math.min(50, everything.length));

    // By time: what happened after the moment (the tests' changes), then by program as well.
    const recent = await allEvents({ from: before.toISOString() });
    expect(recent.map((e) => e.type)).toEqual(expect.arrayContaining(['ApplicationSubmitted', 'PairEnded']));
    const { date, time } = localParts(before);
    await page.getByLabel('Recorded from').fill(`${date}T${time}`);
    await expect.poll(() => ids()).toEqual(recent.map((e) => e.eventId));
    const recentInProgram = await allEvents({ from: before.toISOString(), programId: PROGRAM });
    await page.getByLabel('Program').selectOption(PROGRAM);
    await expect.poll(() => ids()).toEqual(recentInProgram.map((e) => e.eventId));

    // One stream: the ended pair's, in revision order.
    const endedPair = recent.find((e) => e.type === 'PairEnded') as { streamId: string };
    const streamLink = page.getByTestId('event-stream').filter({ hasText: endedPair.streamId }).first();
    await streamLink.click();
    await page.waitForURL('**/t/lrrt/audit/stream?id=*');
    await page.getByRole('heading', { level: 1, name: 'Stream history' }).waitFor();
    const stream = await portal.gql<AuditPage & { streamHistory: AuditPage['auditEvents'] }>(
      'query ($s: String!) { streamHistory(tenant: "lrrt", streamId: $s, first: 50) { edges { node { eventId type } } pageInfo { hasNextPage } } }',
      { s: endedPair.streamId },
      auditor,
    );
    const history = (stream.data?.streamHistory.edges.map((e) => e.node.eventId) ?? []).slice(0, 50);
    expect(history.length).toBeGreaterThan(1);
    const streamRows = page.getByTestId('stream-events').getByTestId('audit-event');
    await expect.poll(() => streamRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id')))).toEqual(history);
    await checkPage(page, 'audit-stream');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('verifies the hash chain and exports the history with progress into a file with one line per event', async () => {
    const chain = await portal.gql<{ verifyChain: { status: string; verifiedEvents: number; headHash: string } }>(
      'query { verifyChain(tenant: "lrrt") { status verifiedEvents headHash } }',
      {},
      auditor,
    );
    const verified = chain.data?.verifyChain;
    expect(verified?.status).toBe('OK');
    const count = (await allEvents(null)).length;
    expect(verified?.verifiedEvents).toBe(count);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.goto('/t/lrrt/audit/integrity');
    await expect.poll(() => page.getByTestId('chain-events').textContent()).toBe(String(count));
    expect(await page.getByTestId('chain-head').textContent()).toBe(verified?.headHash);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as JSON Lines' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^lrrt-history-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = readFileSync(await file.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines.length).toBe(count);
    expect(lines.map((line) => (JSON.parse(line) as { tenantSequence: number }).tenantSequence)).toEqual(lines.map((_, i) => i + 1));
    // The progress bar counted every event against the total the API announced.
    const progress = page.getByTestId('export-progress').locator('progress');
    expect(await progress.getAttribute('data-events')).toBe(String(count));
    expect(await progress.getAttribute('data-total')).toBe(String(count));
    expect(await progress.getAttribute('value')).toBe(String(count));
    expect(await page.getByTestId('export-status').textContent()).toContain(`${count} events`);
    await checkPage(page, 'audit-integrity');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the history from committee members who are not auditors', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@lrrt.demo');
    await page.goto('/t/lrrt/audit/integrity');
    await page.getByRole('heading', { name: 'Auditors and admins only' }).waitFor();
    expect(await page.getByRole('button', { name: 'Export as JSON Lines' }).count()).toBe(0);
    const refused = await portal.gql('query { verifyChain(tenant: "lrrt") { status } }', {}, await demoToken(portal, 'coordinator@lrrt.demo'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors).toEqual([]);
    await context.close();
  });
});
