import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage, watchLive } from './support/browser';
import { demoToken, screenVrtApplication, signInAs, submitVrtApplication } from './support/demo';
import { DEMO_PROGRAMS, type GraphQLResult, type Portal, startPortal } from './support/portal';

interface Entry {
  entryId: string;
  mentorApplicationId: string;
  menteeApplicationId: string;
  status: string;
  reason: string | null;
}
interface Board {
  matchBoard: {
    proposals: Entry[];
    confirmed: Entry[];
    declined: Entry[];
    forbidden: Entry[];
    runs: { runId: string; status: string; proposals: unknown[]; unmatched: { menteeApplicationId: string }[] }[];
  };
}
const ENTRY = 'entryId mentorApplicationId menteeApplicationId status reason';
const BOARD = `query ($programId: String!) { matchBoard(tenant: "vrt", programId: $programId) {
  proposals { ${ENTRY} } confirmed { ${ENTRY} } declined { ${ENTRY} } forbidden { ${ENTRY} }
  runs { runId status proposals unmatched }
} }`;

describe('the matching board', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('runs the engine, adopts its proposals, adjusts them, records acceptances and confirms a pair that a second browser sees without reloading', async () => {
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const board = async () => {
      const result = await portal.gql<Board>(BOARD, { programId: DEMO_PROGRAMS.vrt }, token);
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.matchBoard;
    };

    const first = await openPage(browser, portal.url);
    const second = await openPage(browser, portal.url);
    const a = first.page;
    const b = second.page;
    await Promise.all([signInAs(a, 'coordinator@vrt.demo'), signInAs(b, 'committee@vrt.demo')]);
    const live = watchLive(b);
    await Promise.all([a.goto('/t/vrt/matching'), b.goto('/t/vrt/matching')]);
    await a.getByRole('heading', { level: 2, name: /Match run/ }).waitFor();
    await b.getByRole('heading', { level: 2, name: /Proposals/ }).waitFor();
    await a.getByText('No pair is proposed.', { exact: false }).waitFor();
    await checkPage(a, 'matching-empty');

    // Run the engine: progress while it works, then the run's proposals and the unmatched.
    await a.getByRole('button', { name: 'Run matching' }).click();
    await a.getByText('The run finished: review its proposals below.').waitFor();
    const run = (await board()).runs[0];
    expect(run?.status).toBe('completed');
    const results = a.getByTestId('run-results');
    await expect.poll(() => results.getByRole('listitem').count()).toBe(run?.proposals.length);
    const unmatched = a.getByTestId('unmatched');
    await expect.poll(() => unmatched.getByRole('heading').textContent()).toContain(String(run?.unmatched.length));
    // The score breakdown opens from the summary.
    await results.locator('details summary').first().click();
    await results
      .getByText(/weight \d+/)
      .first()
      .waitFor();
    await checkPage(a, 'matching-run');

    await results.getByRole('button', { name: /Adopt all/ }).click();
    const proposals = a.getByTestId('proposals');
    await expect.poll(() => proposals.getByTestId('pair').count()).toBe(run?.proposals.length);
    const adopted = await board();
    expect(adopted.proposals).toHaveLength(run?.proposals.length ?? -1);
    // The second browser got the proposals without a reload.
    await expect.poll(() => b.getByTestId('proposals').getByTestId('pair').count(), { timeout: 6_000 }).toBe(adopted.proposals.length);

    // Swap the mentors of two proposals.
    const [p1, p2, p3] = adopted.proposals;
    if (!p1 || !p2 || !p3) throw new Error('the demo run should propose at least three pairs');
    const card1 = proposals.locator(`[data-pair-id="${p1.entryId}"]`);
    await card1.getByRole('button', { name: 'Swap…' }).click();
    await card1.getByLabel('Swap mentors with the proposal of').selectOption({ value: p2.entryId });
    await card1.getByRole('button', { name: 'Swap mentors' }).click();
    await expect
      .poll(async () => {
        const now = await board();
        return now.proposals.find((p) => p.menteeApplicationId === p1.menteeApplicationId)?.mentorApplicationId;
      })
      .toBe(p2.mentorApplicationId);

    // Forbid a proposed pair (a conflict of interest): the committee declines it, and later runs keep them apart.
    const card3 = proposals.locator(`[data-pair-id="${p3.entryId}"]`);
    await card3.getByRole('button', { name: 'Forbid…' }).click();
    await card3.getByLabel('Why must these two never be paired?').fill('They work in the same department');
    await checkPage(a, 'matching-forbid');
    await card3.getByRole('button', { name: 'Forbid this pair' }).click();
    await expect.poll(async () => (await board()).forbidden.map((f) => f.reason)).toEqual(['They work in the same department']);
    await expect.poll(() => a.getByTestId('forbidden').textContent()).toContain('They work in the same department');
    expect((await board()).declined.map((d) => d.entryId)).toEqual([p3.entryId]);

    // Acceptances, then confirmation; the second browser sees the pair appear.
    const target = (await board()).proposals.find((p) => p.menteeApplicationId === p1.menteeApplicationId);
    if (!target) throw new Error('the swapped proposal is gone');
    const card = proposals.locator(`[data-pair-id="${target.entryId}"]`);
    expect(await card.getByRole('button', { name: 'Confirm pair' }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Mentor accepted' }).click();
    await card.getByText('Mentor accepted', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Mentee accepted' }).click();
    await card.getByText('Mentee accepted', { exact: true }).waitFor();
    const navigations: string[] = [];
    b.on('framenavigated', (frame) => navigations.push(frame.url()));
    const clickedAt = Date.now();
    await card.getByRole('button', { name: 'Confirm pair' }).click();
    const confirmedAt = Date.now();
    await a.getByTestId('confirmed').locator(`[data-pair-id="${target.entryId}"]`).waitFor();
    await b.getByTestId('confirmed').locator(`[data-pair-id="${target.entryId}"]`).waitFor({ timeout: 5_000 });
    expect(Date.now() - confirmedAt).toBeLessThan(5_000);
    expect(navigations).toEqual([]);
    // It came over the subscription socket: a matchBoardChanged event after the click, and the
    // second browser asked for the board only when told to (no polling while the socket is up).
    expect(live.sockets.length).toBeGreaterThan(0);
    expect(live.eventsOf('matchBoardChanged', clickedAt)).toBeGreaterThan(0);
    expect(live.queriesOf('MatchBoard')).toBeLessThanOrEqual(1 + live.eventsOf('matchBoardChanged'));
    const confirmed = await board();
    expect(confirmed.confirmed.map((c) => c.entryId)).toEqual([target.entryId]);
    expect(confirmed.proposals.map((p) => p.entryId)).not.toContain(target.entryId);
    await checkPage(a, 'matching-board');
    await checkPage(b, 'matching-board-second-browser');

    // Decline one, with who declined and why.
    const toDecline = confirmed.proposals[0];
    if (!toDecline) throw new Error('no proposal left to decline');
    const declineCard = proposals.locator(`[data-pair-id="${toDecline.entryId}"]`);
    await declineCard.getByRole('button', { name: 'Decline…' }).click();
    await declineCard.getByLabel('Declined by').selectOption('mentee');
    await declineCard.getByLabel('Why was it declined?').fill('The mentee cannot attend ALA Annual this year');
    await declineCard.getByRole('button', { name: 'Record the decline' }).click();
    await expect.poll(async () => (await board()).declined.map((d) => d.entryId)).toContain(toDecline.entryId);
    await expect.poll(() => b.getByTestId('declined').textContent(), { timeout: 6_000 }).toContain('The mentee cannot attend ALA Annual this year');

    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.context.close();
    await second.context.close();
  });

  it('shows an auditor the LRRT board with its confirmed pairs, read-only', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.goto('/t/lrrt/matching');
    await page.getByTestId('confirmed').getByTestId('confirmed-pair').first().waitFor();
    // An auditor reads the board but has no actions.
    expect(await page.getByRole('button', { name: /Run matching|Confirm pair|Forbid/ }).count()).toBe(0);
    await checkPage(page, 'matching-lrrt-auditor');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Runs `task` on every item, at most `width` at a time, starting them in the items' order. */
const eachAtMost = async <T>(width: number, items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await task(items[i] as T);
  };
  await Promise.all(Array.from({ length: width }, worker));
};

const dataOf = <Data>(result: GraphQLResult<Data>): Data => {
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
};

describe('the matching board of a program with more than 200 applicants', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    // Hundreds of applications from one address: far past the public form's hourly limit.
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true, env: { SUBMIT_RATE_LIMIT: '1000' } }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('names the applicants past the 200th on the board and among the proposals awaiting confirmation', async () => {
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const programId = DEMO_PROGRAMS.vrt;
    const board = async () => dataOf(await portal.gql<Board>(BOARD, { programId }, token)).matchBoard;
    const command = async (mutation: string, variables: Record<string, unknown>) =>
      Object.values(dataOf(await portal.gql<Record<string, { id: string | null }>>(mutation, { tenant: 'vrt', programId, ...variables }, token)))[0];

    // A busy window: 180 applications awaiting screening after the demo's 30, then the mentors and
    // mentees this run will pair, well past the 200th application.
    const waiting = Array.from({ length: 180 }, (_, i) => String(i + 1).padStart(3, '0'));
    await eachAtMost(6, waiting, (n) => submitVrtApplication(portal, { name: `Waiting Applicant ${n}`, email: `waiting-${n}@example.org` }));
    const lateMentors = ['Odalys Brennan', 'Tomasz Achebe', 'Ingrid Mwangi', 'Rafael Quist'];
    const lateMentees = ['Priya Halvorsen', 'Kofi Lindgren', 'Maren Oyelaran'];
    const latecomers = new Map<string, string>();
    for (const name of lateMentors) {
      const { applicationId } = await submitVrtApplication(portal, {
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
        role: 'mentor',
        careerStage: 'senior',
        mentorCapacity: 3,
      });
      latecomers.set(applicationId, name);
    }
    for (const name of lateMentees) {
      const { applicationId } = await submitVrtApplication(portal, { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org` });
      latecomers.set(applicationId, name);
    }
    // Mentors first, so the mentees find places rather than the waitlist.
    for (const applicationId of latecomers.keys()) await screenVrtApplication(portal, token, applicationId);

    const firstPage = dataOf(
      await portal.gql<{ applications: { totalCount: number; edges: { node: { applicationId: string } }[] } }>(
        'query ($programId: String!) { applications(tenant: "vrt", programId: $programId, first: 200) { totalCount edges { node { applicationId } } } }',
        { programId },
        token,
      ),
    ).applications;
    expect(firstPage.totalCount).toBe(30 + waiting.length + latecomers.size);
    const firstIds = new Set(firstPage.edges.map((edge) => edge.node.applicationId));
    expect([...latecomers.keys()].filter((id) => firstIds.has(id))).toEqual([]);

    const run = await command(
      'mutation ($tenant: String!, $programId: String!) { runMatching(tenant: $tenant, programId: $programId, objective: "coverage") { id } }',
      {},
    );
    await command(
      'mutation ($tenant: String!, $programId: String!, $runId: String!) { adoptMatchRun(tenant: $tenant, programId: $programId, runId: $runId) { id } }',
      { runId: run?.id },
    );
    // A latecomer mentee's pair is confirmed; the rest wait for acceptances.
    const involvesLatecomer = (entry: Entry) => latecomers.has(entry.mentorApplicationId) || latecomers.has(entry.menteeApplicationId);
    const adopted = await board();
    const toConfirm = adopted.proposals.find((p) => latecomers.has(p.menteeApplicationId));
    if (!toConfirm) throw new Error('the run should find the latecomer mentees a place');
    for (const party of ['mentor', 'mentee']) {
      await command(
        'mutation ($tenant: String!, $programId: String!, $pairId: String!, $party: String!) { acceptPair(tenant: $tenant, programId: $programId, pairId: $pairId, party: $party) { id } }',
        { pairId: toConfirm.entryId, party },
      );
    }
    await command(
      'mutation ($tenant: String!, $programId: String!, $pairId: String!) { confirmPair(tenant: $tenant, programId: $programId, pairId: $pairId) { id } }',
      {
        pairId: toConfirm.entryId,
      },
    );
    const now = await board();
    expect(now.confirmed.map((c) => c.entryId)).toEqual([toConfirm.entryId]);
    const awaiting = now.proposals.filter(involvesLatecomer);
    expect(awaiting.length).toBeGreaterThan(0);
    const latecomerNames = (entry: Entry) => [entry.menteeApplicationId, entry.mentorApplicationId].flatMap((id) => latecomers.get(id) ?? []);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.goto('/t/vrt/matching');
    const proposals = page.getByTestId('proposals');
    await expect.poll(() => proposals.getByTestId('pair').count()).toBe(now.proposals.length);
    for (const entry of awaiting) {
      const card = proposals.locator(`[data-pair-id="${entry.entryId}"]`);
      for (const name of latecomerNames(entry)) await expect.poll(() => card.getAttribute('aria-label')).toContain(name);
    }
    const confirmed = page.getByTestId('confirmed').locator(`[data-pair-id="${toConfirm.entryId}"]`);
    for (const name of latecomerNames(toConfirm)) await expect.poll(() => confirmed.textContent()).toContain(name);
    // Every id on the board has its name: none falls back, wherever it appears (pairs, mentor places, the pair-by-hand lists).
    expect(await page.locator('body').textContent()).not.toContain('Unknown applicant');

    // Two more apply while the board is open and are proposed by hand: their names come with the
    // live update, from the last page of applications.
    const mentor = await submitVrtApplication(portal, { name: 'Zofia Adeyemi', email: 'zofia@example.org', role: 'mentor', careerStage: 'senior' });
    const mentee = await submitVrtApplication(portal, { name: 'Henrik Castellano', email: 'henrik@example.org' });
    for (const { applicationId } of [mentor, mentee]) await screenVrtApplication(portal, token, applicationId);
    const proposed = await command(
      'mutation ($tenant: String!, $programId: String!, $mentor: String!, $mentee: String!) { proposePair(tenant: $tenant, programId: $programId, mentorApplicationId: $mentor, menteeApplicationId: $mentee) { id } }',
      { mentor: mentor.applicationId, mentee: mentee.applicationId },
    );
    await expect
      .poll(() => proposals.locator(`[data-pair-id="${proposed?.id}"]`).getAttribute('aria-label'))
      .toBe('Proposal: Henrik Castellano with Zofia Adeyemi');
    expect(await page.locator('body').textContent()).not.toContain('Unknown applicant');
    await checkPage(page, 'matching-past-200');

    await page.goto('/t/vrt/pairs');
    const pending = page.getByRole('region', { name: /Awaiting confirmation/ });
    await expect.poll(() => pending.getByRole('listitem').count()).toBe(now.proposals.length + 1);
    const text = () => pending.textContent();
    for (const name of [...awaiting.flatMap(latecomerNames), 'Henrik Castellano with mentor Zofia Adeyemi']) await expect.poll(text).toContain(name);
    expect(await text()).not.toMatch(/Unknown mentee|with mentor unknown/);
    await checkPage(page, 'pairs-awaiting-past-200');
    expect(errors).toEqual([]);
    await context.close();
  });
});
