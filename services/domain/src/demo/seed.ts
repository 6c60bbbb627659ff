import type { EventStore } from '@tandem/eventstore';
import type { DomainDeps } from '../core/command-handler';
import { addDays } from '../core/dates';
import { deriveId } from '../core/ids';
import { commandMetadata } from '../core/metadata';
import { handlePairCommand } from '../pair/pair.handlers';
import type { KeyStore } from '../person/key-store';
import { draftProgram, handleProgramCommand, runMatchRun, submitApplication } from '../program/program.handlers';
import type { CommitteeRole } from '../roundtable/roundtable.decider';
import { handleRoundTableCommand } from '../roundtable/roundtable.handlers';
import { handleTemplateCommand } from '../template/template.handlers';
import type { ApplicationInput } from '../template/template.rules';
import type { CareerStage, TemplateDefinition } from '../template/template.types';
import { LRRT_TEMPLATE_ID, lrrtTemplate } from '../template/templates/lrrt.template';
import { VRT_TEMPLATE_ID, vrtTemplate } from '../template/templates/vrt.template';

// Fictional people: the demo must never look like anyone's real personal data.
const FIRST = [
  'Avery',
  'Blake',
  'Casey',
  'Dana',
  'Emery',
  'Finley',
  'Gray',
  'Harper',
  'Indigo',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noel',
  'Oakley',
  'Parker',
  'Quinn',
  'Reese',
  'Sage',
  'Tatum',
  'Umi',
  'Val',
  'Wren',
  'Xen',
  'Yael',
  'Zion',
  'Ari',
  'Bo',
  'Cruz',
  'Devi',
  'Eli',
  'Fern',
];
const LAST = [
  'Abernathy',
  'Baptiste',
  'Castellanos',
  'Delacroix',
  'Eriksen',
  'Fairweather',
  'Gallagher',
  'Hollis',
  'Ibarra',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Mbeki',
  'Nakashima',
  'Okafor',
  'Pellegrini',
  'Quintero',
  'Rasmussen',
  'Szabo',
  'Thorne',
  'Uchida',
  'Villanueva',
  'Whitcombe',
  'Xiong',
  'Yamamoto',
  'Zielinski',
];
const INSTITUTIONS = [
  'Lakeside University Library',
  'Northgate Public Library',
  'Riverbend Community College',
  'Old Harbor State University',
  'Pinecrest County Library System',
  'Meridian College of Art and Design',
  'Granite Falls Public Library',
  'Westfield University Libraries',
];

