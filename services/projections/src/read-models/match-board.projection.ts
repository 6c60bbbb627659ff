import type { PairParties } from '@tandem/domain';
import type { Lookup, ProjectionEvent } from '../core/projection';
import { defineProjection, touch } from '../core/projection';
import { defineTable, type Row, type RowChange } from '../core/table';
import { programIdOf } from './helpers';
import { matchRunTable } from './program.projection';

/** Pairs (proposed, confirmed, declined, ended; fixed ones flagged) and forbidden pairs of a program. */
export const matchBoardTable = defineTable({
  name: 'match_board_entry',
  columns: {
    tenant: 'text',
    /** The pair id, or `forbidden:<mentor application>|<mentee application>`. */
    entryId: 'text',
    programId: 'text',
    kind: 'text',
    status: 'text',
    fixed: 'bool',
    mentorApplicationId: 'text',
    menteeApplicationId: 'text',
    mentorPersonId: 'text?',
    menteePersonId: 'text?',
    runId: 'text?',
    score: 'real?',
    /** The per-factor explanation of the match run's proposal. */
    explanation: 'json?',
    summary: 'text?',
    acceptedByMentor: 'text?',
    acceptedByMentee: 'text?',
    reason: 'text?',
    decidedBy: 'text',
    createdAt: 'text',
    updatedAt: 'text',
  },
  key: ['tenant', 'entryId'],
  indexes: [
    ['tenant', 'programId', 'status'],
    ['tenant', 'mentorApplicationId'],
  ],
  programScoped: true,
});

/** Each mentor's places: offered, held by proposals and confirmed pairs, free. */
export const mentorCapacityTable = defineTable({
  name: 'mentor_capacity',
  columns: {
    tenant: 'text',
    applicationId: 'text',
    programId: 'text',
    personId: 'text',
    applicationStatus: 'text',
    capacity: 'int',
    proposed: 'int',
    confirmed: 'int',
    free: 'int',
  },
  key: ['tenant', 'applicationId'],
  indexes: [['tenant', 'programId']],
  programScoped: true,
});

type Capacity = { applicationStatus: string; capacity: number; proposed: number; confirmed: number };
/** Free places as the domain counts them: only an eligible mentor has any. */
export const freePlaces = (c: Capacity): number => (c.applicationStatus === 'eligible' ? Math.max(0, c.capacity - c.proposed - c.confirmed) : 0);

/**
 * Collects capacity changes of one event, so two changes to the same mentor (a swap) compose.
 */
class CapacityChanges {
  private readonly rows = new Map<string, Row>();
  constructor(
    private readonly tenant: string,
    private readonly lookup: Lookup,
  ) {}
  change(applicationId: string, change: Partial<Capacity> | ((c: Capacity) => Partial<Capacity>)): void {
    const row = this.rows.get(applicationId) ?? this.lookup.get(mentorCapacityTable, { tenant: this.tenant, applicationId });
    if (!row) return;
    const next: Row = { ...row, ...(typeof change === 'function' ? change(row as unknown as Capacity) : change) };
    next.free = freePlaces(next as unknown as Capacity);
    this.rows.set(applicationId, next);
  }
  get changes(): RowChange[] {
    return [...this.rows.entries()].map(([applicationId, row]) => ({
      table: mentorCapacityTable,
      op: 'patch' as const,
      key: { tenant: this.tenant, applicationId },
      values: { applicationStatus: row.applicationStatus, capacity: row.capacity, proposed: row.proposed, confirmed: row.confirmed, free: row.free },
    }));
  }
}

const mentorStatus =
  (status: string) =>
  (e: ProjectionEvent<{ applicationId: string }>, lookup: Lookup): RowChange[] => {
    const c = new CapacityChanges(e.metadata.tenant, lookup);
    c.change(e.data.applicationId, { applicationStatus: status });
    return c.changes;
  };

