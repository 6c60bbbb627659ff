import { decideApplication, findApplication } from '../application/application.decider';
import type { ApplicationCommand } from '../application/application.events';
import type { Command } from '../core/command';
import type { ExtraAppend } from '../core/command-handler';
import { addDays, addMonths, dateOf, isBefore, isoDate, isoTimestamp } from '../core/dates';
import type { Decider } from '../core/decider';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../core/errors';
import { deriveId } from '../core/ids';
import { type PairEvent, pairStreamId, scheduledCheckInId } from '../pair/pair.events';
import { assertValidTemplate } from '../template/template.rules';
import { countPair, isForbidden, type PairCounts, pairCounts, tierBlocker, tierBlockerMessage, tierRank } from './capacity';
import { poolDigest } from './match-run';
import type { MatchingCommand, PairParties, ProgramCommand, ProgramCycleCommand, ProgramEvent, RunProposal, ScheduledCheckIn } from './program.events';
import { type ApplicationRecord, evolveProgram, evolveProgramOwned, ownProgram, type PairRecord, type Program, type ProgramState } from './program.state';

export const programStreamId = (tenant: string, programId: string) => `${tenant}/program-${programId}`;

const APPLICATION_COMMANDS = new Set<string>([
  'SubmitApplication',
  'AmendApplication',
  'WithdrawApplication',
  'ScreenApplication',
  'WaitlistApplication',
  'PromoteApplication',
  'SuggestPromotion',
]);

const requireProgram = (state: ProgramState): Program => {
  if (state.status === 'none') throw new NotFoundError('no such program: draft it first');
  return state;
};

const requireMatchingOpen = (state: Program) => {
  if (state.status === 'drafted') throw new IllegalStateError(`"${state.title}" is still a draft; open the application window before pairing`);
  if (state.status === 'completed') throw new IllegalStateError(`"${state.title}" is completed; its pairs can no longer change`);
};

const findPair = (state: Program, pairId: string): PairRecord => {
  const pair = state.pairs[pairId];
  if (!pair) throw new NotFoundError(`pair ${pairId} is not part of program "${state.title}"`);
  return pair;
};

/** Schedule of check-ins the template derives from the start date. */
export const deriveCheckInSchedule = (state: Program, startsOn: string): ScheduledCheckIn[] => {
  const c = state.template.checkIns;
  if (c.kind !== 'scheduled') return [];
  return Array.from({ length: c.count }, (_, index) => ({ index, dueOn: addMonths(startsOn, c.everyMonths * (index + 1)) }));
};

/**
 * Every rule a new pending pair must satisfy, decided on the program stream so one append
 * enforces them all: same program, screened eligible, not withdrawn, not forbidden, the mentee
 * not already paired, the mentor's capacity over pending and confirmed pairs, priority tiers.
 */
export const checkNewPair = (
  state: Program,
  mentorApplicationId: string,
  menteeApplicationId: string,
  counts: PairCounts = pairCounts(state),
): { mentor: ApplicationRecord; mentee: ApplicationRecord } => {
  const mentor = findApplication(state, mentorApplicationId);
  const mentee = findApplication(state, menteeApplicationId);
  if (mentor.role !== 'mentor') throw new ValidationError(`application ${mentor.applicationId} is a ${mentor.role} application; name a mentor first`);
  if (mentee.role !== 'mentee') throw new ValidationError(`application ${mentee.applicationId} is a ${mentee.role} application; name a mentee second`);
  if (mentor.personId === mentee.personId) throw new ValidationError('a person cannot mentor themselves');
  for (const a of [mentor, mentee]) {
    if (a.status === 'withdrawn')
      throw new IllegalStateError(`the ${a.role} (application ${a.applicationId}) withdrew; choose someone else`, 'withdrawn-counterpart');
    if (a.status === 'ineligible') {
      throw new IllegalStateError(
        `the ${a.role} (application ${a.applicationId}) was screened ineligible: ${a.screening?.reason ?? ''}; choose someone else`,
        'ineligible-counterpart',
      );
    }
    if (a.status === 'submitted')
      throw new IllegalStateError(`the ${a.role} (application ${a.applicationId}) is not screened yet; screen it first`, 'not-screened');
    if (a.status === 'waitlisted')
      throw new IllegalStateError(`the mentee (application ${a.applicationId}) is on the waitlist; promote them first`, 'waitlisted');
  }
  if (isForbidden(state, mentor.applicationId, mentee.applicationId)) {
    throw new IllegalStateError(
      `the committee forbade this pair (${state.forbidden[`${mentor.applicationId}|${mentee.applicationId}`]}); choose another mentor`,
      'forbidden-pair',
    );
  }
  if (counts.matched.has(mentee.applicationId)) {
    throw new IllegalStateError(
      `the mentee (application ${mentee.applicationId}) already has a mentor proposed or confirmed; decline that pair first`,
      'one-mentor',
    );
  }
  const load = counts.load.get(mentor.applicationId) ?? 0;
  if (load >= mentor.capacity) {
    throw new IllegalStateError(
      `mentor capacity is ${mentor.capacity} and ${mentor.capacity === 1 ? 'the place is' : `all ${mentor.capacity} places are`} taken by proposed or confirmed pairs; choose another mentor or free a place`,
      'mentor-capacity',
    );
  }
  const blocker = tierBlocker(state, mentee, counts);
  if (blocker) throw new IllegalStateError(tierBlockerMessage(state, mentee, blocker), 'priority-tiers');
  return { mentor, mentee };
};

