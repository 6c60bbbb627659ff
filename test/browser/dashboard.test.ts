import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, nextFrameFields, openPage, watchLive } from './support/browser';
import { demoToken, signInAs, submitVrtApplication } from './support/demo';
import { DEMO_PROGRAMS, type Portal, startPortal } from './support/portal';

const DASHBOARD = `query ($tenant: String!, $programId: String!) {
  dashboard(tenant: $tenant, programId: $programId) { applications pairsConfirmed menteePool matchRate applicationsPerWeek { week applications } checkInCompliance { quarter held scheduled } }
}`;

interface DashboardData {
  dashboard: {
    applications: number;
    pairsConfirmed: number;
    menteePool: number;
    matchRate: number;
    applicationsPerWeek: { week: string; applications: number }[];
    checkInCompliance: { quarter: string; held: number; scheduled: number }[];
  };
}

describe('the program dashboard', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('shows the program’s figures as the API counts them, and the counter moves live when an application arrives', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    const live = watchLive(page);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.waitForURL('**/t/vrt/dashboard');
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const before = await portal.gql<DashboardData>(DASHBOARD, { tenant: 'vrt', programId: DEMO_PROGRAMS.vrt }, token);
    const count = before.data?.dashboard.applications ?? -1;
    await expect.poll(() => page.getByTestId('stat-applications').textContent()).toBe(String(count));
    expect(await page.getByTestId('current-program').textContent()).toBe('VRT Mentorship (ALA Annual)');

    // Charts carry their figures as text too.
    const weekly = page.getByRole('figure', { name: /Applications per week/ });
    const weeks = before.data?.dashboard.applicationsPerWeek ?? [];
    for (const week of weeks) {
      expect(await weekly.getByRole('row', { name: new RegExp(`${week.week} ${week.applications}`) }).count()).toBe(1);
    }
    expect(await page.getByRole('figure', { name: /Match rate/ }).textContent()).toContain(`0 of ${before.data?.dashboard.menteePool} mentees`);
    expect(await page.getByRole('figure', { name: /Check-in compliance/ }).textContent()).toContain('No check-ins are scheduled yet');
    expect(await page.getByTestId('public-form-link').getAttribute('href')).toBe(`/apply/vrt/${DEMO_PROGRAMS.vrt}`);
    await checkPage(page, 'dashboard-program');

    // An applicant applies elsewhere: the counters move without a reload.
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    const submittedAt = Date.now();
    await submitVrtApplication(portal, { name: 'Dale Newcomer', email: 'dale.newcomer@example.org' });
    const started = Date.now();
    await expect.poll(() => page.getByTestId('stat-applications').textContent(), { timeout: 6_000 }).toBe(String(count + 1));
    expect(Date.now() - started).toBeLessThan(6_000);
    // Pushed, not polled: a dashboardChanged event, and no Dashboard query without one.
    expect(live.sockets.length).toBeGreaterThan(0);
    expect(live.eventsOf('dashboardChanged', submittedAt)).toBeGreaterThan(0);
    expect(live.queriesOf('Dashboard')).toBeLessThanOrEqual(1 + live.eventsOf('dashboardChanged'));
    await expect.poll(() => page.getByTestId('stat-submitted').textContent()).toBe('1');
    expect(navigations).toEqual([]);
    const after = await portal.gql<DashboardData>(DASHBOARD, { tenant: 'vrt', programId: DEMO_PROGRAMS.vrt }, token);
    expect(after.data?.dashboard.applications).toBe(count + 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows match rate and quarterly check-in compliance of a program with pairs (LRRT)', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    const figures = await portal.gql<DashboardData>(DASHBOARD, { tenant: 'lrrt', programId: DEMO_PROGRAMS.lrrt }, await demoToken(portal, 'auditor@lrrt.demo'));
    const d = figures.data?.dashboard;
    expect(d?.pairsConfirmed).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('stat-confirmed').textContent()).toBe(String(d?.pairsConfirmed));
    // The people in those pairs count as matched, not as eligible.
    const matched = await portal.gql<{ applications: { totalCount: number } }>(
      'query ($tenant: String!, $programId: String!) { applications(tenant: $tenant, programId: $programId, status: ["matched"], first: 1) { totalCount } }',
      { tenant: 'lrrt', programId: DEMO_PROGRAMS.lrrt },
      await demoToken(portal, 'auditor@lrrt.demo'),
    );
    const matchedCount = matched.data?.applications.totalCount ?? 0;
    expect(matchedCount).toBeGreaterThanOrEqual((d?.pairsConfirmed ?? 0) + 1);
    expect(await page.getByRole('figure', { name: /Applications by status/ }).textContent()).toContain(`Matched: ${matchedCount}`);
    const rate = `${Math.round((d?.matchRate ?? 0) * 100)} %`;
    expect(await page.getByRole('figure', { name: /Match rate/ }).textContent()).toContain(rate);
    for (const quarter of d?.checkInCompliance ?? []) {
      expect(await page.getByRole('figure', { name: /Check-in compliance/ }).textContent()).toContain(
        `${quarter.quarter}: ${quarter.held} of ${quarter.scheduled} held`,
      );
    }
    await checkPage(page, 'dashboard-lrrt');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the counter current by polling while the subscription socket is refused, and goes live again when it is back', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    // The socket to /graphql: refused (closed with 1012, "service restart") until `refuse` is
    // cleared, then relayed to the API, noting the dashboardChanged subscriptions and events.
    let refuse = true;
    let refused = 0;
    let relayed = 0;
    let subscribed = 0;
    const events: number[] = [];
    await page.routeWebSocket(/\/graphql$/, (socket) => {
      if (refuse) {
        refused += 1;
        socket.onMessage(() => socket.close({ code: 1012, reason: 'Service Restart' }));
        return;
      }
      relayed += 1;
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        if (String(message).includes('"subscribe"') && String(message).includes('dashboardChanged')) subscribed += 1;
        server.send(message);
      });
      server.onMessage((message) => {
        if (nextFrameFields(message).includes('dashboardChanged')) events.push(Date.now());
        socket.send(message);
      });
    });
    await signInAs(page, 'coordinator@vrt.demo');
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const count = async () =>
      (await portal.gql<DashboardData>(DASHBOARD, { tenant: 'vrt', programId: DEMO_PROGRAMS.vrt }, token)).data?.dashboard.applications ?? -1;
    const before = await count();
    await expect.poll(() => page.getByTestId('stat-applications').textContent()).toBe(String(before));
    await expect.poll(() => refused).toBeGreaterThan(0);

    // Down: the page falls back to polling (every 5 s) and still moves.
    await submitVrtApplication(portal, { name: 'Polly Fallback', email: 'polly.fallback@example.org' });
    await expect.poll(() => page.getByTestId('stat-applications').textContent(), { timeout: 12_000 }).toBe(String(before + 1));
    expect(relayed).toBe(0);
    expect(events).toEqual([]);

    // Back: graphql-ws reconnects on its backoff, resubscribes, and events move the counter again.
    refuse = false;
    await expect.poll(() => subscribed, { timeout: 45_000 }).toBeGreaterThan(0);
    expect(relayed).toBeGreaterThan(0);
    // The subscribe message can reach the server just after a commit it would have carried: submit
    // again until an event comes through the socket, then the counter must show every submission.
    let resubmitted = 0;
    await expect
      .poll(
        async () => {
          if (events.length === 0) {
            resubmitted += 1;
            await submitVrtApplication(portal, { name: `Rhea Reconnected ${resubmitted}`, email: `rhea.reconnected.${resubmitted}@example.org` });
          }
          return events.length;
        },
        { timeout: 20_000, interval: 1_500 },
      )
      .toBeGreaterThan(0);
    const now = await count();
    expect(now).toBe(before + 1 + resubmitted);
    await expect.poll(() => page.getByTestId('stat-applications').textContent(), { timeout: 5_000 }).toBe(String(now));
    // A refused socket is not a page error: the client logs it quietly.
    expect(errors).toEqual([]);
    await context.close();
  });
});
