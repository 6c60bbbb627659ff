import type { ApplicationStatus, WindowOverride } from '../application/application.events';
import type { AnswerValue } from '../template/template.rules';
import type { CareerStage, ProgramTemplate, Role } from '../template/template.types';
import type { Conference, MatchRunParameters, PairParties, ProgramEvent, RunProposal, RunUnmatched, ScheduledCheckIn } from './program.events';

export interface ApplicationRecord {
  applicationId: string;
  personId: string;
  role: Role;
  careerStage: CareerStage;
  membership: boolean;
  /** Mentors: places offered; mentees: 0. */
  capacity: number;
  answers: Record<string, AnswerValue>;
  status: ApplicationStatus;
  tier: number | null;
  screening: { outcome: 'eligible' | 'ineligible'; rule: string | null; reason: string | null } | null;
  submittedAt: string;
  /** Order of submission in the program (priority within a tier). */
  seq: number;
  windowOverride: WindowOverride | null;
  promotionSuggested: boolean;
}

export type PairStatus = 'proposed' | 'confirmed' | 'declined' | 'ended';

export interface PairRecord extends PairParties {
  status: PairStatus;
  fixed: boolean;
  runId: string | null;
  accepted: { mentor: string | null; mentee: string | null };
}

export interface MatchRunRecord {
  runId: string;
  status: 'requested' | 'completed' | 'adopted';
  objective: 'coverage' | 'score' | null;
  inputsDigest: string | null;
  parameters: MatchRunParameters | null;
  proposals: RunProposal[];
  unmatched: RunUnmatched[];
}

export type ProgramStatus = 'drafted' | 'open' | 'closed' | 'started' | 'completed';

export interface Program {
  status: ProgramStatus;
  programId: string;
  title: string;
  template: ProgramTemplate;
  conference: Conference | null;
  window: { opensAt: string; closesAt: string } | null;
  startsOn: string | null;
  endsOn: string | null;
  checkInSchedule: ScheduledCheckIn[];
  applications: Record<string, ApplicationRecord>;
  pairs: Record<string, PairRecord>;
  /** `${mentorApplicationId}|${menteeApplicationId}` → reason. */
  forbidden: Record<string, string>;
  runs: Record<string, MatchRunRecord>;
  submissions: number;
}

export type ProgramState = { status: 'none' } | Program;

export const forbiddenKey = (mentorApplicationId: string, menteeApplicationId: string) => `${mentorApplicationId}|${menteeApplicationId}`;

// The owned step below may set a state's fields and replace entries of its collections, never
// change an entry object: older states share those.
const updateApplication = (state: Program, id: string, change: Partial<ApplicationRecord>): Program => {
  const current = state.applications[id];
  if (current) state.applications[id] = { ...current, ...change };
  return state;
};

const updatePair = (state: Program, id: string, change: Partial<PairRecord>): Program => {
  const current = state.pairs[id];
  if (current) state.pairs[id] = { ...current, ...change };
  return state;
};

const newPair = (state: Program, parties: PairParties, fixed: boolean, runId: string | null): Program => {
  state.pairs[parties.pairId] = { ...parties, status: 'proposed', fixed, runId, accepted: { mentor: null, mentee: null } };
  return state;
};

const pickParties = (p: PairParties): PairParties => ({
  pairId: p.pairId,
  mentorApplicationId: p.mentorApplicationId,
  menteeApplicationId: p.menteeApplicationId,
  mentorPersonId: p.mentorPersonId,
  menteePersonId: p.menteePersonId,
});

/**
 * A copy of the state that an owned step may change: the state and its collections are new
 * objects, their entries shared.
 */
export const ownProgram = (state: ProgramState): ProgramState =>
  state.status === 'none'
    ? state
    : { ...state, applications: { ...state.applications }, pairs: { ...state.pairs }, forbidden: { ...state.forbidden }, runs: { ...state.runs } };

/** Folds one event into the state (pure): a copy of the state, changed by the owned step. */
export const evolveProgram = (state: ProgramState, event: ProgramEvent): ProgramState => evolveProgramOwned(ownProgram(state), event);

/**
 * Folds one event into a state the caller owns, in place. A fold from the initial state owns
 * every state it makes; copying the applications for each event made loading a program of
 * 4,000 applications (16,000 events) take 16.7 s.
 */
