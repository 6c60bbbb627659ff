import type { ApplicationCommand, ApplicationEvent } from '../application/application.events';
import type { Command } from '../core/command';
import type { Event } from '../core/event';
import type { ProgramTemplate, TemplateDefinition } from '../template/template.types';

export interface Conference {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface ScheduledCheckIn {
  index: number;
  dueOn: string;
}

/** A pair as program events name it: both applications and both persons. */
export interface PairParties {
  pairId: string;
  mentorApplicationId: string;
  menteeApplicationId: string;
  mentorPersonId: string;
  menteePersonId: string;
}

export type Party = 'mentor' | 'mentee';

export interface ProposalFactor {
  factor: string;
  weight: number;
  applicable: boolean;
  score: number;
  text: string;
}

/** The best other mentor the engine saw for a proposed mentee. */
export interface RunAlternative {
  mentorApplicationId: string;
  score: number;
  /** Whether that mentor still has a free place once every proposal is made. */
  hasFreePlace: boolean;
  text: string;
}

/** One proposal of a match run, with its per-factor explanation. */
export interface RunProposal {
  menteeApplicationId: string;
  mentorApplicationId: string;
  score: number;
  fixed: boolean;
  factors: ProposalFactor[];
  summary: string;
  /** The next-best alternative; null when there is none, and in runs recorded before version 2 of this event. */
  alternative: RunAlternative | null;
}

export interface RunUnmatched {
  menteeApplicationId: string;
  tier: number | null;
  reasons: { code: string; text: string; mentorIds: string[] }[];
  text: string;
}

export interface MatchRunParameters {
  objective: 'coverage' | 'score';
  tiers: boolean;
  weights: Record<string, number>;
  required: string[];
  sameInstitutionForbidden: boolean;
  minScore: number;
}

export type ProgramCycleEvent =
  | Event<
      'ProgramDrafted',
      {
        programId: string;
        title: string;
        templateId: string;
        templateVersion: number;
        /** The pinned template version itself, so the program's history stands on its own. */
        template: TemplateDefinition;
        conference: Conference | null;
        draftedBy: string;
      }
    >
  | Event<'ApplicationWindowOpened', { opensAt: string; closesAt: string; openedBy: string }>
  | Event<'ApplicationWindowClosed', { closedAt: string; closedBy: string; early: boolean }>
  | Event<'ProgramStarted', { startsOn: string; endsOn: string; checkInSchedule: ScheduledCheckIn[]; startedBy: string }>
  | Event<'ProgramCompleted', { completedOn: string; pairsConfirmed: number; completedBy: string }>;

export type MatchingDecisionEvent =
  | Event<'MatchRunRequested', { runId: string; requestedBy: string; objective: 'coverage' | 'score' | null }>
  | Event<
      'MatchRunCompleted',
      {
        runId: string;
        /** sha256 of the pool and parameters the run worked on (the domain's canonical input). */
        inputsDigest: string;
        engineVersion: string;
        engineDigest: string;
        parameters: MatchRunParameters;
        proposals: RunProposal[];
        unmatched: RunUnmatched[];
      }
    >
  | Event<'PairProposed', PairParties & { proposedBy: string; runId: string | null; score: number | null }>
  | Event<'PairFixed', PairParties & { fixedBy: string; reason: string }>
  | Event<'PairForbidden', { mentorApplicationId: string; menteeApplicationId: string; reason: string; forbiddenBy: string }>
  | Event<'ProposalsSwapped', { first: PairParties; second: PairParties; swappedBy: string }>
  | Event<'PairAcceptedBy', { pairId: string; party: Party; recordedBy: string }>
  | Event<'PairDeclined', { pairId: string; party: Party | 'committee'; reason: string; recordedBy: string }>
  | Event<'PairConfirmed', PairParties & { confirmedBy: string }>
  | Event<'PairEnded', { pairId: string; reason: string; endedBy: string }>;

/** Everything the program stream holds: the cycle, the pool (applications) and matching decisions. */
export type ProgramEvent = ProgramCycleEvent | ApplicationEvent | MatchingDecisionEvent;

export type ProgramCycleCommand =
  | Command<'DraftProgram', { programId: string; title: string; template: ProgramTemplate; conference?: Conference | null }>
  | Command<'OpenApplicationWindow', { opensAt: string; closesAt: string }>
  | Command<'CloseApplicationWindow', Record<string, never>>
  | Command<'StartProgram', { startsOn: string }>
  | Command<'CompleteProgram', Record<string, never>>;

export type MatchingCommand =
  | Command<'RequestMatchRun', { runId: string; objective?: 'coverage' | 'score' }>
  | Command<
      'CompleteMatchRun',
      {
        runId: string;
        inputsDigest: string;
        engineVersion: string;
        engineDigest: string;
        parameters: MatchRunParameters;
        proposals: RunProposal[];
        unmatched: RunUnmatched[];
      }
    >
  /** Turns a run's proposals into pending pairs (all or none, each checked like a committee proposal). */
  | Command<'AdoptMatchRun', { runId: string; menteeApplicationIds?: string[] }>
  | Command<'ProposePair', { pairId: string; mentorApplicationId: string; menteeApplicationId: string }>
  | Command<'FixPair', { pairId: string; mentorApplicationId: string; menteeApplicationId: string; reason: string }>
  | Command<'ForbidPair', { mentorApplicationId: string; menteeApplicationId: string; reason: string }>
  | Command<'SwapProposals', { firstPairId: string; secondPairId: string }>
  | Command<'AcceptPair', { pairId: string; party: Party }>
  | Command<'DeclinePair', { pairId: string; party: Party | 'committee'; reason: string }>
  | Command<'ConfirmPair', { pairId: string }>
  | Command<'EndPair', { pairId: string; reason: string }>;

export type ProgramCommand = ProgramCycleCommand | ApplicationCommand | MatchingCommand;
