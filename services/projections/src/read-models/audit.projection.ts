import { defineProjection, type Handler, type Handlers } from '../core/projection';
import { defineTable } from '../core/table';
import { programIdOf } from './helpers';

/** One row per event: who did what, when, in which stream and program. */
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
  key: ['tenant', 'eventId'],
  indexes: [
    ['tenant', 'checkpoint'],
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
    key: { tenant: e.metadata.tenant, eventId: e.eventId },
    values: {
      checkpoint: e.checkpoint,
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
