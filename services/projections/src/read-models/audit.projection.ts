import { defineProjection, type Handler, type Handlers } from '../core/projection';
import { defineTable } from '../core/table';
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

/** The audit index takes every event, known type or not: `*` matches all. */
export const auditProjection = defineProjection({
  name: 'audit',
  tables: [auditEventTable],
  handlers: {} as Handlers,
  all: audit,
});
