import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage } from './support/browser';
import { demoToken, vrtApplications } from './support/demo';
import { DEMO_PROGRAMS, type Portal, startPortal } from './support/portal';

describe('the public application form', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('builds the form from the program’s questions, explains what is missing, and confirms with a reference the committee sees', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await page.goto(`/apply/vrt/${DEMO_PROGRAMS.vrt}`);
    await page.getByRole('heading', { level: 1, name: 'VRT Mentorship (ALA Annual)' }).waitFor();
    // No sign-in: the page stays on the form.
    expect(page.url()).toMatch(/\/apply\/vrt\//);
    await checkPage(page, 'apply-form');

    // Sending it empty: a summary and a message beside each field.
    await page.getByRole('button', { name: 'Send application' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: 'Check these answers' }).waitFor();
    expect(await summary.getByRole('listitem').allInnerTexts()).toEqual(
      expect.arrayContaining([
        'Choose whether you apply as a mentor or a mentee.',
        'Enter your full name.',
        'Choose your career stage.',
        'Topics for the mentorship: choose an answer.',
      ]),
    );
    expect(await page.getByLabel('Full name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await checkPage(page, 'apply-form-errors');

    // Mentor-only questions appear for mentors only.
    await page.getByRole('radio', { name: /Mentor/ }).check();
    await page.getByLabel('Years working with video or media collections').waitFor();
    await page.getByLabel('How many mentees can you take on?').waitFor();
    await page.getByRole('radio', { name: /Mentee/ }).check();
    expect(await page.getByLabel('Years working with video or media collections').count()).toBe(0);

    await page.getByLabel('Full name').fill('Robin Applicant');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect.poll(() => page.getByText('Enter an email address like name@library.org.').count()).toBeGreaterThan(0);
    await page.getByLabel('Email').fill('robin.applicant@riverbend.example.org');
    await page.getByLabel(/Library, school or employer/).fill('Riverbend Public Library');
    await page.getByLabel('Career stage').selectOption({ label: 'New librarian' });
    await page.getByLabel('I am a member of the ALA Video Round Table (VRT)').check();
    const topics = page.getByRole('group', { name: 'Topics for the mentorship' });
    await topics.getByLabel('Trends and options within media librarianship').check();
    await topics.getByLabel('VRT, the conference and how to make the most of it').check();
    await page.getByRole('group', { name: 'How you would like to meet' }).getByLabel('Online, as agreed between mentor and mentee').check();
    await page.getByRole('group', { name: 'Do you plan to attend ALA Annual?' }).getByLabel('Yes').check();
    await page.getByLabel(/What would you like to get from/).fill('Advice on building a streaming video collection.');
    await page.getByRole('button', { name: 'Send application' }).click();

    await page.getByRole('heading', { level: 1, name: 'Application received' }).waitFor();
    const reference = (await page.getByTestId('reference').textContent())?.trim();
    expect(reference).toBeTruthy();
    await checkPage(page, 'apply-confirmation');

    // The committee sees exactly what was sent.
    const [application] = await vrtApplications(portal, await demoToken(portal, 'coordinator@vrt.demo'), 'Robin Applicant');
    expect(application).toMatchObject({ name: 'Robin Applicant', role: 'mentee', status: 'submitted' });
    expect(application?.answers).toMatchObject({
      interests: ['media-trends', 'conference-navigation'],
      'meeting-modes': ['virtual'],
      'attending-conference': true,
    });
    expect(application?.interests).toContain('Advice on building a streaming video collection.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when the program does not exist', async () => {
    const { context, page } = await openPage(browser, portal.url);
    await page.goto('/apply/vrt/no-such-program');
    await page.getByRole('heading', { level: 1, name: 'Application form not found' }).waitFor();
    const refused = await portal.gql('query { applicationForm(tenant: "vrt", programId: "no-such-program") { open } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await context.close();
  });
});
