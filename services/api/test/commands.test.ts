import { vrtTemplate } from '@tandem/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const PAYLOAD = '{ id checkpoint duplicate projected events { type streamId streamRevision } }';
type Payload = { id: string | null; checkpoint: string | null; duplicate: boolean; events: { type: string; streamId: string }[] };

describe('commands through GraphQL (VRT cycle)', () => {
  let t: TestTandem;
  let coordinator: string;
  let outsider: string;
  const ok = async <K extends string>(query: string, variables: Record<string, unknown>, token: string, field: K): Promise<Payload> => {
    const response = await gql<Record<K, Payload>>(t.url, query, variables, { token });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data?.[field] as Payload;
  };

  beforeAll(async () => {
    t = await startTestTandem();
    coordinator = await t.member('coordinator@vrt.test', [{ tenant: 'vrt', role: 'admin' }]);
    outsider = await t.member('coordinator@lrrt.test', [{ tenant: 'lrrt', role: 'admin' }]);
  });
  afterAll(() => t.stop());

  it('runs a VRT cycle: register, template, program, window, public applications, screening, matching, confirmation', async () => {
    await ok(
      `mutation ($c: ContactInput!) { registerRoundTable(tenant: "vrt", abbreviation: "VRT", name: "Video Round Table", website: null, contact: $c) ${PAYLOAD} }`,
      { c: { name: 'Vera Chair', email: 'chair@vrt.test' } },
      t.adminToken,
      'registerRoundTable',
    );
    const template = await ok(
      `mutation ($d: JSONObject!) { defineTemplate(tenant: "vrt", templateId: "vrt-mentorship", definition: $d) ${PAYLOAD} }`,
      { d: vrtTemplate },
      coordinator,
      'defineTemplate',
    );
    expect(template.id).toBe('vrt-mentorship');
    const program = await ok(
      `mutation { draftProgram(tenant: "vrt", input: { programId: "2027", title: "VRT Mentorship 2027", templateId: "vrt-mentorship", conference: { name: "ALA Annual 2027", startsOn: "2027-06-24", endsOn: "2027-06-29" } }) ${PAYLOAD} }`,
      {},
      coordinator,
      'draftProgram',
    );
    expect(program.events.map((e) => e.type)).toEqual(['ProgramDrafted']);
    const now = Date.now();
    await ok(
      `mutation ($o: String!, $c: String!) { openApplicationWindow(tenant: "vrt", programId: "2027", opensAt: $o, closesAt: $c) ${PAYLOAD} }`,
      { o: new Date(now - 86_400_000).toISOString(), c: new Date(now + 20 * 86_400_000).toISOString() },
      coordinator,
      'openApplicationWindow',
    );

    const apply = async (role: string, name: string, careerStage: string, key: string) => {
      const response = await gql<{ submitApplication: { reference: string; applicationId: string } }>(
        t.url,
        'mutation ($a: ApplicationFormInput!, $o: CommandOptions) { submitApplication(tenant: "vrt", programId: "2027", application: $a, options: $o) { reference applicationId } }',
        {
          a: {
            role,
            name,
            email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
            careerStage,
            membership: true,
            ...(role === 'mentor' ? { mentorCapacity: 1 } : {}),
            answers: {
              interests: ['media-trends', 'conference-navigation'],
              'meeting-modes': ['virtual', 'vrt-dinner'],
              'attending-conference': true,
              ...(role === 'mentor' ? { 'years-in-media': 12 } : {}),
            },
          },
          o: { idempotencyKey: key },
        },
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data?.submitApplication as { reference: string; applicationId: string };
    };
    const mentor = await apply('mentor', 'Marisol Ortega', 'senior', 'form-1');
    const newLibrarian = await apply('mentee', 'Noah Lindqvist', 'early-career', 'form-2');
    const student = await apply('mentee', 'Sam Okafor', 'student', 'form-3');
    expect(mentor.reference).toMatch(/^VRT-[0-9A-F]{8}$/);
    // A retried submission with the same key names the same application and writes nothing.
    expect(await apply('mentee', 'Noah Lindqvist', 'early-career', 'form-2')).toMatchObject({ applicationId: newLibrarian.applicationId });

    for (const a of [mentor, newLibrarian, student]) {
      await ok(
        `mutation ($id: String!) { screenApplication(tenant: "vrt", programId: "2027", applicationId: $id, turnDownReason: null) ${PAYLOAD} }`,
        { id: a.applicationId },
        coordinator,
        'screenApplication',
      );
    }
    const run = await ok(`mutation { runMatching(tenant: "vrt", programId: "2027", objective: null) ${PAYLOAD} }`, {}, coordinator, 'runMatching');
    expect(run.events.map((e) => e.type)).toContain('MatchRunCompleted');
    const adopted = await ok(
      `mutation ($r: String!) { adoptMatchRun(tenant: "vrt", programId: "2027", runId: $r, menteeApplicationIds: null) ${PAYLOAD} }`,
      { r: run.id },
      coordinator,
      'adoptMatchRun',
    );
    const proposed = adopted.events.filter((e) => e.type === 'PairProposed');
    expect(proposed).toHaveLength(1);

    const stream = await t.tandem.store.readStream('vrt/program-2027');
    const proposal = stream.find((e) => e.type === 'PairProposed')?.data as { pairId: string; menteeApplicationId: string };
    // The capacity-1 mentor goes to the new librarian: students wait while new librarians remain.
    expect(proposal.menteeApplicationId).toBe(newLibrarian.applicationId);

    for (const party of ['mentor', 'mentee']) {
      await ok(
        `mutation ($p: String!, $party: String!) { acceptPair(tenant: "vrt", programId: "2027", pairId: $p, party: $party) ${PAYLOAD} }`,
        { p: proposal.pairId, party },
        coordinator,
        'acceptPair',
      );
    }
    const confirmed = await ok(
      `mutation ($p: String!) { confirmPair(tenant: "vrt", programId: "2027", pairId: $p) ${PAYLOAD} }`,
      { p: proposal.pairId },
      coordinator,
      'confirmPair',
    );
    expect(confirmed.events.map((e) => e.type)).toContain('PairConfirmed');
  });

  it('answers a rule a committee member broke with ILLEGAL_STATE and a message saying what to change', async () => {
    const response = await gql(t.url, `mutation { completeProgram(tenant: "vrt", programId: "2027") ${PAYLOAD} }`, {}, { token: coordinator });
    expect(response.errors?.[0]?.extensions?.code).toMatch(/ILLEGAL_STATE|VALIDATION/);
    expect(response.errors?.[0]?.message.length).toBeGreaterThan(20);
  });

  it('refuses another round table’s committee (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const forbidden = await gql(t.url, `mutation { closeApplicationWindow(tenant: "vrt", programId: "2027") ${PAYLOAD} }`, {}, { token: outsider });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(t.url, `mutation { closeApplicationWindow(tenant: "vrt", programId: "2027") ${PAYLOAD} }`, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.tandem.store.readStream('vrt/program-2027')).map((e) => e.type)).not.toContain('ApplicationWindowClosed');
  });

  it('invites a committee member through the mail outbox; the invitation sets a password and signs in', async () => {
    const invited = await ok(
      'mutation { inviteCommitteeMember(tenant: "vrt", person: { name: "Ines Auditor", email: "ines@vrt.test" }, role: "auditor") { id events { type } } }',
      {},
      coordinator,
      'inviteCommitteeMember',
    );
    expect(invited.events.map((e) => e.type)).toEqual(['CommitteeMemberAppointed']);
    const { readdirSync, readFileSync } = await import('node:fs');
    const outbox = t.tandem.server.services.config.outboxDir;
    const mail = readdirSync(outbox)
      .map((f) => readFileSync(`${outbox}/${f}`, 'utf8'))
      .find((m) => m.includes('ines@vrt.test')) as string;
    const token = /\/invitation\/([A-Za-z0-9_.-]+)/.exec(mail.replace(/=\r?\n/g, ''))?.[1] as string;
    expect(token).toBeTruthy();
    const accepted = await gql<{ acceptInvitation: { viewer: { roles: unknown } } }>(
      t.url,
      'mutation ($t: String!) { acceptInvitation(token: $t, password: "auditing all the things") { viewer { roles { tenant role } } } }',
      { t: token },
    );
    expect(accepted.data?.acceptInvitation.viewer.roles).toEqual([{ tenant: 'vrt', role: 'auditor' }]);
    const again = await gql(t.url, 'mutation ($t: String!) { acceptInvitation(token: $t, password: "auditing all the things") { accessToken } }', { t: token });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
