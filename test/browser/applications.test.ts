import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage } from './support/browser';
import { demoToken, signInAs, submitVrtApplication, vrtApplications } from './support/demo';
import { type Portal, startPortal } from './support/portal';

describe('applications', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('lists, filters and searches applications; screens one by the rules, waitlists and promotes it, and turns another down with a reason', async () => {
    const rowan = await submitVrtApplication(portal, { name: 'Rowan Screening', email: 'rowan.screening@example.org' });
    const sky = await submitVrtApplication(portal, { name: 'Sky Turndown', email: 'sky.turndown@example.org' });
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const all = await vrtApplications(portal, token);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL('**/t/vrt/applications');
    const table = page.getByRole('table', { name: /Applications to/ });
    await expect.poll(() => table.getByRole('status').first().textContent()).toBe(`${all.length} applications`);
    expect(await table.getByRole('link').count()).toBe(all.length);
    await checkPage(page, 'applications');

    // Filters: the two new ones await screening.
    await page.getByLabel('Status').selectOption({ label: 'Awaiting screening' });
    await page.waitForURL('**/t/vrt/applications?status=submitted');
    await expect.poll(() => table.getByRole('link').allInnerTexts()).toEqual(['Rowan Screening', 'Sky Turndown']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // Search as one types.
    await page.getByLabel('Search').fill('Harper');
    await expect.poll(() => table.getByRole('link').allInnerTexts()).toEqual(['Harper Xiong']);
    await page.getByLabel('Role').selectOption({ label: 'Mentees' });
    await table.getByText('No application matches').waitFor();
    await checkPage(page, 'applications-empty-filter');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => table.getByRole('link').count()).toBe(all.length);

    // The detail page: every answer, in words.
    await table.getByRole('link', { name: 'Rowan Screening' }).click();
    await page.waitForURL(`**/t/vrt/applications/${rowan.applicationId}`);
    await page.getByRole('heading', { level: 1, name: 'Rowan Screening' }).waitFor();
    const answers = page.getByRole('region', { name: 'Answers' });
    await expect
      .poll(() => answers.textContent())
      .toContain('Trends and options within media librarianship; VRT, the conference and how to make the most of it');
    expect(await answers.textContent()).toContain('Do you plan to attend ALA Annual?Yes');
    await checkPage(page, 'application-detail');

    const decisions = page.getByRole('complementary', { name: 'Screening and status' });
    await decisions.getByRole('button', { name: 'Screen by the rules' }).click();
    await decisions.getByText('Screened by the program’s rules.').waitFor();
    // The template's rules decide: eligible, or waitlisted while every mentor place is held for mentees ahead.
    await expect.poll(async () => (await vrtApplications(portal, token, 'Rowan Screening'))[0]?.status).not.toBe('submitted');
    const screened = (await vrtApplications(portal, token, 'Rowan Screening'))[0];
    expect(['eligible', 'waitlisted']).toContain(screened?.status);
    await decisions.getByText(screened?.status === 'eligible' ? 'Eligible' : 'Waitlisted', { exact: true }).waitFor();

    if (screened?.status === 'eligible') {
      await decisions.getByRole('button', { name: 'Put on the waitlist…' }).click();
      await decisions.getByLabel('Why does the applicant wait?').fill('Waiting for a second mentor in media trends');
      await decisions.getByRole('button', { name: 'Put on the waitlist' }).click();
      await decisions.getByText('Put on the waitlist.').waitFor();
      await expect.poll(async () => (await vrtApplications(portal, token, 'Rowan Screening'))[0]?.status).toBe('waitlisted');
      await decisions.getByText('Waiting for a second mentor in media trends').waitFor();
    } else {
      await expect.poll(() => page.getByTestId('status-reason').textContent()).toContain(screened?.statusReason ?? '?');
    }

    await decisions.getByRole('button', { name: 'Promote into the pool…' }).click();
    // A reason is required: the form says so instead of sending.
    await decisions.getByRole('button', { name: 'Promote into the pool' }).click();
    await decisions.getByText('Give a reason: it is recorded with the decision.').waitFor();
    await checkPage(page, 'application-promote');
    await decisions.getByLabel('Why promote now?').fill('A mentor offered a second place');
    await decisions.getByRole('button', { name: 'Promote into the pool' }).click();
    // Promoted, or refused by the API while no mentor place is free: then its message shows as it is.
    const outcome = decisions.getByText('Promoted into the pool.').or(decisions.getByRole('alert'));
    await outcome.waitFor();
    if (await decisions.getByRole('alert').count()) {
      const refused = await portal.gql(
        'mutation ($id: String!, $p: String!) { promoteApplication(tenant: "vrt", programId: $p, applicationId: $id, reason: "again") { id } }',
        { id: rowan.applicationId, p: 'vrt-mentorship-demo' },
        token,
      );
      const message = refused.errors?.[0]?.message ?? '?';
      expect(await decisions.getByRole('alert').textContent()).toBe(message.charAt(0).toUpperCase() + message.slice(1));
      expect((await vrtApplications(portal, token, 'Rowan Screening'))[0]?.status).toBe('waitlisted');
      await checkPage(page, 'application-promote-refused');
    } else {
      await expect.poll(async () => (await vrtApplications(portal, token, 'Rowan Screening'))[0]?.status).toBe('eligible');
    }

    // Turned down, with the reason the committee gives.
    await page.goto(`/t/vrt/applications/${sky.applicationId}`);
    await page.getByRole('heading', { level: 1, name: 'Sky Turndown' }).waitFor();
    await decisions.getByRole('button', { name: 'Mark ineligible…' }).click();
    await decisions.getByLabel('Why is the application ineligible?').fill('Applied twice; the earlier application stands');
    await decisions.getByRole('button', { name: 'Mark ineligible' }).click();
    await decisions.getByText('Marked ineligible.').waitFor();
    await expect.poll(() => page.getByTestId('screening-reason').textContent()).toContain('Applied twice; the earlier application stands');
    const [turnedDown] = await vrtApplications(portal, token, 'Sky Turndown');
    expect(turnedDown).toMatchObject({ status: 'ineligible', screeningReason: 'Applied twice; the earlier application stands' });
    await checkPage(page, 'application-ineligible');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists the people in confirmed pairs as matched, each leading to their pair', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@lrrt.demo');
    await page.goto('/t/lrrt/applications?status=matched');
    const table = page.getByRole('table', { name: /Applications to/ });
    await expect.poll(() => table.getByRole('status').first().textContent()).toMatch(/^[1-9]\d* applications match these filters$/);
    expect(await table.getByText('Matched', { exact: true }).count()).toBeGreaterThan(0);
    const name = (await table.getByRole('link').first().textContent()) as string;
    await table.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Screening and status' }).waitFor();
    await page.getByTestId('pair-link').first().getByRole('link').click();
    await page.waitForURL('**/t/lrrt/pairs/**');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(name.split(' ')[0]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an auditor the applications read-only', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.goto('/t/lrrt/applications?role=mentor');
    const table = page.getByRole('table', { name: /Applications to/ });
    await expect.poll(() => table.getByRole('status').first().textContent()).toMatch(/^\d+ applications match these filters$/);
    await table.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Screening and status' }).waitFor();
    expect(await page.getByText('Your role here is read-only').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Withdraw|Screen/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
