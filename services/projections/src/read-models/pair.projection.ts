import type { Lookup, ProjectionEvent } from '../core/projection';
import { defineProjection, touch } from '../core/projection';
import { defineTable, type Row, type RowChange } from '../core/table';
import { personalOf, quarterOf, str } from './helpers';

/** A confirmed pair's progress towards completion, and the recognition issued. */
export const completionTable = defineTable({
  name: 'pair_completion',
  columns: {
    tenant: 'text',
    pairId: 'text',
    programId: 'text',
    mentorApplicationId: 'text',
    menteeApplicationId: 'text',
    mentorPersonId: 'text',
    menteePersonId: 'text',
    status: 'text',
    requirements: 'json?',
    recognition: 'json?',
    checkInsHeld: 'int',
    checkInsMissed: 'int',
    finalPresentationOn: 'text?',
    finalPresentationTitle: 'text?',
    completedOn: 'text?',
    certificateId: 'text?',
    certificateIssuedOn: 'text?',
    letterId: 'text?',
    letterIssuedOn: 'text?',
    endedReason: 'text?',
    startedAt: 'text',
    updatedAt: 'text',
  },
  key: ['tenant', 'pairId'],
  indexes: [['tenant', 'programId']],
  programScoped: true,
});

export const checkInTable = defineTable({
  name: 'check_in',
  personal: true,
  columns: {
    tenant: 'text',
    pairId: 'text',
    checkInId: 'text',
    programId: 'text',
    idx: 'int?',
    dueOn: 'text',
    quarter: 'text',
    mode: 'text',
    label: 'text',
    status: 'text',
    heldOn: 'text?',
    mentorAttended: 'bool?',
    menteeAttended: 'bool?',
    missedReason: 'text?',
    updatedAt: 'text',
    /** Decrypted notes of a held check-in (the mentee's personal data): null once erased. Last: added by migration 0002. */
    notes: 'text?',
  },
  key: ['tenant', 'pairId', 'checkInId'],
  indexes: [['tenant', 'programId', 'quarter']],
  programScoped: true,
});

/** The check-ins whose notes are a person's data (under their key): erasing the person blanks them. */
export const checkInNotesTable = defineTable({
  name: 'check_in_notes',
  columns: {
    tenant: 'text',
    personId: 'text',
    /** `[{ pairId, checkInId }]` */
    checkIns: 'json',
    updatedAt: 'text',
  },
  key: ['tenant', 'personId'],
});

type NotedCheckIn = { pairId: string; checkInId: string };

/** Check-ins per program and quarter (of the due date): scheduled, held, missed. */
export const checkInComplianceTable = defineTable({
  name: 'check_in_compliance',
  columns: { tenant: 'text', programId: 'text', quarter: 'text', scheduled: 'int', held: 'int', missed: 'int' },
  key: ['tenant', 'programId', 'quarter'],
  programScoped: true,
});

/** Publications and presentations a pair recorded; `listedPublicly` ones make the program's public list. */
export const outputTable = defineTable({
  name: 'output',
  columns: {
    tenant: 'text',
    outputId: 'text',
    programId: 'text',
    pairId: 'text',
    kind: 'text',
    title: 'text',
    venue: 'text',
    date: 'text',
    url: 'text?',
    listedPublicly: 'bool',
    recordedBy: 'text',
    recordedAt: 'text',
  },
  key: ['tenant', 'outputId'],
  indexes: [['tenant', 'programId', 'listedPublicly']],
  programScoped: true,
});

const pairIdOf = (e: ProjectionEvent<unknown>): string => (/\/pair-(.+)$/.exec(e.streamId)?.[1] as string) ?? '';

const completion = (e: ProjectionEvent<unknown>, lookup: Lookup) => {
  const key = { tenant: e.metadata.tenant, pairId: pairIdOf(e) };
  return { key, row: lookup.get(completionTable, key) };
};

const patchCompletion = (e: ProjectionEvent<unknown>, lookup: Lookup, values: Row | ((row: Row) => Row)): RowChange[] => {
  const { key, row } = completion(e, lookup);
  if (!row) return [];
  return [{ table: completionTable, op: 'patch', key, values: { ...(typeof values === 'function' ? values(row) : values), updatedAt: e.metadata.occurredAt } }];
};

const settleCheckIn = (e: ProjectionEvent<{ checkInId: string }>, lookup: Lookup, outcome: 'held' | 'missed', values: Row): RowChange[] => {
  const pairId = pairIdOf(e);
  const key = { tenant: e.metadata.tenant, pairId, checkInId: e.data.checkInId };
  const checkIn = lookup.get(checkInTable, key);
  if (!checkIn || checkIn.status === outcome) return [];
  const before = checkIn.status as string;
  const delta = (s: string) => (outcome === s ? 1 : 0) - (before === s ? 1 : 0);
  return [
    { table: checkInTable, op: 'patch', key, values: { ...values, status: outcome, updatedAt: e.metadata.occurredAt } },
    {
      table: checkInComplianceTable,
      op: 'increment',
      key: { tenant: e.metadata.tenant, programId: checkIn.programId as string, quarter: checkIn.quarter as string },
      values: { held: delta('held'), missed: delta('missed') },
    },
    ...patchCompletion(e, lookup, (row) => ({
      checkInsHeld: (row.checkInsHeld as number) + delta('held'),
      checkInsMissed: (row.checkInsMissed as number) + delta('missed'),
    })),
  ];
};