const nameOf = (n: number) => `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
const emailOf = (tenant: string, n: number) =>
  `${nameOf(n)
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')}.${n}@${tenant}.example.org`;
const pick = <T>(list: readonly T[], n: number, count: number): T[] =>
  Array.from({ length: count }, (_, i) => list[(n * 3 + i * 5) % list.length] as T).filter((v, i, a) => a.indexOf(v) === i);
const optionsOf = (t: TemplateDefinition, id: string) => t.questions.find((q) => q.id === id)?.options?.map((o) => o.value) ?? [];

export interface SeedOptions {
  /** Everything the seed records happens relative to this moment (deterministic given it). */
  now: Date | string;
}

export interface SeedSummary {
  tenants: string[];
  programs: { tenant: string; programId: string; applications: number; pairs: number }[];
}

interface Ctx {
  deps: DomainDeps;
  tenant: string;
  now: string;
  at: (days: number, hours?: number) => string;
}

const meta = (c: Ctx, step: string, actor: string, at: string) => commandMetadata({ tenant: c.tenant, actor, at, key: `demo:${c.tenant}:${step}` });

const setUpRoundTable = async (
  c: Ctx,
  profile: { abbreviation: string; name: string; website: string },
  committee: { userId: string; role: CommitteeRole; n: number }[],
  template: { id: string; definition: TemplateDefinition },
) => {
  const chair = committee[0]!;
  const person = (m: { userId: string; n: number }) => ({
    personId: deriveId('demo', c.tenant, 'person', m.userId),
    name: nameOf(m.n),
    email: emailOf(c.tenant, m.n),
  });
  await handleRoundTableCommand(c.deps, {
    type: 'RegisterRoundTable',
    data: { ...profile, contact: person(chair) },
    metadata: meta(c, 'register', 'admin', c.at(-60)),
  });
  for (const m of committee) {
    await handleRoundTableCommand(c.deps, {
      type: 'AppointCommitteeMember',
      data: { userId: m.userId, role: m.role, person: person(m) },
      metadata: meta(c, `appoint:${m.userId}`, 'admin', c.at(-59)),
    });
  }
  await handleTemplateCommand(c.deps, {
    type: 'DefineTemplate',
    data: { templateId: template.id, definition: template.definition },
    metadata: meta(c, 'template', chair.userId, c.at(-50)),
  });
};

const apply = async (c: Ctx, programId: string, n: number, input: ApplicationInput, at: string) => {
  const applicationId = deriveId('demo', c.tenant, programId, 'application', n);
  await submitApplication(
    c.deps,
    { programId, applicationId, personId: deriveId('demo', c.tenant, 'applicant', n), application: input },
    meta(c, `apply:${programId}:${n}`, 'public', at),
  );
  return applicationId;
};

const screenAll = async (c: Ctx, programId: string, ids: string[], actor: string) => {
  for (const applicationId of ids) {
    await handleProgramCommand(c.deps, programId, {
      type: 'ScreenApplication',
      data: { applicationId },
      metadata: meta(c, `screen:${applicationId}`, actor, c.at(-1)),
    });
  }
};

const seedVrt = async (c: Ctx) => {
  await setUpRoundTable(
    c,
    { abbreviation: 'VRT', name: 'Video Round Table', website: 'https://www.ala.org/rt/vrt' },
    [
      { userId: 'vrt-chair', role: 'chair', n: 101 },
      { userId: 'vrt-coordinator', role: 'coordinator', n: 102 },
      { userId: 'vrt-member', role: 'member', n: 103 },
    ],
    { id: VRT_TEMPLATE_ID, definition: vrtTemplate },
  );
  const programId = 'vrt-mentorship-demo';
  const conferenceStart = addDays(c.now.slice(0, 10), 120);
  await draftProgram(
    c.deps,
    {
      programId,
      title: 'VRT Mentorship (ALA Annual)',
      templateId: VRT_TEMPLATE_ID,
      conference: { name: 'ALA Annual Conference', startsOn: conferenceStart, endsOn: addDays(conferenceStart, 4) },
    },
    meta(c, 'draft', 'vrt-chair', c.at(-30)),
  );
  await handleProgramCommand(c.deps, programId, {
    type: 'OpenApplicationWindow',
    data: { opensAt: c.at(-21), closesAt: `${addDays(conferenceStart, -45)}T23:59:59.000Z` },
    metadata: meta(c, 'open', 'vrt-chair', c.at(-21)),
  });
  const interests = optionsOf(vrtTemplate, 'interests');
  const modes = optionsOf(vrtTemplate, 'meeting-modes');
  const mentors: string[] = [];
  const mentees: string[] = [];
  for (let n = 0; n < 30; n++) {
    const role = n < 10 ? 'mentor' : 'mentee';
    const careerStage: CareerStage = role === 'mentor' ? (n % 3 === 0 ? 'senior' : 'mid-career') : n < 22 ? 'early-career' : 'student';
    const input: ApplicationInput = {
      role,
      name: nameOf(n),
      email: emailOf(c.tenant, n),
      affiliation: INSTITUTIONS[n % INSTITUTIONS.length]!,
      careerStage,
      // One mentor is not (yet) a VRT member: screening turns them down.
      membership: !(n === 7),
      ...(role === 'mentor' ? { mentorCapacity: n % 4 === 0 ? 2 : 1 } : {}),
      answers: {
        interests: pick(interests, n, 2 + (n % 3)),
        'meeting-modes': pick(modes, n, 1 + (n % 3)),
        'attending-conference': n % 5 !== 0,
        ...(role === 'mentor' ? { 'years-in-media': 6 + (n % 20) } : {}),
        goals:
          role === 'mentor'
            ? 'Happy to share how I built a streaming video collection on a small budget.'
            : 'I work alone with our media collection and want to learn how others handle licensing.',
      },
    };
    const id = await apply(c, programId, n, input, c.at(-20 + Math.floor(n / 2), n % 24));
    (role === 'mentor' ? mentors : mentees).push(id);
  }
  await screenAll(c, programId, [...mentors, ...mentees], 'vrt-coordinator');
  await runMatchRun(c.deps, { programId, runId: deriveId('demo', c.tenant, 'run', 1) }, meta(c, 'match-run-1', 'vrt-coordinator', c.at(-1, 12)));
  return { programId, applications: 30, pairs: 0 };
};

const seedLrrt = async (c: Ctx) => {
  await setUpRoundTable(
    c,
    { abbreviation: 'LRRT', name: 'Library Research Round Table', website: 'https://www.ala.org/rt/lrrt' },
    [
      { userId: 'lrrt-chair', role: 'chair', n: 201 },
      { userId: 'lrrt-coordinator', role: 'coordinator', n: 202 },
      { userId: 'lrrt-member', role: 'member', n: 203 },
      { userId: 'lrrt-auditor', role: 'auditor', n: 204 },
    ],
    { id: LRRT_TEMPLATE_ID, definition: lrrtTemplate },
  );
  const programId = 'lrrt-virtual-demo';
  await draftProgram(
    c.deps,
    { programId, title: 'LRRT Virtual Mentorship (year-long cohort)', templateId: LRRT_TEMPLATE_ID },
    meta(c, 'draft', 'lrrt-chair', c.at(-30)),
  );
  await handleProgramCommand(c.deps, programId, {
    type: 'OpenApplicationWindow',
    data: { opensAt: c.at(-28), closesAt: c.at(30) },
    metadata: meta(c, 'open', 'lrrt-chair', c.at(-28)),
  });
  const topics = optionsOf(lrrtTemplate, 'research-topics');
  const methods = optionsOf(lrrtTemplate, 'methodologies');
  const support = optionsOf(lrrtTemplate, 'support');
  const projects = [
    'Turning my MLIS thesis on first-year information literacy into a journal article.',
    'A survey of how small public libraries assess their programming.',
    'Interviews with students about open educational resources.',
    'A bibliometric look at where LIS practitioners publish.',
    'Designing my first mixed-methods study on reference chat transcripts.',
  ];
  const mentors: string[] = [];
  const mentees: string[] = [];
  for (let n = 0; n < 30; n++) {
    const role = n < 10 ? 'mentor' : 'mentee';
    const input: ApplicationInput = {
      role,
      name: nameOf(n + 40),
      email: emailOf(c.tenant, n),
      affiliation: INSTITUTIONS[(n + 3) % INSTITUTIONS.length]!,
      careerStage: role === 'mentor' ? 'senior' : n % 4 === 0 ? 'student' : 'early-career',
      membership: n % 6 !== 0,
      ...(role === 'mentor' ? { mentorCapacity: n % 3 === 0 ? 2 : 1 } : {}),
      answers:
        role === 'mentor'
          ? {
              'research-topics': pick(topics, n, 3),
              methodologies: pick(methods, n, 3),
              support: pick(support, n, 3),
              // Mentor 9 is still beginning: the "experienced researcher" rule turns them down.
              'research-experience': n === 9 ? 'some' : n % 2 === 0 ? 'extensive' : 'experienced',
              publications: n === 9 ? 1 : 5 + n * 2,
              'research-statement': 'I enjoy helping new researchers find the right question and the right venue.',
            }
          : {
              'research-topics': pick(topics, n, 1 + (n % 2)),
              methodologies: pick(methods, n, 1 + (n % 2)),
              support: pick(support, n, 2),
              project: projects[n % projects.length]!,
            },
    };
    const id = await apply(c, programId, n, input, c.at(-27 + Math.floor(n / 2), n % 24));
    (role === 'mentor' ? mentors : mentees).push(id);
  }
  await screenAll(c, programId, [...mentors, ...mentees], 'lrrt-coordinator');
  // The committee pairs by topic, method or project need: a run, adopted, and the first pairs confirmed.
  const runId = deriveId('demo', c.tenant, 'run', 1);
  await runMatchRun(c.deps, { programId, runId }, meta(c, 'match-run-1', 'lrrt-coordinator', c.at(-1, 12)));
  const adopted = await handleProgramCommand(c.deps, programId, {
    type: 'AdoptMatchRun',
    data: { runId },
    metadata: meta(c, 'adopt-1', 'lrrt-chair', c.at(-1, 13)),
  });
  // A rerun finds the adoption already stored and hands back the same PairProposed events.
  const pairIds = adopted.events.filter((e) => e.type === 'PairProposed').map((e) => (e.data as { pairId: string }).pairId);
  for (const [i, pairId] of pairIds.slice(0, 4).entries()) {
    for (const party of ['mentor', 'mentee'] as const) {
      await handleProgramCommand(c.deps, programId, {
        type: 'AcceptPair',
        data: { pairId, party },
        metadata: meta(c, `accept:${pairId}:${party}`, 'lrrt-coordinator', c.at(0, 1)),
      });
    }
    await handleProgramCommand(c.deps, programId, { type: 'ConfirmPair', data: { pairId }, metadata: meta(c, `confirm:${pairId}`, 'lrrt-chair', c.at(0, 2)) });
    await handlePairCommand(c.deps, {
      type: 'ScheduleCheckIn',
      data: { pairId, checkInId: 'introduction', dueOn: c.at(0, 3).slice(0, 10), label: 'introductory video call', mode: 'virtual' },
      metadata: meta(c, `intro:${pairId}`, 'lrrt-coordinator', c.at(0, 3)),
    });
    if (i < 2) {
      await handlePairCommand(c.deps, {
        type: 'RecordCheckInHeld',
        data: {
          pairId,
          checkInId: 'introduction',
          heldOn: c.at(0, 4).slice(0, 10),
          attendance: { mentor: true, mentee: true },
          notes: 'Agreed on a research question and a monthly rhythm.',
        },
        metadata: meta(c, `intro-held:${pairId}`, 'lrrt-coordinator', c.at(0, 4)),
      });
    }
  }
  return { programId, applications: 30, pairs: pairIds.length };
};

/**
 * Builds the VRT and LRRT round tables, their committees and templates, one program each with
 * the window open and thirty applicants, screened; VRT gets a match run, LRRT pairs proposed,
 * four confirmed and introductory check-ins. Everything goes through the same commands the API
 * uses, with idempotency keys: running it again writes nothing new. Deterministic given `now`.
 */
export const seedDemo = async (store: EventStore, keyStore: KeyStore, options: SeedOptions): Promise<SeedSummary> => {
  const now = typeof options.now === 'string' ? new Date(options.now) : options.now;
  const deps: DomainDeps = { store, keyStore };
  const at = (days: number, hours = 0) => new Date(now.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
  const vrt = await seedVrt({ deps, tenant: 'vrt', now: now.toISOString(), at });
  const lrrt = await seedLrrt({ deps, tenant: 'lrrt', now: now.toISOString(), at });
  return {
    tenants: ['vrt', 'lrrt'],
    programs: [
      { tenant: 'vrt', ...vrt },
      { tenant: 'lrrt', ...lrrt },
    ],
  };
};
