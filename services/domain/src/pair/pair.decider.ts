import type { Command } from '../core/command';
import { isoDate } from '../core/dates';
import type { Decider } from '../core/decider';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../core/errors';
import type { CheckInPolicy, CompletionRequirements, Recognition } from '../template/template.types';
import type { OutputKind, PairCommand, PairEvent } from './pair.events';

export interface CheckIn {
  checkInId: string;
  index: number | null;
  dueOn: string;
  label: string;
  status: 'scheduled' | 'held' | 'missed';
}

export interface PairLife {
  status: 'active' | 'completed' | 'ended';
  pairId: string;
  programId: string;
  mentorPersonId: string;
  menteePersonId: string;
  requirements: CompletionRequirements;
  recognition: Recognition;
  checkInPolicy: CheckInPolicy;
  checkIns: Record<string, CheckIn>;
  outputs: Record<string, { kind: OutputKind; title: string }>;
  finalPresentation: { deliveredOn: string; title: string } | null;
  certificateId: string | null;
  letterId: string | null;
}

export type PairState = { status: 'none' } | PairLife;

export const heldCount = (state: PairLife): number => Object.values(state.checkIns).filter((c) => c.status === 'held').length;

/** What still stands between the pair and completion, in words; empty when the requirements hold. */
export const missingForCompletion = (state: PairLife): string[] => {
  const missing: string[] = [];
  const held = heldCount(state);
  if (held < state.requirements.checkInsHeld) missing.push(`${state.requirements.checkInsHeld} check-ins held (${held} so far)`);
  if (state.requirements.finalPresentation && !state.finalPresentation) missing.push('the final presentation of research in progress (not delivered yet)');
  return missing;
};

const requirePair = (state: PairState, pairId: string): PairLife => {
  if (state.status === 'none') throw new NotFoundError(`pair ${pairId} has not been confirmed; confirm it in its program first`);
  return state;
};

const requireActive = (state: PairLife) => {
  if (state.status === 'ended') throw new IllegalStateError(`pair ${state.pairId} ended early; nothing more can be recorded for it`);
  if (state.status === 'completed') throw new IllegalStateError(`pair ${state.pairId} has completed the program; its check-ins are closed`);
};