export const pairProjection = defineProjection({
  name: 'pair',
  tables: [completionTable, checkInTable, checkInComplianceTable, outputTable, checkInNotesTable],
  touches: {
    PairStarted: (e) => [touch(completionTable, { tenant: e.metadata.tenant, pairId: e.data.pairId })],
    CheckInScheduled: (e) => [
      touch(completionTable, { tenant: e.metadata.tenant, pairId: pairIdOf(e) }),
      touch(checkInTable, { tenant: e.metadata.tenant, pairId: pairIdOf(e), checkInId: e.data.checkInId }),
    ],
  },
  handlers: {
    PairStarted: (e) => [
      {
        table: completionTable,
        op: 'upsert',
        key: { tenant: e.metadata.tenant, pairId: e.data.pairId },
        values: {
          programId: e.data.programId,
          mentorApplicationId: e.data.mentorApplicationId,
          menteeApplicationId: e.data.menteeApplicationId,
          mentorPersonId: e.data.mentorPersonId,
          menteePersonId: e.data.menteePersonId,
          status: 'active',
          requirements: e.data.requirements,
          recognition: e.data.recognition,
          startedAt: e.metadata.occurredAt,
          updatedAt: e.metadata.occurredAt,
        },
      },
    ],
    CheckInScheduled: (e, lookup) => {
      const { row } = completion(e, lookup);
      const programId = (row?.programId as string | undefined) ?? e.metadata.correlationKey ?? '';
      const quarter = quarterOf(e.data.dueOn);
      const key = { tenant: e.metadata.tenant, pairId: pairIdOf(e), checkInId: e.data.checkInId };
      const existing = lookup.get(checkInTable, key);
      const changes: RowChange[] = [
        {
          table: checkInTable,
          op: 'upsert',
          key,
          values: {
            programId,
            idx: e.data.index,
            dueOn: e.data.dueOn,
            quarter,
            mode: e.data.mode,
            label: e.data.label,
            status: 'scheduled',
            updatedAt: e.metadata.occurredAt,
          },
        },
      ];
      if (!existing)
        changes.push({ table: checkInComplianceTable, op: 'increment', key: { tenant: e.metadata.tenant, programId, quarter }, values: { scheduled: 1 } });
      return changes;
    },
    CheckInHeld: (e, lookup) => {
      // Notes travel in the personal part; replayed after an erasure they read as erased: no notes.
      const fields = personalOf(e);
      const notes = fields && fields !== 'erased' ? str(fields.notes) : null;
      const changes = settleCheckIn(e, lookup, 'held', {
        heldOn: e.data.heldOn,
        mentorAttended: e.data.attendance.mentor,
        menteeAttended: e.data.attendance.mentee,
        missedReason: null,
        notes,
      });
      if (notes === null || changes.length === 0 || !e.personal) return changes;
      const key = { tenant: e.metadata.tenant, personId: e.personal.personId };
      const noted = (lookup.get(checkInNotesTable, key)?.checkIns as NotedCheckIn[] | undefined) ?? [];
      const values = { checkIns: [...noted, { pairId: pairIdOf(e), checkInId: e.data.checkInId }], updatedAt: e.metadata.occurredAt };
      return [...changes, { table: checkInNotesTable, op: 'upsert', key, values }];
    },
    CheckInMissed: (e, lookup) => settleCheckIn(e, lookup, 'missed', { missedReason: e.data.reason, heldOn: null, notes: null }),
    OutputRecorded: (e, lookup) => {
      const { row } = completion(e, lookup);
      return [
        {
          table: outputTable,
          op: 'upsert',
          key: { tenant: e.metadata.tenant, outputId: e.data.outputId },
          values: {
            programId: (row?.programId as string | undefined) ?? e.metadata.correlationKey ?? '',
            pairId: pairIdOf(e),
            kind: e.data.kind,
            title: e.data.title,
            venue: e.data.venue,
            date: e.data.date,
            url: e.data.url,
            listedPublicly: e.data.listedPublicly,
            recordedBy: e.data.recordedBy,
            recordedAt: e.metadata.occurredAt,
          },
        },
      ];
    },
    FinalPresentationDelivered: (e, lookup) => patchCompletion(e, lookup, { finalPresentationOn: e.data.deliveredOn, finalPresentationTitle: e.data.title }),
    ParticipationCompleted: (e, lookup) => patchCompletion(e, lookup, { status: 'completed', completedOn: e.data.completedOn }),
    CertificateIssued: (e, lookup) => patchCompletion(e, lookup, { certificateId: e.data.certificateId, certificateIssuedOn: e.data.issuedOn }),
    AppreciationLetterIssued: (e, lookup) => patchCompletion(e, lookup, { letterId: e.data.letterId, letterIssuedOn: e.data.issuedOn }),
    PersonalDataErased: (e, lookup) => {
      const key = { tenant: e.metadata.tenant, personId: e.data.personId };
      const noted = lookup.get(checkInNotesTable, key)?.checkIns as NotedCheckIn[] | undefined;
      if (!noted) return [];
      // `updatedAt` stays: a rebuild after the erasure writes the same row.
      return [
        ...noted.map(
          ({ pairId, checkInId }): RowChange => ({
            table: checkInTable,
            op: 'patch',
            key: { tenant: e.metadata.tenant, pairId, checkInId },
            values: { notes: null },
          }),
        ),
        { table: checkInNotesTable, op: 'delete', key },
      ];
    },
    PairEnded: (e, lookup) =>
      /\/pair-/.test(e.streamId)
        ? patchCompletion(e, lookup, (row) => (row.status === 'completed' ? {} : { status: 'ended', endedReason: e.data.reason }))
        : [],
  },
});
