import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DomainDeps, loadPair, loadPerson } from '@tandem/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
const pdfText = async (bytes: Uint8Array) => {
  const pdf = await getDocument({ data: bytes, standardFontDataUrl }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  return content.items
    .map((i) => ('str' in i ? i.str : ''))
    .join(' ')
    .replace(/\s+/g, ' ');
};

describe('an LRRT pair from check-ins to its certificate (demo data)', () => {
  let t: TestTandem;
  let coordinator: string;
  beforeAll(async () => {
    t = await startTestTandem({ seedDemo: true });
    coordinator = await t.signIn('coordinator@lrrt.demo', 'tandem-demo-2026');
  }, 120_000);
  afterAll(() => t.stop());

  it('holds the four quarterly check-ins, the final presentation, completes, issues and serves the certificate and letter', async () => {
    const [confirmed] = await t.tandem.store.readAll({ tenant: 'lrrt', types: ['PairConfirmed'], limit: 1 });
    if (!confirmed) throw new Error('the demo data has no confirmed LRRT pair');
    const pairId = (confirmed.data as { pairId: string }).pairId;
    const programId = confirmed.streamId.replace('lrrt/program-', '');
    const call = async (mutation: string, variables: Record<string, unknown> = {}) => {
      const response = await gql(t.url, mutation, { pair: pairId, program: programId, ...variables }, { token: coordinator });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    };
    // Starting the year-long cohort schedules the four quarterly check-ins of every confirmed pair.
    await call('mutation ($program: String!) { closeApplicationWindow(tenant: "lrrt", programId: $program) { id } }');
    await call('mutation ($program: String!) { startProgram(tenant: "lrrt", programId: $program, startsOn: "2026-09-01") { id } }');
    const started = (await t.tandem.store.readStream(`lrrt/pair-${pairId}`)).filter((e) => e.type === 'CheckInScheduled');
    expect(started.filter((e) => (e.data as { index: number | null }).index !== null)).toHaveLength(4);
    const pairEvents = await t.tandem.store.readStream(`lrrt/pair-${pairId}`);
    const held = new Set(pairEvents.filter((e) => e.type === 'CheckInHeld').map((e) => (e.data as { checkInId: string }).checkInId));
    for (const checkIn of started) {
      const id = (checkIn.data as { checkInId: string }).checkInId;
      if (held.has(id)) continue;
      await call(
        'mutation ($pair: String!, $c: String!) { recordCheckInHeld(tenant: "lrrt", pairId: $pair, checkInId: $c, heldOn: "2027-05-01", mentorAttended: true, menteeAttended: true, notes: "progress on the survey instrument") { id } }',
        { c: id },
      );
    }
    const early = await gql(
      t.url,
      'mutation ($pair: String!) { completeParticipation(tenant: "lrrt", pairId: $pair) { id } }',
      { pair: pairId },
      { token: coordinator },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('ILLEGAL_STATE');
    expect(early.errors?.[0]?.message).toMatch(/final presentation/);
    await call(
      'mutation ($pair: String!) { recordFinalPresentation(tenant: "lrrt", pairId: $pair, deliveredOn: "2027-06-20", title: "Research in progress: citation practices") { id } }',
    );
    await call('mutation ($pair: String!) { completeParticipation(tenant: "lrrt", pairId: $pair) { id } }');

    const before = await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(before.status).toBe(409);
    await call('mutation ($pair: String!) { issueCertificate(tenant: "lrrt", pairId: $pair) { id } }');
    await call('mutation ($pair: String!) { issueAppreciationLetter(tenant: "lrrt", pairId: $pair) { id } }');
    const twice = await gql(
      t.url,
      'mutation ($pair: String!) { issueCertificate(tenant: "lrrt", pairId: $pair) { id } }',
      { pair: pairId },
      { token: coordinator },
    );
    expect(twice.errors?.[0]?.extensions?.code).toMatch(/ILLEGAL_STATE|CONFLICT/);

    const certificate = await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(certificate.status).toBe(200);
    expect(certificate.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await certificate.arrayBuffer()));
    const pair = await loadPair(t.tandem.server.services.domain as DomainDeps, 'lrrt', pairId);
    if (pair.status === 'none') throw new Error('the pair is gone');
    const mentee = await loadPerson(t.tandem.server.services.domain as DomainDeps, 'lrrt', pair.menteePersonId);
    const menteeName = mentee.status === 'registered' ? mentee.contact?.name : undefined;
    expect(menteeName).toBeTruthy();
    expect(text).toContain('Certificate of Completion');
    expect(text).toContain(menteeName);
    expect(text).toMatch(/LRRT Virtual Mentorship/);
    const letter = await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/letter.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    const heldCheckIns = (await t.tandem.store.readStream(`lrrt/pair-${pairId}`)).filter((e) => e.type === 'CheckInHeld').length;
    expect(heldCheckIns).toBeGreaterThanOrEqual(4);
    expect(await pdfText(new Uint8Array(await letter.arrayBuffer()))).toContain(`${heldCheckIns} check-ins`);

    // Only readers of that round table get it.
    const vrt = await t.signIn('coordinator@vrt.demo', 'tandem-demo-2026');
    expect((await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/certificate.pdf`, { headers: { authorization: `Bearer ${vrt}` } })).status).toBe(403);
    expect((await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/certificate.pdf`)).status).toBe(401);

    // Once the mentee's data is erased, the certificate still exists but no longer names them.
    const admin = await t.signIn('chair@lrrt.demo', 'tandem-demo-2026');
    const erased = await gql(
      t.url,
      'mutation ($p: String!) { erasePerson(tenant: "lrrt", personId: $p, reason: "asked to be forgotten, ticket 12") { projected } }',
      { p: pair.menteePersonId },
      { token: admin },
    );
    expect(erased.errors, JSON.stringify(erased.errors)).toBeUndefined();
    const after = await fetch(`${t.url}/documents/lrrt/pairs/${pairId}/certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(after.status).toBe(200);
    const erasedText = await pdfText(new Uint8Array(await after.arrayBuffer()));
    expect(erasedText).toContain('Certificate of Completion');
    expect(erasedText).not.toContain(menteeName);
    expect(erasedText).toContain('[erased]');
  });
});