const pairEntry = (e: ProjectionEvent<unknown>, lookup: Lookup, p: PairParties, values: Row): RowChange => {
  const runId = (values.runId as string | null | undefined) ?? null;
  let explanation: Row = {};
  if (runId) {
    const run = lookup.get(matchRunTable, { tenant: e.metadata.tenant, runId });
    const proposal = ((run?.proposals as { menteeApplicationId: string; mentorApplicationId: string; factors: unknown; summary: string }[] | null) ?? []).find(
      (x) => x.menteeApplicationId === p.menteeApplicationId && x.mentorApplicationId === p.mentorApplicationId,
    );
    if (proposal) explanation = { explanation: proposal.factors, summary: proposal.summary };
  }
  return {
    table: matchBoardTable,
    op: 'upsert',
    key: { tenant: e.metadata.tenant, entryId: p.pairId },
    values: {
      programId: programIdOf(e) ?? '',
      kind: 'pair',
      status: 'proposed',
      mentorApplicationId: p.mentorApplicationId,
      menteeApplicationId: p.menteeApplicationId,
      mentorPersonId: p.mentorPersonId,
      menteePersonId: p.menteePersonId,
      acceptedByMentor: null,
      acceptedByMentee: null,
      ...explanation,
      ...values,
      createdAt: e.metadata.occurredAt,
      updatedAt: e.metadata.occurredAt,
    },
  };
};

const closePair = (e: ProjectionEvent<{ pairId: string; reason: string }>, lookup: Lookup, status: 'declined' | 'ended', by: string): RowChange[] => {
  const key = { tenant: e.metadata.tenant, entryId: e.data.pairId };
  const entry = lookup.get(matchBoardTable, key);
  if (!entry || entry.status === status || entry.status === 'declined' || entry.status === 'ended') return [];
  const c = new CapacityChanges(e.metadata.tenant, lookup);
  c.change(entry.mentorApplicationId as string, (x) => (entry.status === 'confirmed' ? { confirmed: x.confirmed - 1 } : { proposed: x.proposed - 1 }));
  return [
    { table: matchBoardTable, op: 'patch', key, values: { status, reason: e.data.reason, decidedBy: by, updatedAt: e.metadata.occurredAt } },
    ...c.changes,
  ];
};

