import { describe, expect, it } from 'vitest';
import type { CommandMetadata } from '../src/core/command';
import { foldStream } from '../src/core/decider';
import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../src/core/errors';
import { evolvePair, type PairState, pairDecider } from '../src/pair/pair.decider';
import type { PairCommand, PairEvent } from '../src/pair/pair.events';
import { lrrtTemplate } from '../src/template/templates/lrrt.template';
import { vrtTemplate } from '../src/template/templates/vrt.template';
import { spec } from './support/decider-spec';
import { meta } from './support/program-scenario';

const pair = spec(pairDecider);
const c = (type: PairCommand['type'], data: Record<string, unknown>, over: Partial<CommandMetadata> = {}) =>
  ({ type, data: { pairId: 'p1', ...data }, metadata: meta({ tenant: 'lrrt', occurredAt: '2027-08-15T10:00:00.000Z', ...over }) }) as PairCommand;

const started = (template = lrrtTemplate): PairEvent => ({
  type: 'PairStarted',
  data: {
    pairId: 'p1',
    programId: 'lrrt-2026',
    templateId: 't',
    templateVersion: 1,
    mentorApplicationId: 'm1',
    menteeApplicationId: 'a1',
    mentorPersonId: 'person-m1',
    menteePersonId: 'person-a1',
    requirements: template.completion,
    recognition: template.recognition,
    checkIns: template.checkIns,
  },
});
const scheduled = (n: number): PairEvent => ({
  type: 'CheckInScheduled',
  data: {
    checkInId: `checkin-${n}`,
    index: n - 1,
    dueOn: `2026-${String(n * 3).padStart(2, '0')}-01`,
    mode: 'virtual',
    label: `check-in ${n} of 4`,
    scheduledBy: 'chair-1',
  },
});
const held = (n: number): PairEvent => ({
  type: 'CheckInHeld',
  data: { checkInId: `checkin-${n}`, heldOn: `2026-${String(n * 3).padStart(2, '0')}-02`, attendance: { mentor: true, mentee: true }, recordedBy: 'chair-1' },
});
const presentation: PairEvent = {
  type: 'FinalPresentationDelivered',
  data: { deliveredOn: '2027-08-01', title: 'Research in progress', recordedBy: 'chair-1' },
};
const lrrtYear = [started(), scheduled(1), scheduled(2), scheduled(3), scheduled(4)];
const completed: PairEvent = {
  type: 'ParticipationCompleted',
  data: { completedOn: '2027-08-15', checkInsHeld: 4, finalPresentation: true, recordedBy: 'chair-1' },
};
const lrrtDone = [...lrrtYear, held(1), held(2), held(3), held(4), presentation, completed];

