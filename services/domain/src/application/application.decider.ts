import { isBefore } from '../core/dates';
import { ConflictError, ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../core/errors';
import type { PersonalPart } from '../core/event';
import { activePairs, isMatched, mentorLoad, placesLeftFor, totalFreePlaces } from '../program/capacity';
import type { ProgramEvent } from '../program/program.events';
import type { ApplicationRecord, Program } from '../program/program.state';
import {
  type AnswerValue,
  type ApplicantFacts,
  type ApplicationInput,
  answerIssue,
  applicationIssues,
  failedRule,
  questionsFor,
  splitAnswers,
  tierLabel,
  tierOf,
} from '../template/template.rules';
import type { ApplicationCommand } from './application.events';

/** Is the program's window open at `at`? */
export const windowOpenAt = (state: Program, at: string): boolean =>
  state.status === 'open' && state.window !== null && !isBefore(at, state.window.opensAt) && isBefore(at, state.window.closesAt);

export const factsOf = (a: ApplicationRecord): ApplicantFacts => ({
  role: a.role,
  careerStage: a.careerStage,
  membership: a.membership,
  mentorCapacity: a.role === 'mentor' ? a.capacity : null,
  answers: a.answers,
});

export const findApplication = (state: Program, applicationId: string): ApplicationRecord => {
  const found = state.applications[applicationId];
  if (!found) {
    throw new NotFoundError(`application ${applicationId} is not part of program "${state.title}"; pairs and decisions never cross programs or round tables`);
  }
  return found;
};

const windowMessage = (state: Program, at: string): string => {
  if (state.status === 'drafted' || !state.window) return `applications for "${state.title}" are not open yet; the committee opens the window first`;
  if (state.status === 'open' && isBefore(at, state.window.opensAt)) return `applications for "${state.title}" open on ${state.window.opensAt}`;
  return `applications for "${state.title}" closed on ${state.window.closesAt}; a committee member can still let a late application in, which is recorded as an override`;
};

const amendmentIssues = (state: Program, a: ApplicationRecord, changes: Partial<ApplicationInput>): string[] => {
  const t = state.template;
  const issues: string[] = [];
  const placeholder: ApplicationInput = {
    role: a.role,
    name: changes.name ?? 'unchanged',
    email: changes.email ?? 'unchanged@example.org',
    affiliation: changes.affiliation === undefined ? 'unchanged' : changes.affiliation,
    careerStage: changes.careerStage ?? a.careerStage,
    membership: changes.membership ?? a.membership,
    mentorCapacity: a.role === 'mentor' ? (changes.mentorCapacity ?? a.capacity) : null,
    answers: {},
  };
  issues.push(...applicationIssues({ ...t, questions: [] }, placeholder));
  for (const [id, value] of Object.entries(changes.answers ?? {})) {
    const q = questionsFor(t, a.role).find((x) => x.id === id);
    if (!q) issues.push(`the form for ${a.role}s has no question "${id}"`);
    else {
      const issue = answerIssue(q, value);
      if (issue) issues.push(issue);
    }
  }
  return issues;
};

/** Decides application commands against the program state: the window, the pool and its pairs. */
export const decideApplication = (command: ApplicationCommand, state: Program): ProgramEvent[] => {
  const { actor, occurredAt } = command.metadata;
  switch (command.type) {
    case 'SubmitApplication': {
      const { applicationId, personId, input, windowOverride = null } = command.data;
      if (state.applications[applicationId]) throw new ConflictError(`application ${applicationId} was already submitted`);
      if (state.status === 'completed') throw new IllegalStateError(`"${state.title}" is completed; it takes no more applications`);
      if (!windowOpenAt(state, occurredAt)) {
        if (!windowOverride) throw new IllegalStateError(windowMessage(state, occurredAt), 'application-window');
        if (windowOverride.by !== actor) throw new ForbiddenError('a window override is recorded in the name of the committee member who submits it');
        if (!windowOverride.reason?.trim()) throw new ValidationError('say why the application is let in outside the window');
      }
      const issues = applicationIssues(state.template, input);
      if (issues.length > 0) throw new ValidationError(`the application needs changes: ${issues.join('; ')}`, issues);
      const twin = Object.values(state.applications).find((a) => a.personId === personId && a.status !== 'withdrawn');
      if (twin)
        throw new ConflictError(
          `this person already applied to "${state.title}" as ${twin.role} (application ${twin.applicationId}); amend or withdraw that one`,
        );
      const { open, personal } = splitAnswers(state.template, input.answers);
      const mentorCapacity = input.role === 'mentor' ? (input.mentorCapacity ?? state.template.capacity.default) : null;
      return [
        {
          type: 'ApplicationSubmitted',
          data: {
            applicationId,
            programId: state.programId,
            personId,
            role: input.role,
            careerStage: input.careerStage,
            membership: input.membership,
            mentorCapacity,
            answers: open,
            submittedAt: occurredAt,
            windowOverride: windowOpenAt(state, occurredAt) ? null : windowOverride,
          },
          personal: {
            personId,
            fields: { name: input.name.trim(), email: input.email.trim(), affiliation: input.affiliation?.trim() || null, answers: personal },
          },
        },
      ];
    }

    case 'AmendApplication': {
      const a = findApplication(state, command.data.applicationId);
      if (a.status === 'withdrawn') throw new IllegalStateError(`application ${a.applicationId} was withdrawn; submit a new one instead`);
      if (state.status === 'started' || state.status === 'completed')
        throw new IllegalStateError(`"${state.title}" has started; applications can no longer change`);
      const changes = command.data.changes;
      const issues = amendmentIssues(state, a, changes);
      if (issues.length > 0) throw new ValidationError(`the amendment needs changes: ${issues.join('; ')}`, issues);
      const { open, personal } = splitAnswers(state.template, changes.answers ?? {});
      const openChanged = Object.entries(open).filter(([id, v]) => JSON.stringify(a.answers[id]) !== JSON.stringify(v));
      const careerStage = changes.careerStage !== undefined && changes.careerStage !== a.careerStage ? changes.careerStage : undefined;
      const membership = changes.membership !== undefined && changes.membership !== a.membership ? changes.membership : undefined;
      const capacity =
        a.role === 'mentor' && changes.mentorCapacity !== undefined && changes.mentorCapacity !== null && changes.mentorCapacity !== a.capacity
          ? changes.mentorCapacity
          : undefined;
      const personalFields: Record<string, unknown> = {};
      for (const k of ['name', 'email', 'affiliation'] as const) if (changes[k] !== undefined) personalFields[k] = changes[k];
      if (Object.keys(personal).length > 0) personalFields.answers = personal;
      const rescreen = careerStage !== undefined || membership !== undefined || openChanged.length > 0;
      if (!rescreen && capacity === undefined && Object.keys(personalFields).length === 0) {
        throw new IllegalStateError('the amendment changes nothing; give the answers that should change');
      }
      const active = activePairs(state).filter((p) => p.mentorApplicationId === a.applicationId || p.menteeApplicationId === a.applicationId);
      if (rescreen && active.length > 0 && a.status !== 'submitted') {
        throw new IllegalStateError(
          `application ${a.applicationId} is in a pair; changing its career stage, membership or answers would need a new screening: decline or end the pair first`,
        );
      }
      if (capacity !== undefined) {
        const load = mentorLoad(state, a.applicationId);
        if (capacity < load) {
          throw new IllegalStateError(`this mentor already has ${load} mentee(s) proposed or confirmed; capacity cannot go below ${load}`, 'mentor-capacity');
        }
      }
      const part: PersonalPart | undefined = Object.keys(personalFields).length > 0 ? { personId: a.personId, fields: personalFields } : undefined;
      return [
        {
          type: 'ApplicationAmended',
          data: {
            applicationId: a.applicationId,
            ...(careerStage === undefined ? {} : { careerStage }),
            ...(membership === undefined ? {} : { membership }),
            ...(capacity === undefined ? {} : { mentorCapacity: capacity }),
            ...(openChanged.length > 0 ? { answers: Object.fromEntries(openChanged) as Record<string, AnswerValue> } : {}),
            personalChanged: Object.keys(personalFields),
            rescreen: rescreen && a.status !== 'submitted',
            amendedBy: actor,
          },
          ...(part ? { personal: part } : {}),
        },
      ];
    }

    case 'WithdrawApplication': {
      const a = findApplication(state, command.data.applicationId);
      if (a.status === 'withdrawn') throw new IllegalStateError(`application ${a.applicationId} is already withdrawn`);
      const reason = command.data.reason?.trim() || 'withdrawn by the applicant';
      const events: ProgramEvent[] = [{ type: 'ApplicationWithdrawn', data: { applicationId: a.applicationId, reason, withdrawnBy: actor } }];
      // No pair may keep a withdrawn counterpart: release pending pairs, end confirmed ones.
      for (const p of activePairs(state)) {
        if (p.mentorApplicationId !== a.applicationId && p.menteeApplicationId !== a.applicationId) continue;
        const why = `the ${a.role} withdrew: ${reason}`;
        events.push(
          p.status === 'confirmed'
            ? { type: 'PairEnded', data: { pairId: p.pairId, reason: why, endedBy: actor } }
            : { type: 'PairDeclined', data: { pairId: p.pairId, party: a.role, reason: why, recordedBy: actor } },
        );
      }
      return events;
    }

    case 'ScreenApplication': {
      const a = findApplication(state, command.data.applicationId);
      if (a.status !== 'submitted') {
        throw new IllegalStateError(`application ${a.applicationId} is ${a.status}; only submitted (or amended) applications are screened`);
      }
      const facts = factsOf(a);
      const failed = failedRule(state.template, facts);
      const tier = tierOf(state.template, facts);
      if (failed || command.data.turnDown) {
        const rule = failed?.id ?? 'committee-decision';
        const reason = failed?.message ?? command.data.turnDown?.reason ?? '';
        if (!reason.trim()) throw new ValidationError('say why the committee turns the application down');
        return [{ type: 'ApplicationScreened', data: { applicationId: a.applicationId, outcome: 'ineligible', rule, reason, tier, screenedBy: actor } }];
      }
      const events: ProgramEvent[] = [
        { type: 'ApplicationScreened', data: { applicationId: a.applicationId, outcome: 'eligible', rule: null, reason: null, tier, screenedBy: actor } },
      ];
      if (a.role === 'mentee' && state.template.waitlist.whenNoPlace) {
        const screened: Program = {
          ...state,
          applications: { ...state.applications, [a.applicationId]: { ...a, status: 'eligible', tier } },
        };
        const left = placesLeftFor(screened, { ...a, status: 'eligible', tier });
        if (left <= 0) {
          events.push({
            type: 'ApplicationWaitlisted',
            data: {
              applicationId: a.applicationId,
              reason: `every mentor place is taken or held for mentees ahead (${totalFreePlaces(state)} free place(s)); ${tierLabel(state.template, tier)} wait for a place`,
              waitlistedBy: actor,
            },
          });
        }
      }
      return events;
    }

    case 'WaitlistApplication': {
      const a = findApplication(state, command.data.applicationId);
      if (a.role !== 'mentee') throw new IllegalStateError('only mentees wait for a place; mentors are the places');
      if (a.status !== 'eligible') throw new IllegalStateError(`application ${a.applicationId} is ${a.status}; only eligible mentees go on the waitlist`);
      if (isMatched(state, a.applicationId)) throw new IllegalStateError(`application ${a.applicationId} is in a pair; decline or end it before waitlisting`);
      if (!command.data.reason?.trim()) throw new ValidationError('say why the mentee is waitlisted');
      return [{ type: 'ApplicationWaitlisted', data: { applicationId: a.applicationId, reason: command.data.reason, waitlistedBy: actor } }];
    }

    case 'PromoteApplication':
    case 'SuggestPromotion': {
      const a = findApplication(state, command.data.applicationId);
      if (a.status !== 'waitlisted') throw new IllegalStateError(`application ${a.applicationId} is ${a.status}, not on the waitlist`);
      const left = placesLeftFor(state, a);
      if (left <= 0) {
        throw new IllegalStateError(
          `no mentor place is free for application ${a.applicationId}: ${totalFreePlaces(state)} free place(s) are held for mentees ahead; it stays on the waitlist`,
          'waitlist-room',
        );
      }
      const reason = command.data.reason?.trim() || 'a mentor place is free';
      if (command.type === 'SuggestPromotion') {
        if (a.promotionSuggested) return [];
        return [{ type: 'WaitlistPromotionSuggested', data: { applicationId: a.applicationId, reason } }];
      }
      return [{ type: 'ApplicationPromoted', data: { applicationId: a.applicationId, reason, promotedBy: actor } }];
    }

    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as ApplicationCommand).type}`);
    }
  }
};
