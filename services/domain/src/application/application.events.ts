import type { Command } from '../core/command';
import type { Event } from '../core/event';
import type { CommitteeRole } from '../roundtable/roundtable.decider';
import type { AnswerValue, ApplicationInput } from '../template/template.rules';
import type { CareerStage, Role } from '../template/template.types';

export type ApplicationStatus = 'submitted' | 'eligible' | 'ineligible' | 'waitlisted' | 'withdrawn';

/** A committee member let an application in outside the window; recorded as such. */
export interface WindowOverride {
  by: string;
  role: CommitteeRole;
  reason: string;
}

/**
 * Application events live in their program's stream (the consistency boundary that enforces the
 * window, capacity and tiers); `data` holds what audit and matching read without keys, the
 * personal part holds name, email, affiliation and free-text answers.
 */
export type ApplicationEvent =
  | Event<
      'ApplicationSubmitted',
      {
        applicationId: string;
        programId: string;
        personId: string;
        role: Role;
        careerStage: CareerStage;
        membership: boolean;
        /** Mentors: mentees they take on (the template's default when they did not say); mentees: null. */
        mentorCapacity: number | null;
        /** Answers to choice, number and yes/no questions. */
        answers: Record<string, AnswerValue>;
        submittedAt: string;
        windowOverride: WindowOverride | null;
      }
    >
  | Event<
      'ApplicationAmended',
      {
        applicationId: string;
        careerStage?: CareerStage;
        membership?: boolean;
        mentorCapacity?: number;
        answers?: Record<string, AnswerValue>;
        /** Names of personal fields that changed (their values are in the personal part). */
        personalChanged: string[];
        /** The change touched what screening looks at: the application is screened again. */
        rescreen: boolean;
        amendedBy: string;
      }
    >
  | Event<'ApplicationWithdrawn', { applicationId: string; reason: string; withdrawnBy: string }>
  | Event<
      'ApplicationScreened',
      {
        applicationId: string;
        outcome: 'eligible' | 'ineligible';
        /** The eligibility rule that turned the applicant down (`committee-decision` for a manual one). */
        rule: string | null;
        reason: string | null;
        /** The mentee's priority tier under the template, null without tiers. */
        tier: number | null;
        screenedBy: string;
      }
    >
  | Event<'ApplicationWaitlisted', { applicationId: string; reason: string; waitlistedBy: string }>
  | Event<'ApplicationPromoted', { applicationId: string; reason: string; promotedBy: string }>
  | Event<'WaitlistPromotionSuggested', { applicationId: string; reason: string }>;

export type ApplicationAmendment = Partial<Omit<ApplicationInput, 'role'>>;

export type ApplicationCommand =
  | Command<
      'SubmitApplication',
      {
        applicationId: string;
        personId: string;
        input: ApplicationInput;
        /** Outside the window only: filled by the handler after checking the actor is on the committee. */
        windowOverride?: WindowOverride | null;
      }
    >
  | Command<'AmendApplication', { applicationId: string; changes: ApplicationAmendment }>
  | Command<'WithdrawApplication', { applicationId: string; reason: string }>
  | Command<'ScreenApplication', { applicationId: string; turnDown?: { reason: string } }>
  | Command<'WaitlistApplication', { applicationId: string; reason: string }>
  | Command<'PromoteApplication', { applicationId: string; reason: string }>
  | Command<'SuggestPromotion', { applicationId: string; reason: string }>;