describe('pair life', () => {
  describe('before the pair is confirmed', () => {
    it('nothing can be recorded', () =>
      pair
        .given([])
        .when(c('RecordCheckInHeld', { checkInId: 'checkin-1', heldOn: '2026-03-02', attendance: { mentor: true, mentee: true } }))
        .thenThrows(NotFoundError));
  });

  describe('while active', () => {
    it('records a check-in held with attendance; notes go to the personal part under the mentee’s key', () =>
      pair
        .given(lrrtYear)
        .when(
          c('RecordCheckInHeld', {
            checkInId: 'checkin-1',
            heldOn: '2026-03-02',
            attendance: { mentor: true, mentee: false },
            notes: 'Discussed the survey design.',
          }),
        )
        .then([
          {
            type: 'CheckInHeld',
            data: { checkInId: 'checkin-1', heldOn: '2026-03-02', attendance: { mentor: true, mentee: false }, recordedBy: 'chair-1' },
            personal: { personId: 'person-a1', fields: { notes: 'Discussed the survey design.' } },
          },
        ]));

    it('rejects a check-in nobody attended (record it as missed)', () =>
      pair
        .given(lrrtYear)
        .when(c('RecordCheckInHeld', { checkInId: 'checkin-1', heldOn: '2026-03-02', attendance: { mentor: false, mentee: false } }))
        .thenThrows(ValidationError, /missed/));

    it('records a missed check-in with a reason', () =>
      pair
        .given(lrrtYear)
        .when(c('RecordCheckInMissed', { checkInId: 'checkin-2', reason: 'mentee on leave' }))
        .then([{ type: 'CheckInMissed', data: { checkInId: 'checkin-2', reason: 'mentee on leave', recordedBy: 'chair-1' } }]));

    it('rejects recording the same check-in twice', () =>
      pair
        .given([...lrrtYear, held(1)])
        .when(c('RecordCheckInMissed', { checkInId: 'checkin-1', reason: 'x' }))
        .thenThrows(IllegalStateError, /already recorded as held/));

    it('rejects an unscheduled check-in', () =>
      pair
        .given(lrrtYear)
        .when(c('RecordCheckInHeld', { checkInId: 'nope', heldOn: '2026-03-02', attendance: { mentor: true, mentee: true } }))
        .thenThrows(NotFoundError));

    it('VRT: pairs schedule meetings as agreed — at the conference, at the VRT dinner (seed 000)', () =>
      pair
        .given([started(vrtTemplate)])
        .when(c('ScheduleCheckIn', { checkInId: 'vrt-dinner', dueOn: '2026-06-27', label: 'VRT dinner at ALA Annual', mode: 'in person' }))
        .then([
          {
            type: 'CheckInScheduled',
            data: { checkInId: 'vrt-dinner', index: null, dueOn: '2026-06-27', mode: 'in person', label: 'VRT dinner at ALA Annual', scheduledBy: 'chair-1' },
          },
        ]));

    it('LRRT: records a publication the program supported, for the public list (seed 002)', () =>
      pair
        .given(lrrtYear)
        .when(
          c('RecordOutput', {
            outputId: 'o1',
            kind: 'publication',
            title: 'First-year IL revisited',
            venue: 'College & Research Libraries',
            date: '2027-05-01',
          }),
        )
        .then([
          {
            type: 'OutputRecorded',
            data: {
              outputId: 'o1',
              kind: 'publication',
              title: 'First-year IL revisited',
              venue: 'College & Research Libraries',
              date: '2027-05-01',
              url: null,
              listedPublicly: true,
              recordedBy: 'chair-1',
            },
          },
        ]));

    it('rejects an output recorded twice', () => {
      const o: PairEvent = {
        type: 'OutputRecorded',
        data: { outputId: 'o1', kind: 'presentation', title: 't', venue: 'v', date: '2027-01-01', url: null, listedPublicly: true, recordedBy: 'x' },
      };
      pair
        .given([...lrrtYear, o])
        .when(c('RecordOutput', { outputId: 'o1', kind: 'presentation', title: 't', venue: 'v', date: '2027-01-01' }))
        .thenThrows(ConflictError);
    });

    it('records the final presentation once', () => {
      pair
        .given(lrrtYear)
        .when(c('RecordFinalPresentation', { deliveredOn: '2027-08-01', title: 'Research in progress' }))
        .then([presentation]);
      pair
        .given([...lrrtYear, presentation])
        .when(c('RecordFinalPresentation', { deliveredOn: '2027-08-02', title: 'again' }))
        .thenThrows(IllegalStateError);
    });
  });

  describe('completion (LRRT: four check-ins held and the final presentation, seed 002)', () => {
    it('is rejected while check-ins or the presentation are missing, saying which', () =>
      pair
        .given([...lrrtYear, held(1), held(2)])
        .when(c('CompleteParticipation', {}))
        .thenThrows(IllegalStateError, /requires 4 check-ins held \(2 so far\) and the final presentation/, 'completion-requirements'));

    it('is rejected with four check-ins but no presentation', () =>
      pair
        .given([...lrrtYear, held(1), held(2), held(3), held(4)])
        .when(c('CompleteParticipation', {}))
        .thenThrows(IllegalStateError, /final presentation/));

    it('is recorded when the requirements hold', () =>
      pair
        .given([...lrrtYear, held(1), held(2), held(3), held(4), presentation])
        .when(c('CompleteParticipation', {}))
        .then([completed]));

    it('VRT has no completion requirements: a pair completes when the committee says so', () =>
      pair
        .given([started(vrtTemplate)])
        .when(c('CompleteParticipation', {}))
        .thenMatches([{ type: 'ParticipationCompleted', data: { checkInsHeld: 0 } }]));
  });

  describe('recognition (LRRT: certificate for the mentee, letter for the mentor, seed 002)', () => {
    it('issues no certificate before completion', () =>
      pair
        .given([...lrrtYear, held(1)])
        .when(c('IssueCertificate', { certificateId: 'cert-1' }))
        .thenThrows(IllegalStateError, /after the pair completes/, 'recognition'));

    it('issues no letter before completion', () =>
      pair
        .given(lrrtYear)
        .when(c('IssueAppreciationLetter', { letterId: 'l-1' }))
        .thenThrows(IllegalStateError, /after the pair completes/, 'recognition'));

    it('issues the certificate to the mentee after completion, once', () => {
      const issued: PairEvent = {
        type: 'CertificateIssued',
        data: { certificateId: 'cert-1', menteePersonId: 'person-a1', issuedOn: '2027-08-15', issuedBy: 'chair-1' },
      };
      pair
        .given(lrrtDone)
        .when(c('IssueCertificate', { certificateId: 'cert-1' }))
        .then([issued]);
      pair
        .given([...lrrtDone, issued])
        .when(c('IssueCertificate', { certificateId: 'cert-2' }))
        .thenThrows(IllegalStateError, /already issued/, 'recognition-once');
    });

    it('issues the letter of appreciation to the mentor after completion, once', () => {
      const issued: PairEvent = {
        type: 'AppreciationLetterIssued',
        data: { letterId: 'l-1', mentorPersonId: 'person-m1', issuedOn: '2027-08-15', issuedBy: 'chair-1' },
      };
      pair
        .given(lrrtDone)
        .when(c('IssueAppreciationLetter', { letterId: 'l-1' }))
        .then([issued]);
      pair
        .given([...lrrtDone, issued])
        .when(c('IssueAppreciationLetter', { letterId: 'l-2' }))
        .thenThrows(IllegalStateError, undefined, 'recognition-once');
    });

    it('VRT issues no certificates', () =>
      pair
        .given([started(vrtTemplate), completed])
        .when(c('IssueCertificate', { certificateId: 'c' }))
        .thenThrows(IllegalStateError, /issues no certificates/));
  });

  describe('after the pair ended early', () => {
    it('records nothing more', () =>
      pair
        .given([...lrrtYear, { type: 'PairEnded', data: { pairId: 'p1', reason: 'r', endedBy: 'x' } }])
        .when(c('RecordCheckInHeld', { checkInId: 'checkin-1', heldOn: '2026-03-02', attendance: { mentor: true, mentee: true } }))
        .thenThrows(IllegalStateError, /ended early/));
  });
});

