import { vrtTemplate } from '@tandem/domain';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const PAYLOAD = '{ id checkpoint duplicate projected events { type streamId streamRevision } }';
type Payload = { id: string | null; checkpoint: string | null; duplicate: boolean; events: { type: string; streamId: string }[] };

const describeCommands = (name: string, start: () => Promise<TestTandem>) =>
  describe(`commands through GraphQL (VRT cycle, ${name})`, () => {
    let t: TestTandem;
    let coordinator: string;
    let outsider: string;
    const ok = async <K extends string>(query: string, variables: Record<string, unknown>, token: string, field: K): Promise<Payload> => {
      const response = await gql<Record<K, Payload>>(t.url, query, variables, { token });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data?.[field] as Payload;
    };

    beforeAll(async () => {
      t = await start();
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
      const form = async () =>
        (
          await gql<{ applicationForm: { programTitle: string; open: boolean; closesAt: string | null; questions: { id: string }[] } }>(
            t.url,
            '{ applicationForm(tenant: "vrt", programId: "2027") { programTitle open closesAt questions { id } } }',
          )
        ).data?.applicationForm;
      expect(await form()).toMatchObject({ programTitle: 'VRT Mentorship 2027', open: false, closesAt: null });
      const now = Date.now();
      const closesAt = new Date(now + 20 * 86_400_000).toISOString();
      await ok(
        `mutation ($o: String!, $c: String!) { openApplicationWindow(tenant: "vrt", programId: "2027", opensAt: $o, closesAt: $c) ${PAYLOAD} }`,
        { o: new Date(now - 86_400_000).toISOString(), c: closesAt },
        coordinator,
        'openApplicationWindow',
      );
      // The public form reads the window from the read model, which the mutation waited for.
      expect(await form()).toMatchObject({ programTitle: 'VRT Mentorship 2027', open: true, closesAt });
      expect((await form())?.questions.map((q) => q.id)).toContain('interests');

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

    it('lets a coordinator define and change templates, and refuses a committee member (FORBIDDEN)', async () => {
      const coordinating = await t.member('coordinates@vrt.test', [{ tenant: 'vrt', role: 'coordinator' }]);
      const member = await t.member('member@vrt.test', [{ tenant: 'vrt', role: 'committee' }]);
      const define = `mutation ($d: JSONObject!) { defineTemplate(tenant: "vrt", templateId: "vrt-short", definition: $d) ${PAYLOAD} }`;
      const change = `mutation ($d: JSONObject!) { changeTemplate(tenant: "vrt", templateId: "vrt-mentorship", definition: $d, change: "A shorter name") ${PAYLOAD} }`;
      const renamed = { d: { ...vrtTemplate, name: 'VRT Mentorship (short)' } };

      for (const [query, stream] of [
        [define, 'vrt/template-vrt-short'],
        [change, 'vrt/template-vrt-mentorship'],
      ] as const) {
        const before = (await t.tandem.store.readStream(stream)).length;
        const refused = await gql(t.url, query, renamed, { token: member });
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(await t.tandem.store.readStream(stream)).toHaveLength(before);
      }

      const defined = await ok(define, renamed, coordinating, 'defineTemplate');
      expect(defined.events.map((e) => e.type)).toEqual(['TemplateDefined']);
      const changed = await ok(change, renamed, coordinating, 'changeTemplate');
      expect(changed.events.map((e) => e.type)).toEqual(['TemplateChanged']);
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
      const again = await gql(t.url, 'mutation ($t: String!) { acceptInvitation(token: $t, password: "auditing all the things") { accessToken } }', {
        t: token,
      });
      expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

describeCommands('SQLite', () => startTestTandem());

describe('PostgreSQL', () => {
  const scratch: { url: string; drop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    scratch.push(await createScratchDatabase('tandem_api_cmd'), await createScratchDatabase('tandem_api_cmd_rm'));
  });
  afterAll(async () => {
    for (const s of scratch) await s.drop();
  });
  describeCommands('PostgreSQL', () => startTestTandem({ eventStoreUrl: scratch[0]?.url as string, readModelsUrl: scratch[1]?.url as string }));
});

describe('reads after writes (the same VRT cycle, read models)', () => {
  let t: TestTandem;
  let coordinator: string;
  beforeAll(async () => {
    t = await startTestTandem({ seedDemo: true });
    coordinator = await t.signIn('coordinator@vrt.demo', 'tandem-demo-2026');
  }, 120_000);
  afterAll(() => t.stop());

  const query = async <T>(q: string, variables: Record<string, unknown> = {}, token: string | undefined = coordinator): Promise<T> => {
    const response = await gql<T>(t.url, q, variables, token ? { token } : {});
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as T;
  };

  it('lists the demo program, its applications a page at a time, filtered and searched', async () => {
    const { programs } = await query<{ programs: { edges: { node: { programId: string; title: string; status: string } }[] } }>(
      '{ programs(tenant: "vrt") { edges { node { programId title status } } } }',
    );
    expect(programs.edges).toHaveLength(1);
    const programId = programs.edges[0]?.node.programId as string;
    const page1 = await query<{
      applications: { totalCount: number; edges: { node: { name: string; role: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(
      'query ($p: String!) { applications(tenant: "vrt", programId: $p, first: 10) { totalCount edges { node { name role } } pageInfo { hasNextPage endCursor } } }',
      { p: programId },
    );
    expect(page1.applications.totalCount).toBe(30);
    expect(page1.applications.edges).toHaveLength(10);
    const page2 = await query<{ applications: { edges: { node: { name: string } }[] } }>(
      'query ($p: String!, $a: String!) { applications(tenant: "vrt", programId: $p, first: 10, after: $a) { edges { node { name } } } }',
      { p: programId, a: page1.applications.pageInfo.endCursor },
    );
    expect(page2.applications.edges[0]?.node.name).not.toBe(page1.applications.edges[9]?.node.name);
    const mentors = await query<{ applications: { edges: { node: { role: string } }[] } }>(
      'query ($p: String!) { applications(tenant: "vrt", programId: $p, role: "mentor", first: 200) { edges { node { role } } } }',
      { p: programId },
    );
    expect(mentors.applications.edges.every((e) => e.node.role === 'mentor')).toBe(true);
    const someone = page1.applications.edges[3]?.node.name.split(' ')[0] as string;
    const found = await query<{ applications: { edges: { node: { name: string } }[] } }>(
      'query ($p: String!, $s: String!) { applications(tenant: "vrt", programId: $p, search: $s) { edges { node { name } } } }',
      { p: programId, s: someone.toLowerCase() },
    );
    expect(found.applications.edges.some((e) => e.node.name.startsWith(someone))).toBe(true);
  });

  it('shows a screening on the next read (read-your-writes) and moves the dashboard', async () => {
    const { programs } = await query<{ programs: { edges: { node: { programId: string } }[] } }>(
      '{ programs(tenant: "vrt") { edges { node { programId } } } }',
    );
    const programId = programs.edges[0]?.node.programId as string;
    const before = await query<{ dashboard: { applications: number } }>('query ($p: String!) { dashboard(tenant: "vrt", programId: $p) { applications } }', {
      p: programId,
    });
    const form = await query<{ applicationForm: { open: boolean; questions: { id: string }[] } }>(
      'query ($p: String!) { applicationForm(tenant: "vrt", programId: $p) { open questions { id } } }',
      { p: programId },
      undefined,
    );
    expect(form.applicationForm.open).toBe(true);
    expect(form.applicationForm.questions.map((q) => q.id)).toContain('interests');
    const submitted = await query<{ submitApplication: { applicationId: string } }>(
      'mutation ($p: String!, $a: ApplicationFormInput!) { submitApplication(tenant: "vrt", programId: $p, application: $a) { applicationId } }',
      {
        p: programId,
        a: {
          role: 'mentee',
          name: 'Zelda Quinones',
          email: 'zelda@example.org',
          careerStage: 'early-career',
          membership: false,
          answers: { interests: ['media-trends'], 'meeting-modes': ['virtual'], 'attending-conference': false },
        },
      },
      undefined,
    );
    const id = submitted.submitApplication.applicationId;
    await query('mutation ($p: String!, $id: String!) { screenApplication(tenant: "vrt", programId: $p, applicationId: $id) { id } }', { p: programId, id });
    const read = await query<{ application: { status: string; name: string; tier: number } }>(
      'query ($id: String!) { application(tenant: "vrt", applicationId: $id) { status name tier } }',
      { id },
    );
    // Screened eligible in tier 1; waitlisted straight away when no mentor place is free (the VRT waitlist policy).
    expect(read.application).toMatchObject({ name: 'Zelda Quinones', tier: 1 });
    expect(['eligible', 'waitlisted']).toContain(read.application.status);
    const after = await query<{ dashboard: { applications: number } }>('query ($p: String!) { dashboard(tenant: "vrt", programId: $p) { applications } }', {
      p: programId,
    });
    expect(after.dashboard.applications).toBe(before.dashboard.applications + 1);
  });

  it('keeps another round table’s reads from an LRRT committee member', async () => {
    const lrrt = await t.signIn('coordinator@lrrt.demo', 'tandem-demo-2026');
    const response = await gql(t.url, '{ programs(tenant: "vrt") { edges { node { programId } } } }', {}, { token: lrrt });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
    const { roundTables } = await query<{ roundTables: { edges: { node: { tenant: string } }[] } }>('{ roundTables { edges { node { tenant } } } }', {}, lrrt);
    expect(roundTables.edges.map((e) => e.node.tenant)).toEqual(['lrrt']);
  });
});