const parties = (pairId: string, mentor: ApplicationRecord, mentee: ApplicationRecord): PairParties => ({
  pairId,
  mentorApplicationId: mentor.applicationId,
  menteeApplicationId: mentee.applicationId,
  mentorPersonId: mentor.personId,
  menteePersonId: mentee.personId,
});

const decideCycle = (command: ProgramCycleCommand, state: ProgramState): ProgramEvent[] => {
  const { actor, occurredAt } = command.metadata;
  if (command.type === 'DraftProgram') {
    if (state.status !== 'none') throw new ConflictError(`program ${state.programId} is already drafted`);
    const { programId, title, template, conference = null } = command.data;
    if (!title?.trim()) throw new ValidationError('the program needs a title, e.g. "VRT Mentorship 2026"');
    assertValidTemplate(template);
    if (template.timeline.kind === 'conference') {
      if (!conference) throw new ValidationError(`"${template.name}" matches pairs before a conference: give the conference name and dates`);
      isoDate(conference.startsOn, 'the conference start');
      isoDate(conference.endsOn, 'the conference end');
      if (isBefore(conference.endsOn, conference.startsOn)) throw new ValidationError('the conference ends before it starts; check the dates');
    }
    const { templateId, version, ...definition } = template;
    return [
      {
        type: 'ProgramDrafted',
        data: { programId, title: title.trim(), templateId, templateVersion: version, template: definition, conference, draftedBy: actor },
      },
    ];
  }
  const program = requireProgram(state);
  switch (command.type) {
    case 'OpenApplicationWindow': {
      if (program.status !== 'drafted' && program.status !== 'closed') {
        throw new IllegalStateError(`the window of "${program.title}" can be opened while drafted or closed; it is ${program.status}`);
      }
      const { opensAt, closesAt } = command.data;
      isoTimestamp(opensAt, 'the opening time');
      isoTimestamp(closesAt, 'the closing time');
      if (!isBefore(opensAt, closesAt)) throw new ValidationError('the window must close after it opens');
      const t = program.template.timeline;
      if (t.kind === 'conference' && program.conference) {
        const matchBy = addDays(program.conference.startsOn, -t.matchByDaysBefore);
        if (isBefore(matchBy, dateOf(closesAt))) {
          throw new ValidationError(
            `close the window by ${matchBy}, ${t.matchByDaysBefore} days before ${program.conference.name}, so pairs are matched in time to meet before it`,
            undefined,
            'match-before-conference',
          );
        }
      }
      return [{ type: 'ApplicationWindowOpened', data: { opensAt, closesAt, openedBy: actor } }];
    }
    case 'CloseApplicationWindow': {
      if (program.status !== 'open') throw new IllegalStateError(`the window of "${program.title}" is not open`);
      const early = program.window !== null && isBefore(occurredAt, program.window.closesAt);
      return [{ type: 'ApplicationWindowClosed', data: { closedAt: early ? occurredAt : (program.window?.closesAt ?? occurredAt), closedBy: actor, early } }];
    }
    case 'StartProgram': {
      if (program.status !== 'open' && program.status !== 'closed') {
        throw new IllegalStateError(`"${program.title}" can start once its window has opened; it is ${program.status}`);
      }
      const startsOn = isoDate(command.data.startsOn, 'the start date');
      const t = program.template.timeline;
      const endsOn = t.kind === 'cohort' ? addMonths(startsOn, t.months) : (program.conference?.endsOn ?? startsOn);
      if (isBefore(endsOn, startsOn)) throw new ValidationError(`the program would end (${endsOn}) before it starts (${startsOn}); start it earlier`);
      const events: ProgramEvent[] = [];
      if (program.status === 'open') events.push({ type: 'ApplicationWindowClosed', data: { closedAt: occurredAt, closedBy: actor, early: true } });
      events.push({ type: 'ProgramStarted', data: { startsOn, endsOn, checkInSchedule: deriveCheckInSchedule(program, startsOn), startedBy: actor } });
      return events;
    }
    case 'CompleteProgram': {
      if (program.status !== 'started') throw new IllegalStateError(`"${program.title}" completes after it started; it is ${program.status}`);
      if (program.endsOn && isBefore(dateOf(occurredAt), program.endsOn)) throw new IllegalStateError(`"${program.title}" runs until ${program.endsOn}`);
      const pairsConfirmed = Object.values(program.pairs).filter((p) => p.status === 'confirmed').length;
      return [{ type: 'ProgramCompleted', data: { completedOn: dateOf(occurredAt), pairsConfirmed, completedBy: actor } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

const decideMatching = (command: MatchingCommand, state: Program): ProgramEvent[] => {
  const { actor } = command.metadata;
  requireMatchingOpen(state);
  switch (command.type) {
    case 'RequestMatchRun': {
      if (state.runs[command.data.runId]) throw new ConflictError(`match run ${command.data.runId} was already requested`);
      return [{ type: 'MatchRunRequested', data: { runId: command.data.runId, requestedBy: actor, objective: command.data.objective ?? null } }];
    }
    case 'CompleteMatchRun': {
      const run = state.runs[command.data.runId];
      if (!run) throw new NotFoundError(`match run ${command.data.runId} was never requested`);
      if (run.status !== 'requested') throw new IllegalStateError(`match run ${run.runId} is already ${run.status}`);
      if (poolDigest(state, run.objective) !== command.data.inputsDigest) {
        throw new ConflictError('the pool changed while the match run was computed; run it again on the current pool', 'stale-match-run');
      }
      return [{ type: 'MatchRunCompleted', data: { ...command.data } }];
    }
    case 'AdoptMatchRun': {
      const run = state.runs[command.data.runId];
      if (!run) throw new NotFoundError(`match run ${command.data.runId} was never requested`);
      if (run.status === 'requested') throw new IllegalStateError(`match run ${run.runId} has not completed yet`);
      if (run.status === 'adopted') throw new IllegalStateError(`the proposals of match run ${run.runId} were already adopted`);
      const wanted = command.data.menteeApplicationIds;
      const named = wanted ? new Set(wanted) : null;
      // Higher-priority tiers first, as the engine matched them: a proposal for a student ahead of
      // one for a new librarian would otherwise trip the tier rule on the librarian still unmatched.
      const rank = (p: RunProposal) => tierRank(state.applications[p.menteeApplicationId]?.tier ?? null);
      const chosen = run.proposals.filter((p) => !named || named.has(p.menteeApplicationId)).sort((a, b) => rank(a) - rank(b));
      if (chosen.length === 0) throw new ValidationError('the run proposes none of the mentees named; pick proposals from the run');
      // One copy for the whole run: each proposal then folds in place, and is counted as it goes.
      let working: ProgramState = ownProgram(state);
      const counts = pairCounts(state);
      const events: ProgramEvent[] = [];
      for (const p of chosen) {
        let checked: ReturnType<typeof checkNewPair>;
        try {
          checked = checkNewPair(working as Program, p.mentorApplicationId, p.menteeApplicationId, counts);
        } catch (error) {
          if (error instanceof Error) error.message = `the proposal for mentee ${p.menteeApplicationId} no longer holds: ${error.message}`;
          throw error;
        }
        const pairId = deriveId('pair', state.programId, run.runId, p.menteeApplicationId);
        const event: ProgramEvent = {
          type: 'PairProposed',
          data: { ...parties(pairId, checked.mentor, checked.mentee), proposedBy: actor, runId: run.runId, score: p.score },
        };
        events.push(event);
        working = evolveProgramOwned(working, event);
        countPair(counts, p.mentorApplicationId, p.menteeApplicationId);
      }
      return events;
    }
    case 'ProposePair':
    case 'FixPair': {
      const { pairId, mentorApplicationId, menteeApplicationId } = command.data;
      if (state.pairs[pairId]) throw new ConflictError(`pair id ${pairId} is already used in this program`);
      const { mentor, mentee } = checkNewPair(state, mentorApplicationId, menteeApplicationId);
      if (command.type === 'FixPair') {
        if (!command.data.reason?.trim()) throw new ValidationError('say why the committee fixes this pair');
        return [{ type: 'PairFixed', data: { ...parties(pairId, mentor, mentee), fixedBy: actor, reason: command.data.reason } }];
      }
      return [{ type: 'PairProposed', data: { ...parties(pairId, mentor, mentee), proposedBy: actor, runId: null, score: null } }];
    }
    case 'ForbidPair': {
      const { mentorApplicationId, menteeApplicationId, reason } = command.data;
      const mentor = findApplication(state, mentorApplicationId);
      const mentee = findApplication(state, menteeApplicationId);
      if (mentor.role !== 'mentor' || mentee.role !== 'mentee')
        throw new ValidationError('name the mentor application first and the mentee application second');
      if (!reason?.trim()) throw new ValidationError('say why the pair is forbidden (e.g. a conflict of interest)');
      if (isForbidden(state, mentorApplicationId, menteeApplicationId)) throw new IllegalStateError('this pair is already forbidden');
      const active = Object.values(state.pairs).find(
        (p) =>
          (p.status === 'proposed' || p.status === 'confirmed') &&
          p.mentorApplicationId === mentorApplicationId &&
          p.menteeApplicationId === menteeApplicationId,
      );
      if (active) throw new IllegalStateError(`these two are paired (pair ${active.pairId}, ${active.status}); decline or end that pair first, then forbid it`);
      return [{ type: 'PairForbidden', data: { mentorApplicationId, menteeApplicationId, reason, forbiddenBy: actor } }];
    }
    case 'SwapProposals': {
      const a = findPair(state, command.data.firstPairId);
      const b = findPair(state, command.data.secondPairId);
      if (a.pairId === b.pairId) throw new ValidationError('name two different proposals to swap');
      for (const p of [a, b]) {
        if (p.status !== 'proposed') throw new IllegalStateError(`pair ${p.pairId} is ${p.status}; only proposals can be swapped`);
        if (p.fixed) throw new IllegalStateError(`pair ${p.pairId} was fixed by the committee; it cannot be swapped`);
      }
      const first = { ...a, mentorApplicationId: b.mentorApplicationId, mentorPersonId: b.mentorPersonId };
      const second = { ...b, mentorApplicationId: a.mentorApplicationId, mentorPersonId: a.mentorPersonId };
      for (const p of [first, second]) {
        if (isForbidden(state, p.mentorApplicationId, p.menteeApplicationId)) {
          throw new IllegalStateError(
            `swapping would pair mentor ${p.mentorApplicationId} with mentee ${p.menteeApplicationId}, which the committee forbade`,
            'forbidden-pair',
          );
        }
        if (p.mentorPersonId === p.menteePersonId) throw new ValidationError('swapping would make someone mentor themselves');
      }
      const pick = (p: PairRecord): PairParties => parties(p.pairId, state.applications[p.mentorApplicationId]!, state.applications[p.menteeApplicationId]!);
      return [{ type: 'ProposalsSwapped', data: { first: pick(first), second: pick(second), swappedBy: actor } }];
    }
    case 'AcceptPair': {
      const p = findPair(state, command.data.pairId);
      if (p.status !== 'proposed') throw new IllegalStateError(`pair ${p.pairId} is ${p.status}; only a proposal can be accepted`);
      if (p.accepted[command.data.party]) throw new IllegalStateError(`the ${command.data.party} already accepted pair ${p.pairId}`);
      return [{ type: 'PairAcceptedBy', data: { pairId: p.pairId, party: command.data.party, recordedBy: actor } }];
    }
    case 'DeclinePair': {
      const p = findPair(state, command.data.pairId);
      if (p.status !== 'proposed')
        throw new IllegalStateError(`pair ${p.pairId} is ${p.status}; only a proposal can be declined (end a confirmed pair instead)`);
      if (!command.data.reason?.trim()) throw new ValidationError('say why the pair is declined');
      return [{ type: 'PairDeclined', data: { pairId: p.pairId, party: command.data.party, reason: command.data.reason, recordedBy: actor } }];
    }
    case 'ConfirmPair': {
      const p = findPair(state, command.data.pairId);
      if (p.status !== 'proposed') throw new IllegalStateError(`pair ${p.pairId} is ${p.status}; only a proposal can be confirmed`);
      const waiting = (['mentor', 'mentee'] as const).filter((party) => !p.accepted[party]);
      if (waiting.length > 0)
        throw new IllegalStateError(`pair ${p.pairId} waits for the ${waiting.join(' and the ')} to accept; record their acceptance first`);
      return [
        {
          type: 'PairConfirmed',
          data: { ...parties(p.pairId, state.applications[p.mentorApplicationId]!, state.applications[p.menteeApplicationId]!), confirmedBy: actor },
        },
      ];
    }
    case 'EndPair': {
      const p = findPair(state, command.data.pairId);
      if (p.status !== 'confirmed')
        throw new IllegalStateError(`pair ${p.pairId} is ${p.status}; only a confirmed pair can end early (decline a proposal instead)`);
      if (!command.data.reason?.trim()) throw new ValidationError('say why the pair ends early');
      return [{ type: 'PairEnded', data: { pairId: p.pairId, reason: command.data.reason, endedBy: actor } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

export const decideProgram = (command: ProgramCommand, state: ProgramState): ProgramEvent[] => {
  if (APPLICATION_COMMANDS.has(command.type)) return decideApplication(command as ApplicationCommand, requireProgram(state));
  switch (command.type) {
    case 'DraftProgram':
    case 'OpenApplicationWindow':
    case 'CloseApplicationWindow':
    case 'StartProgram':
    case 'CompleteProgram':
      return decideCycle(command, state);
    default:
      return decideMatching(command as MatchingCommand, requireProgram(state));
  }
};

export const programDecider: Decider<ProgramCommand, ProgramState, ProgramEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decideProgram,
  evolve: evolveProgram,
  evolveOwned: evolveProgramOwned,
};

const scheduledEvents = (state: Program, schedule: readonly ScheduledCheckIn[], actor: string): PairEvent[] =>
  schedule.map((s) => ({
    type: 'CheckInScheduled',
    data: {
      checkInId: scheduledCheckInId(s.index),
      index: s.index,
      dueOn: s.dueOn,
      mode: state.template.checkIns.kind === 'scheduled' ? state.template.checkIns.mode : 'any',
      label: `check-in ${s.index + 1} of ${schedule.length}`,
      scheduledBy: actor,
    },
  }));

/**
 * What program decisions imply for pair streams, appended in the same transaction: a confirmed
 * pair's stream starts (with its check-ins when the program runs already), a program start
 * schedules the check-ins of every confirmed pair, an early end closes the pair's stream.
 */
export const pairStreamEffects = (decided: readonly ProgramEvent[], before: ProgramState, command: Command): ExtraAppend[] => {
  if (before.status === 'none') return [];
  const { tenant, actor } = command.metadata;
  const extras: ExtraAppend[] = [];
  let state: ProgramState = ownProgram(before);
  for (const event of decided) {
    const program = state as Program;
    if (event.type === 'PairConfirmed') {
      const started: PairEvent = {
        type: 'PairStarted',
        data: {
          pairId: event.data.pairId,
          programId: program.programId,
          templateId: program.template.templateId,
          templateVersion: program.template.version,
          mentorApplicationId: event.data.mentorApplicationId,
          menteeApplicationId: event.data.menteeApplicationId,
          mentorPersonId: event.data.mentorPersonId,
          menteePersonId: event.data.menteePersonId,
          requirements: program.template.completion,
          recognition: program.template.recognition,
          checkIns: program.template.checkIns,
        },
      };
      const schedule = program.status === 'started' ? scheduledEvents(program, program.checkInSchedule, actor) : [];
      extras.push({ streamId: pairStreamId(tenant, event.data.pairId), events: [started, ...schedule], expectedRevision: 'no_stream' });
    }
    if (event.type === 'ProgramStarted') {
      for (const p of Object.values(program.pairs)) {
        if (p.status !== 'confirmed' || event.data.checkInSchedule.length === 0) continue;
        extras.push({
          streamId: pairStreamId(tenant, p.pairId),
          events: scheduledEvents(program, event.data.checkInSchedule, actor),
          expectedRevision: 'exists',
        });
      }
    }
    if (event.type === 'PairEnded' && program.pairs[event.data.pairId]?.status === 'confirmed') {
      extras.push({ streamId: pairStreamId(tenant, event.data.pairId), events: [{ type: 'PairEnded', data: event.data }], expectedRevision: 'exists' });
    }
    state = evolveProgramOwned(state, event);
  }
  return extras;
};
