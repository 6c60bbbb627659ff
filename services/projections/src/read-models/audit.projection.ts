import { defineProjection, type Handler, type Handlers } from '../core/projection';
import { columnsOf, defineTable } from '../core/table';
import { programIdOf } from './helpers';

/**
 * One row per event: who did what, when, in which stream and program. Keyed by the event's
 * checkpoint, which is as unique as its id and is the order every query reads in: the key is
 * then also the log-order index, and the rows of a replay arrive in key order within a round
 * table. Keyed by the event id with a separate checkpoint index, a 300k-row load cost
 * PostgreSQL 20% more CPU and SQLite 8% more (see docs/architecture.md).
 */
export const auditEventTable = defineTable({
  name: 'audit_event',
  columns: {
    tenant: 'text',
    eventId: 'text',
    checkpoint: 'text',
    type: 'text',
    streamId: 'text',
    streamRevision: 'int',
    programId: 'text?',
    actor: 'text',
    correlationId: 'text',
    occurredAt: 'text',
    recordedAt: 'text',
  },
  key: ['tenant', 'checkpoint'],
  indexes: [
    ['tenant', 'programId', 'checkpoint'],
    ['tenant', 'streamId'],
    ['tenant', 'actor'],
  ],
  appendOnly: true,
  programScoped: true,
});

const audit: Handler<unknown> = (e) => [
  {
    table: auditEventTable,
    op: 'upsert',
    key: { tenant: e.metadata.tenant, checkpoint: e.checkpoint },
    values: {
      eventId: e.eventId,
      type: e.type,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      programId: programIdOf(e),
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      occurredAt: e.metadata.occurredAt,
      recordedAt: e.recordedAt,
    },
  },
];

/**
 * Each audit column made by SQLite from the log's envelopes (SqliteEventStore.envelopesSql), as
 * the handler above makes it. A rebuild test compares the rows with the handler's.
 */
const AUDIT_FROM_ENVELOPES: Record<keyof typeof auditEventTable.columns, string> = {
  tenant: 'tenant',
  eventId: 'event_id',
  checkpoint: 'checkpoint',
  type: 'type',
  streamId: 'stream_id',
  streamRevision: 'stream_revision',
  // programIdOf: the correlation key (the store keeps an empty one as none), else the id of a
  // program stream (`<tenant>/program-<id>`, the id never empty).
  programId: `coalesce(correlation_key, CASE WHEN instr(stream_id, '/program-') > 0 THEN substr(stream_id, instr(stream_id, '/program-') + 9) END)`,
  actor: 'actor',
  correlationId: 'correlation_id',
  occurredAt: 'occurred_at',
  recordedAt: 'recorded_at',
};

/**
 * The audit rows of the events that `envelopes` selects, inserted into `into` by SQLite itself: a
 * rebuild whose events and read models are both SQLite files writes the audit index so, a page
 * of events a statement on its writer thread, instead of replaying an object, a row change and
 * eleven parameters for each event (see rebuild.ts).
 */
export const auditRowsSql = (envelopes: string, into: string): string => {
  const columns = columnsOf(auditEventTable);
  const made = columns.map((c) => AUDIT_FROM_ENVELOPES[c.name as keyof typeof AUDIT_FROM_ENVELOPES]);
  return `INSERT INTO "${into}" (${columns.map((c) => `"${c.field}"`).join(', ')})
  SELECT ${made.join(', ')} FROM (${envelopes})`;
};

/** The audit index takes every event, known type or not: `*` matches all. */
export const auditProjection = defineProjection({
  name: 'audit',
  tables: [auditEventTable],
  handlers: {} as Handlers,
  all: audit,
});
