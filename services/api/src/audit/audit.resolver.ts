import type { RecordedEvent } from '@tandem/eventstore';
import { auditEventTable, dashboardOf, fromDb, matchBoardOf, programAsOf, type ReadModels, type RowOf } from '@tandem/projections';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { requireDomain } from '../commands/command';
import { type Context, requireRole } from '../core/context';
import { apiError } from '../core/errors';
import { asApplication, requireReadModels, statusCounts } from '../read/read.resolver';
import type { Application, Dashboard, Program } from '../read/read.types';
import { boardWithRuns } from '../subscriptions/live-read-models';
import { type AuditEvent, AuditEventConnection, AuditEventFilter, ProgramAsOf } from './audit.types';
import { AUDITORS, seesPersonalData, toAuditEvent } from './audit-access';

const encode = (prefix: string, value: string | number) => Buffer.from(`${prefix}:${value}`).toString('base64url');
const decode = (prefix: string, cursor: string | null | undefined): string | null => {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith(`${prefix}:`)) throw apiError('VALIDATION', 'the cursor was not issued by this field; pass pageInfo.endCursor of the previous page');
  return text.slice(prefix.length + 1);
};

const pageSize = (first: number | null | undefined) => {
  if (first !== null && first !== undefined && (first < 1 || first > 500)) throw apiError('VALIDATION', `first must be between 1 and 500, not ${first}`);
  return first ?? 100;
};

const isoTime = (name: string, value: string | null | undefined): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw apiError('VALIDATION', `${name} "${value}" is not a time: use ISO 8601, e.g. 2026-03-01T12:00:00Z`);
  return new Date(ms).toISOString();
};

/** The audit index's WHERE clause for a filter (index: tenant + checkpoint, program, stream, actor). */
const indexWhere = (tenant: string, filter: AuditEventFilter) => {
  const where = ['"tenant" = ?'];
  const params: unknown[] = [tenant];
  for (const [column, value] of [
    ['stream_id', filter.streamId],
    ['type', filter.type],
    ['actor', filter.actor],
    ['program_id', filter.programId],
  ] as const) {
    if (value !== null && value !== undefined) where.push(`"${column}" = ?`) && params.push(value);
  }
  const from = isoTime('from', filter.from);
  const to = isoTime('to', filter.to);
  if (from) where.push('"recorded_at" >= ?') && params.push(from);
  if (to) where.push('"recorded_at" <= ?') && params.push(to);
  return { where, params };
};

/** The audit index rows matching the filter, in log order. */
const indexPage = async (db: ReadModels, tenant: string, filter: AuditEventFilter, after: string | null, limit: number) => {
  const { where, params } = indexWhere(tenant, filter);
  if (after) where.push('"checkpoint" > ?') && params.push(after);
  const rows = await db.execute(`select * from "audit_event" where ${where.join(' and ')} order by "checkpoint" limit ${limit}`, params);
  return rows.map((r) => fromDb(auditEventTable, r)) as RowOf<typeof auditEventTable>[];
};

/** How many events of the audit index match the filter. */
const indexCount = async (db: ReadModels, tenant: string, filter: AuditEventFilter): Promise<number> => {
  const { where, params } = indexWhere(tenant, filter);
  const [row] = await db.execute<{ n: number | string }>(`select count(*) as "n" from "audit_event" where ${where.join(' and ')}`, params);
  return Number(row?.n ?? 0);
};