export const evolveProgramOwned = (state: ProgramState, event: ProgramEvent): ProgramState => {
  if (event.type === 'ProgramDrafted') {
    const d = event.data;
    return {
      status: 'drafted',
      programId: d.programId,
      title: d.title,
      template: { ...d.template, templateId: d.templateId, version: d.templateVersion },
      conference: d.conference,
      window: null,
      startsOn: null,
      endsOn: null,
      checkInSchedule: [],
      applications: {},
      pairs: {},
      forbidden: {},
      runs: {},
      submissions: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ApplicationWindowOpened':
      return Object.assign(state, { status: 'open', window: { opensAt: event.data.opensAt, closesAt: event.data.closesAt } });
    case 'ApplicationWindowClosed':
      return Object.assign(state, { status: 'closed', window: state.window ? { ...state.window, closesAt: event.data.closedAt } : null });
    case 'ProgramStarted':
      return Object.assign(state, { status: 'started', startsOn: event.data.startsOn, endsOn: event.data.endsOn, checkInSchedule: event.data.checkInSchedule });
    case 'ProgramCompleted':
      return Object.assign(state, { status: 'completed' });

    case 'ApplicationSubmitted': {
      const d = event.data;
      const seq = state.submissions + 1;
      state.submissions = seq;
      state.applications[d.applicationId] = {
        applicationId: d.applicationId,
        personId: d.personId,
        role: d.role,
        careerStage: d.careerStage,
        membership: d.membership,
        capacity: d.role === 'mentor' ? (d.mentorCapacity ?? state.template.capacity.default) : 0,
        answers: d.answers,
        status: 'submitted',
        tier: null,
        screening: null,
        submittedAt: d.submittedAt,
        seq,
        windowOverride: d.windowOverride,
        promotionSuggested: false,
      };
      return state;
    }
    case 'ApplicationAmended': {
      const d = event.data;
      const current = state.applications[d.applicationId];
      if (!current) return state;
      return updateApplication(state, d.applicationId, {
        ...(d.careerStage === undefined ? {} : { careerStage: d.careerStage }),
        ...(d.membership === undefined ? {} : { membership: d.membership }),
        ...(d.mentorCapacity === undefined ? {} : { capacity: d.mentorCapacity }),
        answers: { ...current.answers, ...(d.answers ?? {}) },
        ...(d.rescreen ? { status: 'submitted' as const, screening: null, tier: null } : {}),
      });
    }
    case 'ApplicationWithdrawn':
      return updateApplication(state, event.data.applicationId, { status: 'withdrawn' });
    case 'ApplicationScreened': {
      const d = event.data;
      return updateApplication(state, d.applicationId, {
        status: d.outcome,
        tier: d.tier,
        screening: { outcome: d.outcome, rule: d.rule, reason: d.reason },
      });
    }
    case 'ApplicationWaitlisted':
      return updateApplication(state, event.data.applicationId, { status: 'waitlisted', promotionSuggested: false });
    case 'ApplicationPromoted':
      return updateApplication(state, event.data.applicationId, { status: 'eligible', promotionSuggested: false });
    case 'WaitlistPromotionSuggested':
      return updateApplication(state, event.data.applicationId, { promotionSuggested: true });

    case 'MatchRunRequested':
      state.runs[event.data.runId] = {
        runId: event.data.runId,
        status: 'requested',
        objective: event.data.objective,
        inputsDigest: null,
        parameters: null,
        proposals: [],
        unmatched: [],
      };
      return state;
    case 'MatchRunCompleted': {
      const run = state.runs[event.data.runId];
      if (!run) return state;
      const { inputsDigest, parameters, proposals, unmatched } = event.data;
      state.runs[run.runId] = { ...run, status: 'completed', inputsDigest, parameters, proposals, unmatched };
      return state;
    }
    case 'PairProposed': {
      newPair(state, pickParties(event.data), false, event.data.runId);
      const run = event.data.runId ? state.runs[event.data.runId] : undefined;
      if (run) state.runs[run.runId] = { ...run, status: 'adopted' };
      return state;
    }
    case 'PairFixed':
      return newPair(state, pickParties(event.data), true, null);
    case 'PairForbidden':
      state.forbidden[forbiddenKey(event.data.mentorApplicationId, event.data.menteeApplicationId)] = event.data.reason;
      return state;
    case 'ProposalsSwapped': {
      const reset = { accepted: { mentor: null, mentee: null } };
      return updatePair(updatePair(state, event.data.first.pairId, { ...pickParties(event.data.first), ...reset }), event.data.second.pairId, {
        ...pickParties(event.data.second),
        ...reset,
      });
    }
    case 'PairAcceptedBy': {
      const pair = state.pairs[event.data.pairId];
      return pair ? updatePair(state, pair.pairId, { accepted: { ...pair.accepted, [event.data.party]: event.data.recordedBy } }) : state;
    }
    case 'PairDeclined':
      return updatePair(state, event.data.pairId, { status: 'declined' });
    case 'PairConfirmed':
      return updatePair(state, event.data.pairId, { status: 'confirmed' });
    case 'PairEnded':
      return updatePair(state, event.data.pairId, { status: 'ended' });
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};
