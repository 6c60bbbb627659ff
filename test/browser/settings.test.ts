import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage } from './support/browser';
import { demoToken, signInAs } from './support/demo';
import { DEMO_PROGRAMS, type Nodes, nodesOf, type Portal, startPortal } from './support/portal';

const QUESTION = 'Which time zone do you work in?';
const QUESTION_ID = 'which-time-zone-do-you-work-in';
const TITLE = 'LRRT Virtual Mentorship 2027–28';

interface Template {
  templateId: string;
  latestVersion: number;
  definition: { questions: { id: string; label: string; type: string; appliesTo: string; required: boolean; options?: { label: string }[] }[] };
}
interface FormQuestion {
  id: string;
  label: string;
  type: string;
  options: { value: string; label: string }[] | null;
}
interface Program {
  programId: string;
  title: string;
  status: string;
  templateVersion: number;
}

describe('the settings section', () => {
  let portal: Portal;
  let browser: Browser;
  let chair: string;

  const templates = async () => {
    const result = await portal.gql<{ templates: Nodes<Template> }>(
      'query { templates(tenant: "lrrt") { edges { node { templateId latestVersion definition } } } }',
      {},
      await demoToken(portal, 'coordinator@lrrt.demo'),
    );
    return nodesOf(result.data?.templates);
  };
  const programs = async () => {
    const result = await portal.gql<{ programs: Nodes<Program> }>(
      'query { programs(tenant: "lrrt") { edges { node { programId title status templateVersion } } } }',
      {},
      chair,
    );
    return nodesOf(result.data?.programs);
  };
  const formQuestions = async (programId: string) => {
    const result = await portal.gql<{ applicationForm: { open: boolean; questions: FormQuestion[] } }>(
      'query ($p: String!) { applicationForm(tenant: "lrrt", programId: $p) { open questions { id label type options } } }',
      { p: programId },
    );
    return result.data?.applicationForm;
  };

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
    chair = await demoToken(portal, 'chair@lrrt.demo');
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('adds a custom question to the template, sees it in the live preview, and a program drafted from the new version asks it on the public form', async () => {
    const [template] = await templates();
    expect(template?.latestVersion).toBe(1);
    expect(template?.definition.questions.some((q) => q.id === QUESTION_ID)).toBe(false);

    // A coordinator edits the template.
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@lrrt.demo');
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByRole('link', { name: 'Program template' }).click();
    await page.waitForURL('**/t/lrrt/settings/template');
    const preview = page.getByTestId('form-preview');
    await preview.getByText('Research topics').first().waitFor();
    expect(await preview.getByText(QUESTION).count()).toBe(0);

    await page.getByRole('button', { name: 'Add a question' }).click();
    const adding = page.getByRole('form', { name: 'New question' });
    await adding.getByLabel('Question', { exact: true }).fill(QUESTION);
    await adding.getByLabel('Answer', { exact: true }).selectOption('singleChoice');
    await adding.getByLabel('Choices, one per line').fill('Americas\nEurope and Africa\nAsia and Pacific');
    await adding.getByLabel('An answer is required').check();
    expect(await adding.getByText(QUESTION_ID).count()).toBe(1);
    await adding.getByRole('button', { name: 'Add to the form' }).click();
    // The preview shows it at once, as applicants will see it.
    const asked = preview.getByRole('group', { name: QUESTION });
    await asked.waitFor();
    expect(await asked.getByRole('radio').count()).toBe(3);
    expect(await asked.getByRole('radio', { name: 'Europe and Africa' }).count()).toBe(1);
    await checkPage(page, 'settings-template');

    await page.getByLabel('What changed, and why').fill('Ask for the time zone, to plan the quarterly calls');
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await expect.poll(() => page.getByTestId('template-notice').textContent()).toContain('Version 2 is published');
    const [changed] = await templates();
    expect(changed?.latestVersion).toBe(2);
    expect(changed?.definition.questions.find((q) => q.id === QUESTION_ID)).toMatchObject({
      label: QUESTION,
      type: 'singleChoice',
      appliesTo: 'both',
      required: true,
      options: [{ label: 'Americas' }, { label: 'Europe and Africa' }, { label: 'Asia and Pacific' }],
    });
    expect(await page.getByTestId('template-version').textContent()).toContain('version 2');

    // A committee member sees the new version but cannot change it.
    const member = await openPage(browser, portal.url);
    await signInAs(member.page, 'committee@lrrt.demo');
    await member.page.goto('/t/lrrt/settings/template');
    await member.page.getByText('Only the round table’s coordinators and admins change templates').waitFor();
    expect(await member.page.getByTestId('template-version').textContent()).toContain('version 2');
    await member.page.getByTestId('form-preview').getByRole('group', { name: QUESTION }).waitFor();
    expect(await member.page.getByRole('button', { name: /Publish version/ }).count()).toBe(0);
    expect(await member.page.getByRole('button', { name: 'Add a question' }).count()).toBe(0);
    expect(member.errors).toEqual([]);
    await member.context.close();

    // The coordinator drafts a program from the new version.
    await page.getByRole('link', { name: 'Program cycles' }).click();
    await page.waitForURL('**/t/lrrt/settings/programs');
    await page.getByLabel('Title').fill(TITLE);
    expect(await page.getByLabel('Version').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Draft the program' }).click();
    const card = page.getByTestId('program-cycle').filter({ hasText: TITLE });
    await card.waitFor();
    const drafted = (await programs()).find((p) => p.title === TITLE) as Program;
    expect(drafted).toMatchObject({ status: 'drafted', templateVersion: 2 });
    expect(await card.getAttribute('data-program-id')).toBe(drafted.programId);

    await card.getByRole('button', { name: 'Open the application window…' }).click();
    await card.getByRole('button', { name: 'Open the window' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('open');
    expect((await programs()).find((p) => p.programId === drafted.programId)?.status).toBe('open');
    await checkPage(page, 'settings-programs');

    // The public form of the new program asks the question; the demo program keeps its version.
    const form = await formQuestions(drafted.programId);
    expect(form?.open).toBe(true);
    expect(form?.questions.find((q) => q.id === QUESTION_ID)).toMatchObject({ label: QUESTION, type: 'singleChoice' });
    expect((await formQuestions(DEMO_PROGRAMS.lrrt))?.questions.some((q) => q.id === QUESTION_ID)).toBe(false);
    await card.getByRole('link', { name: `/apply/lrrt/${drafted.programId}` }).click();
    await page.waitForURL(`**/apply/lrrt/${drafted.programId}`);
    const publicQuestion = page.getByRole('group', { name: QUESTION });
    await publicQuestion.waitFor();
    expect(await publicQuestion.getByRole('radio', { name: 'Asia and Pacific' }).count()).toBe(1);

    // Starting closes the window: the form says so, and the API agrees.
    await page.goto('/t/lrrt/settings/programs');
    await card.getByRole('button', { name: 'Start the program…' }).click();
    await card.getByRole('button', { name: 'Start the program' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('started');
    expect((await programs()).find((p) => p.programId === drafted.programId)?.status).toBe('started');
    expect((await formQuestions(drafted.programId))?.open).toBe(false);
    // A refused command shows the API's message: the cohort runs for a year.
    await card.getByRole('button', { name: 'Complete the program' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('runs until');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('drafts a VRT program timed around a conference and shows the API’s reason when its window would close too late', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.goto('/t/vrt/settings/programs');
    await page.getByLabel('Title').fill('VRT Mentorship 2027');
    // The VRT template matches pairs before a conference: the form asks for it.
    await page.getByLabel('Conference').fill('ALA Annual Conference 2027');
    await page.getByLabel('First day').fill('2027-06-24');
    await page.getByLabel('Last day').fill('2027-06-29');
    await page.getByRole('button', { name: 'Draft the program' }).click();
    const card = page.getByTestId('program-cycle').filter({ hasText: 'VRT Mentorship 2027' });
    await card.waitFor();
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    const listed = await portal.gql<{ programs: Nodes<Program & { conference: { name: string; startsOn: string } | null }> }>(
      'query { programs(tenant: "vrt") { edges { node { programId title status templateVersion conference { name startsOn } } } } }',
      {},
      token,
    );
    const drafted = nodesOf(listed.data?.programs).find((p) => p.title === 'VRT Mentorship 2027');
    expect(drafted).toMatchObject({ status: 'drafted', conference: { name: 'ALA Annual Conference 2027', startsOn: '2027-06-24' } });

    await card.getByRole('button', { name: 'Open the application window…' }).click();
    await card.getByLabel('Closes').fill('2027-06-01T12:00');
    await card.getByRole('button', { name: 'Open the window' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('Close the window by 2027-05-25, 30 days before ALA Annual Conference 2027');
    expect(await card.getAttribute('data-status')).toBe('drafted');
    await card.getByLabel('Closes').fill('2027-05-15T23:59');
    await card.getByRole('button', { name: 'Open the window' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('open');
    const form = await portal.gql<{ applicationForm: { open: boolean } }>('query ($p: String!) { applicationForm(tenant: "vrt", programId: $p) { open } }', {
      p: drafted?.programId,
    });
    expect(form.data?.applicationForm.open).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('invites a committee member, who gets an invitation in the outbox, and refuses to remove the only chair with the API’s reason', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'chair@lrrt.demo');
    await page.goto('/t/lrrt/settings');
    const committee = page.getByTestId('committee');
    await committee.getByTestId('member').first().waitFor();
    const before = await portal.gql<{ committee: Nodes<{ userId: string; role: string }> }>(
      'query { committee(tenant: "lrrt") { edges { node { userId role } } } }',
      {},
      chair,
    );
    expect(await committee.getByTestId('member').count()).toBe(nodesOf(before.data?.committee).length);
    await checkPage(page, 'settings-round-table');

    await page.getByLabel('Full name').fill('Robin Reviewer');
    await page.getByLabel('Email', { exact: true }).fill('robin.reviewer@example.org');
    await page.getByLabel('Role').selectOption('committee');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await committee.getByText('Robin Reviewer').waitFor();
    await page.getByText('an invitation went to robin.reviewer@example.org').waitFor();

    const after = await portal.gql<{ committee: Nodes<{ userId: string; name: string; email: string; role: string }> }>(
      'query { committee(tenant: "lrrt") { edges { node { userId name email role } } } }',
      {},
      chair,
    );
    const members = nodesOf(after.data?.committee);
    expect(members.find((m) => m.email === 'robin.reviewer@example.org')).toMatchObject({ name: 'Robin Reviewer', role: 'member' });
    const outbox = portal.server.services.config.outboxDir;
    // Unfold long header lines (RFC 5322) before reading them.
    const mails = readdirSync(outbox).map((file) => readFileSync(join(outbox, file), 'utf8').replace(/\r?\n[ \t]+/g, ' '));
    const invitation = mails.find((mail) => /^To: robin\.reviewer@example\.org$/m.test(mail));
    expect(invitation).toBeDefined();
    expect(invitation).toMatch(/Subject: You are invited to the .+ mentorship committee on Tandem/);
    expect(invitation).toContain('/invitation/');

    // The only chair cannot leave: the API says why, and the page shows it.
    const chairs = members.filter((m) => m.role === 'chair');
    expect(chairs.length).toBe(1);
    const chairRow = committee.locator(`[data-user-id="${chairs[0]?.userId}"]`);
    await chairRow.getByRole('button', { name: /^Remove/ }).click();
    await chairRow.getByRole('textbox').fill('Stepping down');
    await chairRow.getByRole('button', { name: 'Remove from the committee' }).click();
    await expect.poll(() => chairRow.getByRole('alert').textContent()).toContain('needs a chair');
    const still = await portal.gql<{ committee: { totalCount: number } }>('query { committee(tenant: "lrrt") { totalCount } }', {}, chair);
    expect(still.data?.committee.totalCount).toBe(members.length);

    // Committee members see the committee without the admin's actions.
    const member = await openPage(browser, portal.url);
    await signInAs(member.page, 'committee@lrrt.demo');
    await member.page.goto('/t/lrrt/settings');
    await member.page.getByTestId('member').first().waitFor();
    expect(await member.page.getByRole('button', { name: 'Send the invitation' }).count()).toBe(0);
    expect(await member.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await member.page.getByRole('button', { name: 'Edit the profile' }).count()).toBe(0);
    expect(member.errors).toEqual([]);
    await member.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows every program cycle and offers every program in the picker, past the API’s page of 200', async () => {
    const token = await demoToken(portal, 'coordinator@vrt.demo');
    for (let i = 1; i <= 205; i++) {
      const drafted = await portal.gql(
        'mutation ($title: String!) { draftProgram(tenant: "vrt", input: { title: $title, templateId: "vrt-mentorship", conference: { name: "ALA Annual 2029", startsOn: "2029-06-21", endsOn: "2029-06-26" } }) { id } }',
        { title: `VRT paging check ${String(i).padStart(3, '0')}` },
        token,
      );
      expect(drafted.errors).toBeUndefined();
    }
    const total = (await portal.gql<{ programs: { totalCount: number } }>('query { programs(tenant: "vrt") { totalCount } }', {}, token)).data?.programs
      .totalCount;
    expect(total).toBeGreaterThan(205);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.goto('/t/vrt/settings/programs');
    await expect.poll(() => page.getByTestId('program-cycle').count(), { timeout: 30_000 }).toBe(total);
    await page.getByTestId('program-cycle').filter({ hasText: 'VRT paging check 001' }).waitFor();
    await page.goto('/t/vrt/applications');
    const picker = page.getByRole('combobox', { name: 'Program' });
    await expect.poll(() => picker.locator('option').count(), { timeout: 30_000 }).toBe(total);
    expect(errors).toEqual([]);
    await context.close();
  });
});