/** Reads the full events behind index rows: one ranged read per stream when the revisions are close, else one read each. */
const eventsOf = async (
  store: { readStream: (id: string, o: { from: number; to: number }) => Promise<RecordedEvent[]> },
  rows: RowOf<typeof auditEventTable>[],
) => {
  const byStream = new Map<string, number[]>();
  for (const row of rows) byStream.set(row.streamId, [...(byStream.get(row.streamId) ?? []), row.streamRevision]);
  const found = new Map<string, RecordedEvent>();
  await Promise.all(
    [...byStream].map(async ([streamId, revisions]) => {
      const low = Math.min(...revisions);
      const high = Math.max(...revisions);
      const reads = high - low + 1 <= revisions.length * 4 ? [[low, high]] : revisions.map((r) => [r, r]);
      for (const [from, to] of reads) {
        for (const event of await store.readStream(streamId, { from: from as number, to: to as number })) found.set(event.eventId, event);
      }
    }),
  );
  return found;
};

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Auditors and admins: a round table’s event history in log order, filtered by stream, type, actor, program and recording time, a page at a time. Personal data appears as the viewer may see it (see AuditEvent.personal).',
  })
  async auditEvents(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Which events; all when absent.' }) filter: AuditEventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 100, at most 500).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: Context,
  ): Promise<AuditEventConnection> {
    const viewer = requireRole(context, tenant, AUDITORS);
    const size = pageSize(first);
    const deps = requireDomain(context);
    const db = requireReadModels(context);
    const rows = await indexPage(db, tenant, filter ?? {}, decode('c', after), size + 1);
    const page = rows.slice(0, size);
    const events = await eventsOf(deps.store, page);
    const clear = seesPersonalData(viewer, tenant);
    const nodes: AuditEvent[] = [];
    for (const row of page) {
      const event = events.get(row.eventId);
      if (event) nodes.push(await toAuditEvent(event, deps.keyStore, clear, row.programId));
    }
    return {
      edges: nodes.map((node) => ({ cursor: encode('c', node.checkpoint), node })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? encode('c', (page[page.length - 1] as { checkpoint: string }).checkpoint) : null },
      countAll: () => indexCount(db, tenant, filter ?? {}),
    };
  }

  @Query(() => AuditEventConnection, { description: 'Auditors and admins: one stream’s events in revision order, a page at a time.' })
  async streamHistory(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('streamId', () => String, { description: 'The stream, e.g. vrt/program-2027; it must belong to the round table.' }) streamId: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 100, at most 500).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: Context,
  ): Promise<AuditEventConnection> {
    const viewer = requireRole(context, tenant, AUDITORS);
    if (!streamId.startsWith(`${tenant}/`))
      throw apiError('FORBIDDEN', `stream "${streamId}" is not in round table "${tenant}"; its name starts with "${tenant}/"`);
    const size = pageSize(first);
    const revision = decode('r', after);
    const deps = requireDomain(context);
    const events = await deps.store.readStream(streamId, { from: revision === null ? 0 : Number(revision) + 1, limit: size + 1 });
    const page = events.slice(0, size);
    const clear = seesPersonalData(viewer, tenant);
    const nodes = await Promise.all(page.map((e) => toAuditEvent(e, deps.keyStore, clear, null)));
    return {
      edges: nodes.map((node) => ({ cursor: encode('r', node.streamRevision), node })),
      pageInfo: { hasNextPage: events.length > size, endCursor: page.length ? encode('r', (page[page.length - 1] as RecordedEvent).streamRevision) : null },
      // Revisions start at 0 and have no gaps: the last one tells how many events the stream holds.
      countAll: async () => ((await deps.store.readStream(streamId, { direction: 'backwards', limit: 1 }))[0]?.streamRevision ?? -1) + 1,
    };
  }

  @Query(() => ProgramAsOf, {
    description:
      'Auditors and admins: a program as it stood at a time or a checkpoint, replayed from its events with the live projections; the same shapes as the program, applications, matchBoard and dashboard queries.',
  })
  async programAsOf(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('at', () => String, { nullable: true, description: 'Events recorded at or before this time (ISO 8601).' }) at: string | null,
    @Arg('checkpoint', () => String, { nullable: true, description: 'Events up to and including this checkpoint.' }) checkpoint: string | null,
    @Ctx() context: Context,
  ): Promise<ProgramAsOf> {
    requireRole(context, tenant, AUDITORS);
    if ((at ? 1 : 0) + (checkpoint ? 1 : 0) !== 1) throw apiError('VALIDATION', 'pass either at (an ISO time) or checkpoint, not both and not neither');
    const deps = requireDomain(context);
    const when = at ? { at: isoTime('at', at) as string } : { checkpoint: checkpoint as string };
    const snapshot = await programAsOf(deps.store, deps.keyStore, tenant, programId, when, {
      snapshots: context.services.readModels ?? undefined,
      audit: false,
    });
    return {
      checkpoint: snapshot.checkpoint,
      events: snapshot.events,
      program: snapshot.program as unknown as Program | null,
      applications: [...(snapshot.applications.map((a) => asApplication(a)) as unknown as Application[])].sort(
        (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.applicationId.localeCompare(b.applicationId),
      ),
      matchBoard: boardWithRuns(matchBoardOf(snapshot), snapshot.matchRuns as unknown as { requestedAt: string }[]),
      dashboard: { ...(dashboardOf(snapshot) as Omit<Dashboard, 'applicationsByStatus'>), applicationsByStatus: statusCounts(snapshot.applications) },
    };
  }
}

@Resolver(() => AuditEventConnection)
export class AuditEventConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many events the list holds on all its pages (counted only when asked for).' })
  totalCount(@Root() connection: AuditEventConnection): Promise<number> {
    return connection.countAll();
  }
}