describe('folding a pair’s stream', () => {
  const missed: PairEvent = { type: 'CheckInMissed', data: { checkInId: 'checkin-3', reason: 'travel', recordedBy: 'chair-1' } };
  const output: PairEvent = {
    type: 'OutputRecorded',
    data: { outputId: 'o1', kind: 'presentation', title: 't', venue: 'v', date: '2027-01-01', url: null, listedPublicly: true, recordedBy: 'x' },
  };
  const life: PairEvent[] = [
    ...lrrtYear,
    held(1),
    held(2),
    missed,
    output,
    presentation,
    completed,
    { type: 'CertificateIssued', data: { certificateId: 'c1', menteePersonId: 'person-a1', issuedOn: '2027-08-20', issuedBy: 'chair-1' } },
    { type: 'AppreciationLetterIssued', data: { letterId: 'l1', mentorPersonId: 'person-m1', issuedOn: '2027-08-20', issuedBy: 'chair-1' } },
  ];

  it('in place gives the state one pure step at a time gives, and a pure step leaves the state it started from as it was', () => {
    const states: { state: PairState; copy: PairState }[] = [];
    let state: PairState = pairDecider.initialState();
    for (const event of life) {
      states.push({ state, copy: structuredClone(state) });
      state = evolvePair(state, event);
    }
    expect(foldStream(pairDecider, life)).toEqual(state);
    for (const { state: earlier, copy } of states) expect(earlier).toEqual(copy);
    expect(state).toMatchObject({ status: 'completed', certificateId: 'c1', letterId: 'l1', outputs: { o1: { kind: 'presentation' } } });
    expect(Object.values((state as Exclude<PairState, { status: 'none' }>).checkIns).map((k) => k.status)).toEqual(['held', 'held', 'missed', 'scheduled']);
  });
});