export const decidePair = (command: PairCommand, state: PairState): PairEvent[] => {
  const { actor, occurredAt } = command.metadata;
  const pair = requirePair(state, command.data.pairId);
  switch (command.type) {
    case 'ScheduleCheckIn': {
      requireActive(pair);
      if (pair.checkIns[command.data.checkInId]) throw new ConflictError(`check-in ${command.data.checkInId} is already scheduled`);
      const dueOn = isoDate(command.data.dueOn, 'the check-in date');
      const mode = command.data.mode ?? (pair.checkInPolicy.kind === 'scheduled' ? pair.checkInPolicy.mode : 'as agreed');
      return [
        {
          type: 'CheckInScheduled',
          data: { checkInId: command.data.checkInId, index: null, dueOn, mode, label: command.data.label?.trim() || 'check-in', scheduledBy: actor },
        },
      ];
    }
    case 'RecordCheckInHeld': {
      requireActive(pair);
      const c = pair.checkIns[command.data.checkInId];
      if (!c) throw new NotFoundError(`check-in ${command.data.checkInId} is not scheduled for this pair; schedule it first`);
      if (c.status !== 'scheduled') throw new IllegalStateError(`check-in "${c.label}" was already recorded as ${c.status}`);
      const heldOn = isoDate(command.data.heldOn, 'the date the check-in was held');
      const { attendance, notes } = command.data;
      if (!attendance.mentor && !attendance.mentee) throw new ValidationError('nobody attended: record the check-in as missed instead');
      if (notes && notes.length > 4000) throw new ValidationError('check-in notes are limited to 4,000 characters; shorten them');
      return [
        {
          type: 'CheckInHeld',
          data: { checkInId: c.checkInId, heldOn, attendance: { mentor: attendance.mentor, mentee: attendance.mentee }, recordedBy: actor },
          ...(notes?.trim() ? { personal: { personId: pair.menteePersonId, fields: { notes: notes.trim() } } } : {}),
        },
      ];
    }
    case 'RecordCheckInMissed': {
      requireActive(pair);
      const c = pair.checkIns[command.data.checkInId];
      if (!c) throw new NotFoundError(`check-in ${command.data.checkInId} is not scheduled for this pair`);
      if (c.status !== 'scheduled') throw new IllegalStateError(`check-in "${c.label}" was already recorded as ${c.status}`);
      if (!command.data.reason?.trim()) throw new ValidationError('say why the check-in was missed');
      return [{ type: 'CheckInMissed', data: { checkInId: c.checkInId, reason: command.data.reason, recordedBy: actor } }];
    }
    case 'RecordOutput': {
      if (pair.status === 'ended') throw new IllegalStateError(`pair ${pair.pairId} ended early; outputs are recorded for active or completed pairs`);
      const { outputId, kind, title, venue, url = null } = command.data;
      if (pair.outputs[outputId]) throw new ConflictError(`output ${outputId} is already recorded`);
      if (kind !== 'publication' && kind !== 'presentation') throw new ValidationError('an output is a publication or a presentation');
      if (!title?.trim() || !venue?.trim()) throw new ValidationError('an output needs a title and where it appeared (journal, conference)');
      const date = isoDate(command.data.date, 'the output date');
      return [
        {
          type: 'OutputRecorded',
          data: { outputId, kind, title: title.trim(), venue: venue.trim(), date, url, listedPublicly: pair.recognition.publicOutputsList, recordedBy: actor },
        },
      ];
    }
    case 'RecordFinalPresentation': {
      requireActive(pair);
      if (pair.finalPresentation) throw new IllegalStateError(`the final presentation was already recorded on ${pair.finalPresentation.deliveredOn}`);
      if (!command.data.title?.trim()) throw new ValidationError('give the title of the presentation');
      const deliveredOn = isoDate(command.data.deliveredOn, 'the presentation date');
      return [{ type: 'FinalPresentationDelivered', data: { deliveredOn, title: command.data.title.trim(), recordedBy: actor } }];
    }
    case 'CompleteParticipation': {
      requireActive(pair);
      const missing = missingForCompletion(pair);
      if (missing.length > 0)
        throw new IllegalStateError(`the pair cannot complete yet; the program requires ${missing.join(' and ')}`, 'completion-requirements');
      return [
        {
          type: 'ParticipationCompleted',
          data: { completedOn: occurredAt.slice(0, 10), checkInsHeld: heldCount(pair), finalPresentation: pair.finalPresentation !== null, recordedBy: actor },
        },
      ];
    }
    case 'IssueCertificate': {
      if (!pair.recognition.menteeCertificate) throw new IllegalStateError('this program issues no certificates', 'recognition');
      if (pair.status !== 'completed')
        throw new IllegalStateError('a certificate is issued after the pair completes the program; record the completion first', 'recognition');
      if (pair.certificateId) throw new IllegalStateError(`the mentee's certificate was already issued (${pair.certificateId})`, 'recognition-once');
      return [
        {
          type: 'CertificateIssued',
          data: { certificateId: command.data.certificateId, menteePersonId: pair.menteePersonId, issuedOn: occurredAt.slice(0, 10), issuedBy: actor },
        },
      ];
    }
    case 'IssueAppreciationLetter': {
      if (!pair.recognition.mentorLetter) throw new IllegalStateError('this program issues no letters of appreciation', 'recognition');
      if (pair.status !== 'completed')
        throw new IllegalStateError('a letter of appreciation is issued after the pair completes the program; record the completion first', 'recognition');
      if (pair.letterId) throw new IllegalStateError(`the mentor's letter of appreciation was already issued (${pair.letterId})`, 'recognition-once');
      return [
        {
          type: 'AppreciationLetterIssued',
          data: { letterId: command.data.letterId, mentorPersonId: pair.mentorPersonId, issuedOn: occurredAt.slice(0, 10), issuedBy: actor },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(_exhaustive as Command).type}`);
    }
  }
};

// The owned step below may set a state's fields and replace entries of its collections, never
// change an entry object: older states share those.
const withCheckIn = (state: PairLife, id: string, status: CheckIn['status']): PairLife => {
  const c = state.checkIns[id];
  if (c) state.checkIns[id] = { ...c, status };
  return state;
};

/** A copy of the state that an owned step may change: the state and its collections are new objects. */
export const ownPair = (state: PairState): PairState =>
  state.status === 'none' ? state : { ...state, checkIns: { ...state.checkIns }, outputs: { ...state.outputs } };

/** Folds one event into the state (pure): a copy of the state, changed by the owned step. */
export const evolvePair = (state: PairState, event: PairEvent): PairState => evolvePairOwned(ownPair(state), event);

/** Folds one event into a state the caller owns, in place (see Decider.evolveOwned). */
export const evolvePairOwned = (state: PairState, event: PairEvent): PairState => {
  if (event.type === 'PairStarted') {
    const d = event.data;
    return {
      status: 'active',
      pairId: d.pairId,
      programId: d.programId,
      mentorPersonId: d.mentorPersonId,
      menteePersonId: d.menteePersonId,
      requirements: d.requirements,
      recognition: d.recognition,
      checkInPolicy: d.checkIns,
      checkIns: {},
      outputs: {},
      finalPresentation: null,
      certificateId: null,
      letterId: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CheckInScheduled': {
      const d = event.data;
      state.checkIns[d.checkInId] = { checkInId: d.checkInId, index: d.index, dueOn: d.dueOn, label: d.label, status: 'scheduled' };
      return state;
    }
    case 'CheckInHeld':
      return withCheckIn(state, event.data.checkInId, 'held');
    case 'CheckInMissed':
      return withCheckIn(state, event.data.checkInId, 'missed');
    case 'OutputRecorded':
      state.outputs[event.data.outputId] = { kind: event.data.kind, title: event.data.title };
      return state;
    case 'FinalPresentationDelivered':
      state.finalPresentation = { deliveredOn: event.data.deliveredOn, title: event.data.title };
      return state;
    case 'ParticipationCompleted':
      state.status = 'completed';
      return state;
    case 'CertificateIssued':
      state.certificateId = event.data.certificateId;
      return state;
    case 'AppreciationLetterIssued':
      state.letterId = event.data.letterId;
      return state;
    case 'PairEnded':
      state.status = 'ended';
      return state;
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const pairDecider: Decider<PairCommand, PairState, PairEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decidePair,
  evolve: evolvePair,
  evolveOwned: evolvePairOwned,
};