export const matchBoardProjection = defineProjection({
  name: 'match-board',
  tables: [matchBoardTable, mentorCapacityTable],
  touches: {
    ApplicationSubmitted: (e) =>
      e.data.role === 'mentor' ? [touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId })] : [],
    // Mentees have no capacity row: without these, each of their status changes asked for one.
    ApplicationScreened: (e) => [touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId })],
    ApplicationWithdrawn: (e) => [touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId })],
    ApplicationWaitlisted: (e) => [touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId })],
    ApplicationPromoted: (e) => [touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.applicationId })],
    PairProposed: (e) => [
      touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.mentorApplicationId }),
      touch(matchBoardTable, { tenant: e.metadata.tenant, entryId: e.data.pairId }),
    ],
    PairFixed: (e) => [
      touch(mentorCapacityTable, { tenant: e.metadata.tenant, applicationId: e.data.mentorApplicationId }),
      touch(matchBoardTable, { tenant: e.metadata.tenant, entryId: e.data.pairId }),
    ],
  },
  handlers: {
    ApplicationSubmitted: (e) =>
      e.data.role !== 'mentor'
        ? []
        : [
            {
              table: mentorCapacityTable,
              op: 'upsert',
              key: { tenant: e.metadata.tenant, applicationId: e.data.applicationId },
              values: {
                programId: programIdOf(e) ?? e.data.programId,
                personId: e.data.personId,
                applicationStatus: 'submitted',
                capacity: e.data.mentorCapacity ?? 1,
                proposed: 0,
                confirmed: 0,
                free: 0,
              },
            },
          ],
    ApplicationAmended: (e, lookup) => {
      const c = new CapacityChanges(e.metadata.tenant, lookup);
      c.change(e.data.applicationId, (x) => ({
        ...(e.data.mentorCapacity === undefined ? {} : { capacity: e.data.mentorCapacity }),
        ...(e.data.rescreen ? { applicationStatus: 'submitted' } : { applicationStatus: x.applicationStatus }),
      }));
      return c.changes;
    },
    ApplicationScreened: (e, lookup) => mentorStatus(e.data.outcome)(e, lookup),
    ApplicationWithdrawn: mentorStatus('withdrawn'),
    ApplicationWaitlisted: mentorStatus('waitlisted'),
    ApplicationPromoted: mentorStatus('eligible'),

    PairProposed: (e, lookup) => {
      const c = new CapacityChanges(e.metadata.tenant, lookup);
      c.change(e.data.mentorApplicationId, (x) => ({ proposed: x.proposed + 1 }));
      return [pairEntry(e, lookup, e.data, { fixed: false, runId: e.data.runId, score: e.data.score, decidedBy: e.data.proposedBy }), ...c.changes];
    },
    PairFixed: (e, lookup) => {
      const c = new CapacityChanges(e.metadata.tenant, lookup);
      c.change(e.data.mentorApplicationId, (x) => ({ proposed: x.proposed + 1 }));
      return [pairEntry(e, lookup, e.data, { fixed: true, runId: null, reason: e.data.reason, decidedBy: e.data.fixedBy }), ...c.changes];
    },
    PairForbidden: (e) => [
      {
        table: matchBoardTable,
        op: 'upsert',
        key: { tenant: e.metadata.tenant, entryId: `forbidden:${e.data.mentorApplicationId}|${e.data.menteeApplicationId}` },
        values: {
          programId: programIdOf(e) ?? '',
          kind: 'forbidden',
          status: 'forbidden',
          mentorApplicationId: e.data.mentorApplicationId,
          menteeApplicationId: e.data.menteeApplicationId,
          reason: e.data.reason,
          decidedBy: e.data.forbiddenBy,
          createdAt: e.metadata.occurredAt,
          updatedAt: e.metadata.occurredAt,
        },
      },
    ],
    ProposalsSwapped: (e, lookup) => {
      const c = new CapacityChanges(e.metadata.tenant, lookup);
      const changes: RowChange[] = [];
      for (const p of [e.data.first, e.data.second]) {
        const key = { tenant: e.metadata.tenant, entryId: p.pairId };
        const entry = lookup.get(matchBoardTable, key);
        if (!entry) continue;
        if (entry.mentorApplicationId !== p.mentorApplicationId && entry.status === 'proposed') {
          c.change(entry.mentorApplicationId as string, (x) => ({ proposed: x.proposed - 1 }));
          c.change(p.mentorApplicationId, (x) => ({ proposed: x.proposed + 1 }));
        }
        changes.push({
          table: matchBoardTable,
          op: 'patch',
          key,
          values: {
            mentorApplicationId: p.mentorApplicationId,
            menteeApplicationId: p.menteeApplicationId,
            mentorPersonId: p.mentorPersonId,
            menteePersonId: p.menteePersonId,
            acceptedByMentor: null,
            acceptedByMentee: null,
            score: null,
            explanation: null,
            summary: null,
            decidedBy: e.data.swappedBy,
            updatedAt: e.metadata.occurredAt,
          },
        });
      }
      return [...changes, ...c.changes];
    },
    PairAcceptedBy: (e) => [
      {
        table: matchBoardTable,
        op: 'patch',
        key: { tenant: e.metadata.tenant, entryId: e.data.pairId },
        values: { [e.data.party === 'mentor' ? 'acceptedByMentor' : 'acceptedByMentee']: e.data.recordedBy, updatedAt: e.metadata.occurredAt },
      },
    ],
    PairDeclined: (e, lookup) => closePair(e, lookup, 'declined', e.data.recordedBy),
    PairConfirmed: (e, lookup) => {
      const key = { tenant: e.metadata.tenant, entryId: e.data.pairId };
      const entry = lookup.get(matchBoardTable, key);
      if (entry?.status !== 'proposed') return [];
      const c = new CapacityChanges(e.metadata.tenant, lookup);
      c.change(entry.mentorApplicationId as string, (x) => ({ proposed: x.proposed - 1, confirmed: x.confirmed + 1 }));
      return [
        { table: matchBoardTable, op: 'patch', key, values: { status: 'confirmed', decidedBy: e.data.confirmedBy, updatedAt: e.metadata.occurredAt } },
        ...c.changes,
      ];
    },
    PairEnded: (e, lookup) => closePair(e, lookup, 'ended', e.data.endedBy),
  },
});
