import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, openPage } from './support/browser';
import { demoToken, signInAs } from './support/demo';
import { DEMO_PROGRAMS, type Nodes, nodesOf, type Portal, startPortal } from './support/portal';

const PROGRAM = DEMO_PROGRAMS.lrrt;

interface ApiPair {
  pairId: string;
  status: string;
  menteeName: string;
  mentorName: string;
  checkInsHeld: number;
  finalPresentationTitle: string | null;
  completedOn: string | null;
  certificateId: string | null;
  checkIns: { checkInId: string; label: string; status: string; notes: string | null; missedReason: string | null }[];
  outputs: { title: string; kind: string; venue: string }[];
}
const PAIR = `pairId status menteeName mentorName checkInsHeld finalPresentationTitle completedOn certificateId
  checkIns { checkInId label status notes missedReason } outputs { title kind venue }`;

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
const pdfText = async (bytes: Uint8Array) => {
  const pdf = await getDocument({ data: bytes, standardFontDataUrl }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  return content.items
    .map((i) => ('str' in i ? i.str : ''))
    .join(' ')
    .replace(/\s+/g, ' ');
};

/** A date `days` from today, as YYYY-MM-DD. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('pairs', () => {
  let portal: Portal;
  let browser: Browser;
  let token: string;

  const pairs = async () => {
    const result = await portal.gql<{ pairs: Nodes<ApiPair> }>(
      `query ($p: String!) { pairs(tenant: "lrrt", programId: $p) { edges { node { ${PAIR} } } } }`,
      { p: PROGRAM },
      token,
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return nodesOf(result.data.pairs);
  };
  const pair = async (pairId: string) => {
    const result = await portal.gql<{ pair: ApiPair }>(`query ($id: String!) { pair(tenant: "lrrt", pairId: $id) { ${PAIR} } }`, { id: pairId }, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.pair;
  };

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedDemo: true }), launchChromium()]);
    token = await demoToken(portal, 'coordinator@lrrt.demo');
    // The year-long cohort started thirteen months ago: its four quarterly check-ins are scheduled for every pair, and its year is over.
    const started = await portal.gql(
      'mutation ($p: String!, $s: String!) { startProgram(tenant: "lrrt", programId: $p, startsOn: $s) { id } }',
      { p: PROGRAM, s: day(-395) },
      token,
    );
    if (started.errors) throw new Error(JSON.stringify(started.errors));
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  /** The check-in on the pair's page, by its heading. */
  const checkIn = (page: Page, label: string) => page.getByRole('article', { name: label, exact: true });

  it('takes a pair from its first check-in to completion, its certificate and letter, completes the program, and lists the publication publicly', async () => {
    const target = (await pairs()).find((p) => p.checkIns.some((c) => c.checkInId === 'introduction' && c.status === 'scheduled'));
    if (!target) throw new Error('the demo data has no LRRT pair whose introduction is still to hold');
    expect(target.checkIns.filter((c) => /^check-in \d of 4$/.test(c.label))).toHaveLength(4);

    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@lrrt.demo');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pairs' }).click();
    await page.waitForURL('**/t/lrrt/pairs');
    const table = page.getByRole('table', { name: /Confirmed pairs of/ });
    await expect.poll(() => table.getByRole('link').count()).toBe(4);
    await page.getByRole('list', { name: 'The program’s check-in schedule' }).waitFor();
    await checkPage(page, 'pairs');

    await table.getByRole('link', { name: target.menteeName }).click();
    await page.waitForURL(`**/t/lrrt/pairs/${target.pairId}`);
    await page.getByRole('heading', { level: 1, name: `${target.menteeName} with ${target.mentorName}` }).waitFor();
    await checkPage(page, 'pair');

    // The first check-in: held, with notes.
    const intro = checkIn(page, 'Introductory video call');
    await intro.getByRole('button', { name: 'Record as held…' }).click();
    await intro.getByLabel('Notes').fill('Chose a research question; the mentor suggested two journals.');
    await checkPage(page, 'pair-check-in-held-form');
    await intro.getByRole('button', { name: 'Record as held' }).click();
    await intro.getByRole('status').getByText('Introductory video call recorded as held.').waitFor({ state: 'attached' });
    await intro.getByText('Held', { exact: true }).waitFor();
    await expect
      .poll(async () => (await pair(target.pairId)).checkIns.find((c) => c.checkInId === 'introduction'))
      .toMatchObject({ status: 'held', notes: 'Chose a research question; the mentor suggested two journals.' });
    await intro.getByText('Chose a research question; the mentor suggested two journals.').waitFor();

    // An extra check-in the pair agreed.
    await page.getByRole('button', { name: 'Schedule a check-in…' }).click();
    const schedule = page.getByRole('form', { name: 'Schedule a check-in' });
    await schedule.getByLabel('Due on').fill(day(14));
    await schedule.getByLabel('What it is').fill('Mid-year writing session');
    await schedule.getByRole('button', { name: 'Schedule the check-in' }).click();
    await checkIn(page, 'Mid-year writing session').getByText('Scheduled', { exact: true }).waitFor();
    await expect
      .poll(async () => (await pair(target.pairId)).checkIns.find((c) => c.label === 'Mid-year writing session'))
      .toMatchObject({ status: 'scheduled', notes: null });

    // Three quarterly check-ins held, the last one missed.
    for (const n of [1, 2, 3]) {
      const quarter = checkIn(page, `Check-in ${n} of 4`);
      await quarter.getByRole('button', { name: 'Record as held…' }).click();
      await quarter.getByRole('button', { name: 'Record as held' }).click();
      await quarter.getByText('Held', { exact: true }).waitFor();
    }
    const last = checkIn(page, 'Check-in 4 of 4');
    await last.getByRole('button', { name: 'Record as missed…' }).click();
    await last.getByLabel('Why was it missed?').fill('The mentee was at a conference; they met by email instead');
    await last.getByRole('button', { name: 'Record as missed' }).click();
    await last.getByText('Missed: The mentee was at a conference; they met by email instead').waitFor();
    await expect.poll(async () => (await pair(target.pairId)).checkInsHeld).toBe(4);
    expect((await pair(target.pairId)).checkIns.find((c) => c.label === 'check-in 4 of 4')).toMatchObject({
      status: 'missed',
      missedReason: 'The mentee was at a conference; they met by email instead',
    });

    // Completing before the final presentation: the API's reason shows as it is.
    const completion = page.getByRole('complementary', { name: 'Completion and recognition' });
    await completion.getByRole('button', { name: 'Complete participation' }).click();
    await completion.getByRole('alert').waitFor();
    const refused = await portal.gql('mutation ($id: String!) { completeParticipation(tenant: "lrrt", pairId: $id) { id } }', { id: target.pairId }, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('ILLEGAL_STATE');
    const message = refused.errors?.[0]?.message ?? '?';
    expect(await completion.getByRole('alert').textContent()).toBe(message.charAt(0).toUpperCase() + message.slice(1));
    expect(message).toContain('final presentation');
    await checkPage(page, 'pair-completion-refused');

    // A publication the pair's work produced.
    const outputs = page.getByRole('region', { name: 'Publications and presentations' });
    await outputs.getByRole('button', { name: 'Record a publication or presentation…' }).click();
    await outputs.getByLabel('Title').fill('Citation practices of early-career LIS researchers');
    await outputs.getByLabel('Journal, conference or venue').fill('Library Research Quarterly');
    await outputs.getByLabel('Published on').fill(day(-30));
    await outputs.getByRole('button', { name: 'Record it' }).click();
    await outputs.getByText('The publication is recorded.').waitFor();
    await expect
      .poll(async () => (await pair(target.pairId)).outputs)
      .toEqual([{ title: 'Citation practices of early-career LIS researchers', kind: 'publication', venue: 'Library Research Quarterly' }]);

    // The final presentation, then completion.
    const final = page.getByRole('region', { name: 'Final presentation' });
    await final.getByRole('button', { name: 'Record the final presentation…' }).click();
    await final.getByLabel('Title of the presentation').fill('Research in progress: how new researchers cite');
    await final.getByLabel('Delivered on').fill(day(-20));
    await final.getByRole('button', { name: 'Record the presentation' }).click();
    await final.getByText('The final presentation is recorded.').waitFor();
    await expect.poll(async () => (await pair(target.pairId)).finalPresentationTitle).toBe('Research in progress: how new researchers cite');

    await completion.getByRole('button', { name: 'Complete participation' }).click();
    await completion.getByText('Participation completed.').waitFor();
    await expect.poll(async () => (await pair(target.pairId)).status).toBe('completed');
    await page.getByRole('heading', { level: 1 }).locator('..').getByText('Completed', { exact: true }).waitFor();

    // The certificate: issued, then downloaded with the session's token.
    const certificate = completion.getByTestId('recognition-certificate');
    await certificate.getByRole('button', { name: 'Issue the certificate' }).click();
    await completion.getByText('The certificate is issued.').waitFor();
    await expect.poll(async () => (await pair(target.pairId)).certificateId).toBeTruthy();
    const [download] = await Promise.all([page.waitForEvent('download'), certificate.getByRole('button', { name: 'Download the certificate (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lrrt-certificate-[a-z0-9-]+\.pdf$/);
    const text = await pdfText(new Uint8Array(readFileSync(await download.path())));
    expect(text).toContain('Certificate of Completion');
    expect(text).toContain(target.menteeName);
    expect(text).toContain('LRRT Virtual Mentorship (year-long cohort)');
    // The mentor's letter of appreciation too.
    const letter = completion.getByTestId('recognition-letter');
    await letter.getByRole('button', { name: 'Issue the letter of appreciation' }).click();
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      letter.getByRole('button', { name: 'Download the letter of appreciation (PDF)' }).click(),
    ]);
    expect(saved.suggestedFilename()).toMatch(/^lrrt-letter-[a-z0-9-]+\.pdf$/);
    expect(await pdfText(new Uint8Array(readFileSync(await saved.path())))).toContain(`thank you for mentoring ${target.menteeName}`);
    await checkPage(page, 'pair-completed');

    // Back on the list: the pair is completed, and the public list is one link away.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Pairs' }).click();
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: target.menteeName }) });
    await expect.poll(() => row.getByText('Completed', { exact: true }).count()).toBe(1);
    expect(await row.getByText('Certificate issued').count()).toBe(1);
    const publicPath = await page.getByTestId('public-outputs-link').getAttribute('href');
    expect(publicPath).toBe(`/outputs/lrrt/${PROGRAM}`);

    // The program's year is over: the coordinator completes it.
    const cycle = page.getByRole('region', { name: 'Check-ins and the program year' });
    await cycle.getByRole('button', { name: 'Complete the program' }).click();
    await cycle.getByText('The program is completed.').waitFor();
    const program = await portal.gql<{ program: { status: string } }>(
      'query ($p: String!) { program(tenant: "lrrt", programId: $p) { status } }',
      { p: PROGRAM },
      token,
    );
    expect(program.data?.program.status).toBe('completed');
    await cycle.getByText(/completed \w+ \d+, \d{4}/).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // The public list, without signing in.
    const visitor = await openPage(browser, portal.url);
    await visitor.page.goto(publicPath as string);
    await visitor.page.getByRole('heading', { level: 1, name: 'Publications and presentations' }).waitFor();
    const publications = visitor.page.getByRole('region', { name: /Publications/ });
    await publications.getByText('Citation practices of early-career LIS researchers').waitFor();
    expect(await publications.textContent()).toContain('Library Research Quarterly');
    const listed = await portal.gql<{ publicOutputs: Nodes<{ title: string }> }>(
      'query ($p: String!) { publicOutputs(tenant: "lrrt", programId: $p) { edges { node { title } } } }',
      {
        p: PROGRAM,
      },
    );
    expect(nodesOf(listed.data?.publicOutputs).map((o) => o.title)).toEqual(['Citation practices of early-career LIS researchers']);
    await checkPage(visitor.page, 'public-outputs');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('shows an auditor a pair read-only, with its check-in notes', async () => {
    const noted = (await pairs()).find((p) => p.checkIns.some((c) => c.notes));
    if (!noted) throw new Error('no LRRT pair has check-in notes');
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'auditor@lrrt.demo');
    await page.goto(`/t/lrrt/pairs/${noted.pairId}`);
    await page.getByRole('heading', { level: 1, name: `${noted.menteeName} with ${noted.mentorName}` }).waitFor();
    await page
      .getByText(noted.checkIns.find((c) => c.notes)?.notes as string)
      .first()
      .waitFor();
    expect(await page.getByText('Your role here is read-only').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Record|Schedule|Complete|Issue|End the pair/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says what to do while a program has no confirmed pair, with the template’s cadence', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@vrt.demo');
    await page.goto('/t/vrt/pairs');
    await page.getByRole('heading', { name: 'No confirmed pair yet' }).waitFor();
    await page.getByText('As each pair agrees, for example a meeting before ALA Annual', { exact: false }).waitFor();
    await checkPage(page, 'pairs-empty');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when a pair does not exist', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await signInAs(page, 'coordinator@lrrt.demo');
    await page.goto('/t/lrrt/pairs/no-such-pair');
    await page.getByRole('heading', { level: 1, name: 'Pair not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/^There is no confirmed pair no-such-pair in lrrt/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
