import type { CommandMetadata } from '../../src/core/command';
import { decideProgram } from '../../src/program/program.decider';
import type { ProgramCommand, ProgramEvent } from '../../src/program/program.events';
import { evolveProgram, type Program, type ProgramState } from '../../src/program/program.state';
import type { ApplicationInput } from '../../src/template/template.rules';
import type { ProgramTemplate, TemplateDefinition } from '../../src/template/template.types';
import { LRRT_TEMPLATE_ID, lrrtTemplate } from '../../src/template/templates/lrrt.template';
import { VRT_TEMPLATE_ID, vrtTemplate } from '../../src/template/templates/vrt.template';

export const AT = {
  draft: '2026-02-01T10:00:00.000Z',
  opens: '2026-03-01T00:00:00.000Z',
  inWindow: '2026-03-10T12:00:00.000Z',
  closes: '2026-05-01T00:00:00.000Z',
  afterWindow: '2026-05-15T12:00:00.000Z',
} as const;

export const CONFERENCE = { name: 'ALA Annual 2026', startsOn: '2026-06-25', endsOn: '2026-06-30' };

let keyCounter = 0;
export const meta = (over: Partial<CommandMetadata> = {}): CommandMetadata => {
  const key = `cmd-${++keyCounter}`;
  return { tenant: 'vrt', actor: 'chair-1', occurredAt: AT.inWindow, idempotencyKey: key, correlationId: key, causationId: null, ...over };
};

export const cmd = <C extends ProgramCommand>(type: C['type'], data: C['data'], over: Partial<CommandMetadata> = {}): C =>
  ({ type, data, metadata: meta(over) }) as C;

export const vrtMentor = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  role: 'mentor',
  name: 'Pat Mentor',
  email: 'pat@example.org',
  affiliation: 'Example University Library',
  careerStage: 'mid-career',
  membership: true,
  mentorCapacity: 1,
  answers: {
    interests: ['media-trends', 'conference-navigation'],
    'meeting-modes': ['virtual', 'at-conference'],
    'attending-conference': true,
    'years-in-media': 12,
  },
  ...over,
});

export const vrtMentee = (careerStage: 'early-career' | 'student', over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  role: 'mentee',
  name: careerStage === 'student' ? 'Sam Student' : 'Nina New',
  email: 'mentee@example.org',
  affiliation: null,
  careerStage,
  membership: true,
  answers: { interests: ['media-trends'], 'meeting-modes': ['virtual'], 'attending-conference': true, goals: 'Learn how to run a streaming video collection.' },
  ...over,
});

export const lrrtMentor = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  role: 'mentor',
  name: 'Riley Researcher',
  email: 'riley@example.edu',
  affiliation: 'State University',
  careerStage: 'senior',
  membership: true,
  mentorCapacity: 1,
  answers: {
    'research-topics': ['information-literacy', 'assessment'],
    methodologies: ['qualitative', 'survey'],
    support: ['research-design', 'publication-outlets'],
    'research-experience': 'experienced',
    publications: 14,
  },
  ...over,
});

export const lrrtMentee = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  role: 'mentee',
  name: 'Noor Novice',
  email: 'noor@example.edu',
  affiliation: 'City College',
  careerStage: 'early-career',
  membership: true,
  answers: {
    'research-topics': ['information-literacy'],
    methodologies: ['survey'],
    support: ['research-design', 'article-from-thesis'],
    project: 'Turning my thesis on first-year information literacy into an article.',
  },
  ...over,
});

export const pin = (templateId: string, definition: TemplateDefinition, version = 1): ProgramTemplate => ({ ...definition, templateId, version });

/** Builds a program's history by deciding commands, for given/when/then tests. */
export class Scenario {
  events: ProgramEvent[] = [];
  state: ProgramState = { status: 'none' };

  constructor(readonly tenant = 'vrt') {}

  get program(): Program {
    if (this.state.status === 'none') throw new Error('no program');
    return this.state;
  }

  run(type: ProgramCommand['type'], data: unknown, over: Partial<CommandMetadata> = {}): ProgramEvent[] {
    const command = { type, data, metadata: meta({ tenant: this.tenant, ...over }) } as ProgramCommand;
    const decided = decideProgram(command, this.state);
    this.events.push(...decided);
    this.state = decided.reduce(evolveProgram, this.state);
    return decided;
  }

  static vrt(options: { open?: boolean; capacityDefault?: number } = {}): Scenario {
    const s = new Scenario('vrt');
    s.run(
      'DraftProgram',
      { programId: 'vrt-2026', title: 'VRT Mentorship 2026', template: pin(VRT_TEMPLATE_ID, vrtTemplate), conference: CONFERENCE },
      { occurredAt: AT.draft },
    );
    if (options.open !== false) s.run('OpenApplicationWindow', { opensAt: AT.opens, closesAt: AT.closes }, { occurredAt: AT.draft });
    return s;
  }

  static lrrt(options: { open?: boolean } = {}): Scenario {
    const s = new Scenario('lrrt');
    s.run(
      'DraftProgram',
      { programId: 'lrrt-2026', title: 'LRRT Virtual Mentorship 2026', template: pin(LRRT_TEMPLATE_ID, lrrtTemplate) },
      { occurredAt: AT.draft },
    );
    if (options.open !== false) s.run('OpenApplicationWindow', { opensAt: AT.opens, closesAt: AT.closes }, { occurredAt: AT.draft });
    return s;
  }

  static custom(template: ProgramTemplate, tenant = 'acrl'): Scenario {
    const s = new Scenario(tenant);
    s.run('DraftProgram', { programId: 'p1', title: 'Custom program', template, conference: CONFERENCE }, { occurredAt: AT.draft });
    s.run('OpenApplicationWindow', { opensAt: AT.opens, closesAt: AT.closes }, { occurredAt: AT.draft });
    return s;
  }

  submit(applicationId: string, input: ApplicationInput, personId = `person-${applicationId}`): this {
    this.run('SubmitApplication', { applicationId, personId, input }, { actor: 'public' });
    return this;
  }

  screen(applicationId: string): this {
    this.run('ScreenApplication', { applicationId });
    return this;
  }

  /** Submits and screens. */
  admit(applicationId: string, input: ApplicationInput): this {
    return this.submit(applicationId, input).screen(applicationId);
  }

  propose(pairId: string, mentor: string, mentee: string): this {
    this.run('ProposePair', { pairId, mentorApplicationId: mentor, menteeApplicationId: mentee });
    return this;
  }

  confirm(pairId: string): this {
    this.run('AcceptPair', { pairId, party: 'mentor' });
    this.run('AcceptPair', { pairId, party: 'mentee' });
    this.run('ConfirmPair', { pairId });
    return this;
  }
}
