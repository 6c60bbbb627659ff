import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { pairCheckpoint, parsePairCheckpoint } from '../core/checkpoint';
import { ConcurrencyError, EventStoreValidationError } from '../core/errors';
import { canonicalMetadata, chainHash, GENESIS_HASH } from '../core/hash';
import { idempotentReplay, type StoredEvent } from '../core/idempotency';
import { pollingSubscription, type SubscriptionSource, sleep } from '../core/subscription';
import type {
  AppendedEvent,
  AppendRequest,
  AppendResult,
  BystanderAware,
  BystanderClient,
  Checkpoint,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreStats,
  SubscribeOptions,
  SubscriptionHandler,
  TenantHead,
} from '../core/types';
import { parseStreamId, revisionMatches, type SerializedEvent, type ValidatedRequest, validateLimit, validateRequests } from '../core/validation';
import type { ChainCursor, ChainReader, StoredChainLink } from '../core/verify';
import { migrate } from './schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Apply migrations on first use (default true). */
  migrate?: boolean;
}

/** A row as `rowMode: 'array'` returns it: the columns of SELECT_COLUMNS, in order. */
type EventRow = [
  globalPosition: string,
  transactionId: string,
  eventId: string,
  streamId: string,
  streamRevision: number,
  tenantSeq: string,
  type: string,
  data: unknown,
  personal: unknown,
  tenant: string,
  actor: string,
  correlationId: string,
  causationId: string | null,
  occurredAt: string,
  schemaVersion: number,
  correlationKey: string | null,
  recordedAt: string,
  hash: string,
];

/** A chain row of `readTenantChain`: texts as stored. */
type ChainRow = [
  globalPosition: string,
  transactionId: string,
  eventId: string,
  streamId: string,
  streamRevision: number,
  tenantSeq: string,
  type: string,
  data: string,
  personal: string | null,
  actor: string,
  correlationId: string,
  causationId: string | null,
  occurredAt: string,
  schemaVersion: number,
  correlationKey: string | null,
  hash: string,
];

// `transaction_id::text` is aliased: a bare `ORDER BY transaction_id` would otherwise sort by the text.
// `recorded_at` comes as the ISO text `recordedAt` is (milliseconds truncated, as before): reading
// 300k events took Node 1.81–1.86 s of CPU against 1.94–2.05 s making a `Date` of epoch
// milliseconds and formatting it, and the server 0.05–0.1 s more.
const SELECT_COLUMNS = `global_position, transaction_id::text AS xid, event_id, stream_id, stream_revision, tenant_seq, type, data, personal,
  tenant, actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), hash`;
/** Below the oldest transaction in progress that is not a bystander (schema.ts, migration 2); evaluated once a statement. */
const VISIBLE = 'transaction_id < (SELECT tandem_log_horizon())';
/**
 * Records a bystander's transaction id, only if the backend `pid`, named `token` for this
 * transaction, holds it now: a client of another server (whose ids mean other transactions) or
 * one with no transaction open records nothing. Bystanders that have ended are forgotten.
 */
const DECLARE_BYSTANDER = `WITH ended AS (DELETE FROM tandem_log_bystanders WHERE xid < pg_snapshot_xmin(pg_current_snapshot()))
INSERT INTO tandem_log_bystanders (xid)
SELECT $1::xid8 FROM pg_stat_activity
 WHERE pid = $2 AND application_name = $3 AND backend_xid = ($1::xid8::text::numeric % 4294967296)::text::xid
ON CONFLICT (xid) DO UPDATE SET xid = excluded.xid`;
const INSERT_COLUMNS =
  'event_id, stream_id, stream_revision, tenant, tenant_seq, type, data, personal, actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, hash';
/**
 * The stream's previous revision exists (no gaps) and the tenant's head is the link the first
 * event was hashed from. The head is read as "the tenant's highest tenant_seq" on purpose: only
 * the (tenant, tenant_seq) index gives that order, so the plan cannot depend on statistics.
 * Written as "the link at seq - 1", a generic plan made while the table was new and unanalysed
 * picked the (tenant, transaction_id, …) index and filtered every row of the tenant: appends on
 * a fresh database slowed linearly (0.4 → 3.6 ms at 9k events) until autovacuum analysed it.
 */
const PRECONDITION = `($3::int = 0 OR EXISTS (SELECT 1 FROM tandem_events p WHERE p.stream_id = $2 AND p.stream_revision = $3::int - 1))
  AND ($5::bigint = 1 OR EXISTS (SELECT 1 FROM (SELECT tenant_seq, hash FROM tandem_events WHERE tenant = $4 ORDER BY tenant_seq DESC LIMIT 1) AS head
                                  WHERE head.tenant_seq = $5::bigint - 1 AND head.hash = $16))`;
const APPEND_ONE = {
  name: 'tandem_append_one',
  text: `INSERT INTO tandem_events (${INSERT_COLUMNS})
SELECT $1::uuid, $2, $3::int, $4, $5::bigint, $6, $7::json, $8::json, $9, $10, $11, $12, $13::int, $14, $15
WHERE ${PRECONDITION}
RETURNING stream_revision, global_position, transaction_id::text`,
};
const APPEND_MANY = {
  name: 'tandem_append_many',
  text: `INSERT INTO tandem_events (${INSERT_COLUMNS})
SELECT u.id, $2, $3::int + u.ord::int - 1, $4, $5::bigint + u.ord - 1, u.type, u.data, u.personal, u.actor, u.correlation_id, u.causation_id, u.occurred_at, u.schema_version, u.correlation_key, u.hash
  FROM unnest($1::uuid[], $6::text[], $7::json[], $8::json[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::text[])
       WITH ORDINALITY AS u (id, type, data, personal, actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, hash, ord)
 WHERE ${PRECONDITION}
RETURNING stream_revision, global_position, transaction_id::text`,
};
const LOOKUP = {
  name: 'tandem_lookup',
  text: `SELECT (SELECT max(stream_revision) FROM tandem_events WHERE stream_id = $1) AS revision, h.tenant_seq, h.hash
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT tenant_seq, hash FROM tandem_events WHERE tenant = $2 ORDER BY tenant_seq DESC LIMIT 1) AS h ON true`,
};
const STREAM_REVISION = { name: 'tandem_stream_revision', text: 'SELECT max(stream_revision) AS revision FROM tandem_events WHERE stream_id = $1' };
/**
 * Unnamed (planned for its array each time): only a failed append runs it, and a generic plan made
 * on a new table took a sequential scan that it would then keep however large the table grew.
 */
const BY_EVENT_ID = {
  text: 'SELECT event_id, stream_id, stream_revision, global_position, transaction_id::text FROM tandem_events WHERE event_id = ANY ($1::uuid[])',
};

/**
 * The statements prepared by name, whose generic plans PostgreSQL may keep however the table
 * grows; a test EXPLAINs each generic plan on a new, never analysed table.
 */
export const NAMED_STATEMENTS = { APPEND_ONE, APPEND_MANY, LOOKUP, STREAM_REVISION };

const toRecorded = (row: EventRow): RecordedEvent => {
  const correlationKey = row[15];
  const metadata: EventMetadata =
    correlationKey === null
      ? { tenant: row[9], actor: row[10], correlationId: row[11], causationId: row[12], occurredAt: row[13], schemaVersion: row[14] }
      : { tenant: row[9], actor: row[10], correlationId: row[11], causationId: row[12], occurredAt: row[13], schemaVersion: row[14], correlationKey };
  return {
    eventId: row[2],
    type: row[6],
    data: row[7],
    personal: row[8],
    metadata,
    streamId: row[3],
    streamRevision: row[4],
    globalPosition: BigInt(row[0]),
    checkpoint: pairCheckpoint(row[1], row[0]),
    tenantSequence: Number(row[5]),
    hash: row[17],
    recordedAt: row[16],
  };
};

const toRecordedAll = (rows: EventRow[]): RecordedEvent[] => {
  const events: RecordedEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = toRecorded(rows[i] as EventRow);
  return events;
};

interface Head {
  seq: number;
  hash: string;
}

/** An append planned against a revision and a head: the statement and what it will make them. */
interface Plan {
  request: ValidatedRequest;
  query: { name: string; text: string; values: unknown[] };
  revision: number;
  head: Head;
}

/** Why an INSERT wrote nothing. */
type Failure = 'tenant' | 'stream' | 'event_id' | 'precondition' | 'retry';

/** Cached stream revisions beyond this are dropped and reloaded on demand. */
const CACHE_LIMIT = 100_000;
/** Appends that keep losing the tenant head to other writers give up after this many tries. */
const MAX_ATTEMPTS = 1_000;

const failureOf = (error: unknown): Failure | null => {
  const e = error as pg.DatabaseError;
  if (e?.code === '23505') {
    if (e.constraint === 'tandem_events_tenant_seq_key') return 'tenant';
    if (e.constraint === 'tandem_events_stream_revision_key') return 'stream';
    if (e.constraint === 'tandem_events_event_id_key') return 'event_id';
  }
  if (e?.code === '40P01' || e?.code === '40001') return 'retry'; // deadlock, serialization failure
  return null;
};

class AppendFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly request: ValidatedRequest,
  ) {
    super(`append to ${request.streamId} failed: ${failure}`);
  }
}

/**
 * PostgreSQL adapter: an append is one INSERT guarded by constraints (see schema.ts), a gap-safe
 * global order by `(xid8, sequence)` below the oldest running transaction, LISTEN/NOTIFY to wake
 * subscribers. Stream revisions and tenant heads are cached optimistically: the INSERT itself
 * checks them, and a stale entry is reloaded and the append retried.
 */
export class PostgresEventStore implements EventStore, SubscriptionSource, ChainReader, BystanderAware {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  private ready: Promise<void> | null = null;
  private listener: pg.Client | null = null;
  private listening: Promise<pg.Client | null> | null = null;
  private readonly notifications = new EventEmitter();
  private readonly revisions = new Map<string, number>();
  private readonly heads = new Map<string, Head>();
  private closed = false;

  constructor(readonly options: PostgresEventStoreOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // Pages of the log must come off the (transaction_id, global_position) index in order,
      // stopping at LIMIT. With statistics that lag a growing table the planner would rather
      // collect every row after the checkpoint with a bitmap scan and sort them: quadratic
      // catch-up. (An `options` parameter in the connection string replaces this.)
      // Plans: the append and the point lookups are named statements whose generic plan cannot
      // pick a worse index (see PRECONDITION); reads are unnamed, so each page is planned for
      // its own parameters and the table's current size (readQuery).
      options: '-c enable_bitmapscan=off',
    });
    this.pool.on('error', () => undefined);
    this.notifications.setMaxListeners(0);
  }

  get location(): string {
    const url = new URL(this.options.connectionString);
    return `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
  }

  /** Applies the migrations once. */
  init(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    if (!this.ready) {
      this.ready = (async () => {
        if (this.options.migrate === false) return;
        const client = await this.pool.connect();
        try {
          await migrate(client);
        } finally {
          client.release();
        }
      })();
      this.ready.catch(() => {
        this.ready = null;
      });
    }
    return this.ready;
  }

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [request] = validateRequests([
      { streamId, events, ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }) },
    ]);
    await this.init();
    return this.appendAlone(request as ValidatedRequest);
  }

  /**
   * Appends inside a transaction the caller holds open on `client` (BEGIN … COMMIT are the
   * caller's). No retry: a failed statement aborts the caller's transaction, so a conflict is
   * raised as it is. The cache learns nothing, since the caller may still roll back.
   */
  async appendWithin(
    client: pg.ClientBase,
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const [request] = validateRequests([
      { streamId, events, ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }) },
    ]);
    await this.init();
    try {
      return await this.insert(client, await this.plan(client, request as ValidatedRequest));
    } catch (error) {
      if (error instanceof AppendFailure)
        throw new EventStoreValidationError(`append to ${streamId} conflicts with the stored events (${error.failure}); roll back and retry`);
      throw error;
    }
  }

  /**
   * Declares the transaction open on `client` a bystander of the log: it will not append to it.
   * Readers see only events below the oldest transaction still open anywhere on the server, since
   * an open transaction may still commit events with a lower id; they need not wait for a
   * bystander. A rebuild's transactions, which write read models for up to a second each and never
   * append, declare themselves, so that live readers do not stall behind them.
   *
   * `client` may be connected to any database of this server. The transaction gets its id here and
   * is recorded only once this store sees that `client`'s backend holds that id (so a client of
   * another server, or one outside a transaction, records nothing and false is returned). It stays
   * a bystander until it ends: a transaction that appends after declaring itself would have its
   * events skipped by readers that passed them, so only code that never appends may declare.
   */
  async declareBystander(client: BystanderClient): Promise<boolean> {
    await this.init();
    const token = `tandem-bystander-${randomUUID()}`;
    const { rows } = await client.query<{ xid: string; pid: number }>(
      "SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid, set_config('application_name', $1, true)",
      [token],
    );
    const own = rows[0] as { xid: string; pid: number };
    const { rowCount } = await this.pool.query(DECLARE_BYSTANDER, [own.xid, own.pid, token]);
    return rowCount === 1;
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    const validated = validateRequests(requests);
    await this.init();
    if (validated.length === 1) return [await this.appendAlone(validated[0] as ValidatedRequest)];
    // One order for every writer (tenants, then streams) keeps unique-index waits from deadlocking.
    const ordered = [...validated].sort((a, b) => (a.tenant === b.tenant ? (a.streamId < b.streamId ? -1 : 1) : a.tenant < b.tenant ? -1 : 1));
    const replayed = new Map<string, AppendResult>();
    const client = await this.pool.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        const results = new Map<string, AppendResult>(replayed);
        const plans: Plan[] = [];
        try {
          await client.query('BEGIN');
          const heads = new Map<string, Head>();
          for (const request of ordered) {
            if (replayed.has(request.streamId)) continue;
            const plan = await this.plan(client, request, heads.get(request.tenant));
            results.set(request.streamId, await this.insert(client, plan));
            heads.set(request.tenant, plan.head);
            plans.push(plan);
          }
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!(error instanceof AppendFailure)) throw error;
          // Decided outside the aborted transaction; retry the whole transaction unless it is final.
          const replay = await this.resolveFailure(this.pool, error.request, error.failure, attempt);
          if (replay) replayed.set(error.request.streamId, replay);
          continue;
        }
        for (const plan of plans) this.learn(plan);
        return validated.map((r) => results.get(r.streamId) as AppendResult);
      }
    } finally {
      client.release();
    }
  }

  private async appendAlone(request: ValidatedRequest): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const plan = await this.plan(this.pool, request);
        const result = await this.insert(this.pool, plan);
        this.learn(plan);
        return result;
      } catch (error) {
        if (!(error instanceof AppendFailure)) throw error;
        const replay = await this.resolveFailure(this.pool, request, error.failure, attempt);
        if (replay) return replay;
      }
    }
  }

  /** The committed append moves the cache forward. */
  private learn(plan: Plan) {
    if (this.revisions.size >= CACHE_LIMIT) this.revisions.clear();
    if (this.heads.size >= CACHE_LIMIT) this.heads.clear();
    this.revisions.set(plan.request.streamId, plan.revision);
    this.heads.set(plan.request.tenant, plan.head);
  }

  /**
   * After a failed INSERT: an idempotent replay, a ConcurrencyError, or (returning null) a retry
   * with fresh revision and head.
   */
  private async resolveFailure(db: pg.Pool | pg.ClientBase, request: ValidatedRequest, failure: Failure, attempt: number): Promise<AppendResult | null> {
    const { streamId, tenant, expectedRevision } = request;
    this.heads.delete(tenant);
    this.revisions.delete(streamId);
    if (failure === 'tenant' || failure === 'retry') {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`append to ${streamId} lost the race for tenant ${tenant}'s chain head ${attempt} times`);
      return null;
    }
    if (failure === 'event_id') {
      const replay = await this.idempotentReplay(db, request);
      if (replay) return replay;
      return null; // the stored copy was not visible yet: look again
    }
    // 'stream' or 'precondition': does the stream still satisfy what the caller expects?
    const actual = await this.lookupRevision(db, streamId);
    const fixed = typeof expectedRevision === 'number' || expectedRevision === 'no_stream';
    if (failure === 'stream' ? fixed : !revisionMatches(expectedRevision, actual)) {
      const replay = await this.idempotentReplay(db, request);
      if (replay) return replay;
      throw new ConcurrencyError(streamId, expectedRevision, actual);
    }
    if (attempt >= MAX_ATTEMPTS) throw new Error(`append to ${streamId} could not settle its revision after ${attempt} tries`);
    return null;
  }

  /** The revision to append after and the head to chain from: cached, or looked up. */
  private async plan(db: pg.Pool | pg.ClientBase, request: ValidatedRequest, batchHead?: Head): Promise<Plan> {
    const { streamId, tenant, expectedRevision } = request;
    let current: number | null | undefined =
      typeof expectedRevision === 'number' ? expectedRevision : expectedRevision === 'no_stream' ? null : this.revisions.get(streamId);
    let head = batchHead ?? this.heads.get(tenant);
    if (current === undefined || !head) {
      const { rows } = await db.query<{ revision: number | null; tenant_seq: string | null; hash: string | null }>({ ...LOOKUP, values: [streamId, tenant] });
      const row = rows[0];
      if (current === undefined) current = row?.revision ?? null;
      if (!head) head = row?.tenant_seq ? { seq: Number(row.tenant_seq), hash: row.hash as string } : { seq: 0, hash: GENESIS_HASH };
    }
    if (!revisionMatches(expectedRevision, current)) throw new AppendFailure('precondition', request);
    return this.planAt(request, current ?? -1, head);
  }

  private planAt(request: ValidatedRequest, after: number, from: Head): Plan {
    const { streamId, tenant, events } = request;
    const n = events.length;
    const hashes: string[] = new Array(n);
    let hash = from.hash;
    for (let i = 0; i < n; i++) {
      const event = events[i] as SerializedEvent;
      hash = chainHash(hash, {
        eventId: event.eventId,
        type: event.type,
        streamId,
        streamRevision: after + 1 + i,
        tenantSequence: from.seq + 1 + i,
        metadata: event.metadata,
        data: event.data,
        personal: event.personal,
      });
      hashes[i] = hash;
    }
    const head = { seq: from.seq + n, hash };
    let query: Plan['query'];
    if (n === 1) {
      const e = events[0] as SerializedEvent;
      const m = e.metadataObject;
      query = {
        ...APPEND_ONE,
        values: [
          e.eventId,
          streamId,
          after + 1,
          tenant,
          from.seq + 1,
          e.type,
          e.data,
          e.personal,
          m.actor,
          m.correlationId,
          m.causationId,
          m.occurredAt,
          m.schemaVersion,
          e.correlationKey,
          hash,
          from.hash,
        ],
      };
    } else {
      const column = <T>(f: (e: SerializedEvent) => T): T[] => events.map(f);
      query = {
        ...APPEND_MANY,
        values: [
          column((e) => e.eventId),
          streamId,
          after + 1,
          tenant,
          from.seq + 1,
          column((e) => e.type),
          column((e) => e.data),
          column((e) => e.personal),
          column((e) => e.metadataObject.actor),
          column((e) => e.metadataObject.correlationId),
          column((e) => e.metadataObject.causationId),
          column((e) => e.metadataObject.occurredAt),
          column((e) => e.metadataObject.schemaVersion),
          column((e) => e.correlationKey),
          hashes,
          from.hash,
        ],
      };
    }
    return { request, query, revision: after + n, head };
  }

  /** Runs the planned INSERT; a violated guarantee becomes an AppendFailure. */
  private async insert(db: pg.Pool | pg.ClientBase, plan: Plan): Promise<AppendResult> {
    const { streamId, events } = plan.request;
    let rows: { stream_revision: number; global_position: string; transaction_id: string }[];
    try {
      ({ rows } = await db.query(plan.query));
    } catch (error) {
      const failure = failureOf(error);
      if (failure) throw new AppendFailure(failure, plan.request);
      throw error;
    }
    if (rows.length === 0) throw new AppendFailure('precondition', plan.request);
    if (rows.length !== events.length) throw new Error(`append to ${streamId} wrote ${rows.length} of ${events.length} events`);
    const first = plan.revision - events.length + 1;
    const appended: AppendedEvent[] = new Array(events.length);
    for (const row of rows) {
      const index = row.stream_revision - first;
      appended[index] = {
        eventId: (events[index] as SerializedEvent).eventId,
        streamRevision: row.stream_revision,
        globalPosition: BigInt(row.global_position),
        checkpoint: pairCheckpoint(row.transaction_id, row.global_position),
      };
    }
    const last = appended[appended.length - 1] as AppendedEvent;
    return { streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events: appended };
  }

  private async lookupRevision(db: pg.Pool | pg.ClientBase, streamId: string): Promise<number | null> {
    const { rows } = await db.query<{ revision: number | null }>({ ...STREAM_REVISION, values: [streamId] });
    return rows[0]?.revision ?? null;
  }

  /** The same event ids appended again: hand back where they already are, write nothing. */
  private async idempotentReplay(db: pg.Pool | pg.ClientBase, request: ValidatedRequest): Promise<AppendResult | null> {
    const { rows } = await db.query<{ event_id: string; stream_id: string; stream_revision: number; global_position: string; transaction_id: string }>({
      ...BY_EVENT_ID,
      values: [request.events.map((e) => e.eventId)],
    });
    const stored = new Map<string, StoredEvent>();
    for (const row of rows) {
      stored.set(row.event_id, {
        eventId: row.event_id,
        streamId: row.stream_id,
        streamRevision: row.stream_revision,
        globalPosition: BigInt(row.global_position),
        checkpoint: pairCheckpoint(row.transaction_id, row.global_position),
      });
    }
    return idempotentReplay(request, stored);
  }

  /**
   * A read, returning rows as arrays. Unnamed on purpose: PostgreSQL plans an unnamed statement
   * for the values it is bound to, whereas a named one may keep a generic plan made while the
   * table was small (a sequential scan and a sort) however large the table grows.
   */
  private readQuery(text: string, values: unknown[]) {
    return { text, values, rowMode: 'array' as const };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    parseStreamId(streamId);
    await this.init();
    const backwards = options.direction === 'backwards';
    const limit = validateLimit(options.limit, 2_147_483_647);
    const low = backwards ? (options.to ?? 0) : (options.from ?? 0);
    const high = backwards ? (options.from ?? 2_147_483_647) : (options.to ?? 2_147_483_647);
    const { rows } = await this.pool.query<EventRow>(
      this.readQuery(
        `SELECT ${SELECT_COLUMNS} FROM tandem_events WHERE stream_id = $1 AND stream_revision BETWEEN $2 AND $3
       ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $4`,
        [streamId, low, high, limit],
      ),
    );
    return toRecordedAll(rows);
  }

  private filter(options: ReadAllOptions, params: unknown[]): string {
    const where = [VISIBLE];
    if (options.from) {
      const [xid, position] = parsePairCheckpoint(options.from);
      params.push(xid.toString(), position.toString());
      where.push(`(transaction_id, global_position) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
    }
    if (options.to) {
      const [xid, position] = parsePairCheckpoint(options.to);
      params.push(xid.toString(), position.toString());
      where.push(`(transaction_id, global_position) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`);
    }
    if (options.tenant !== undefined) {
      params.push(options.tenant);
      where.push(`tenant = $${params.length}`);
    }
    if (options.correlationKey !== undefined) {
      params.push(options.correlationKey);
      where.push(`correlation_key = $${params.length}`);
    }
    if (options.types !== undefined) {
      params.push(options.types);
      where.push(`type = ANY ($${params.length}::text[])`);
    }
    return where.join(' AND ');
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = validateLimit(options.limit, 1000);
    if (options.types?.length === 0) return [];
    const params: unknown[] = [];
    const where = this.filter(options, params);
    await this.init();
    params.push(limit);
    const { rows } = await this.pool.query<EventRow>(
      this.readQuery(`SELECT ${SELECT_COLUMNS} FROM tandem_events WHERE ${where} ORDER BY transaction_id, global_position LIMIT $${params.length}`, params),
    );
    return toRecordedAll(rows);
  }

  /**
   * The tenant's stored links in chain order, with the exact texts the hash covers (for
   * `verifyTenantChain`): `json` keeps the text as written, so `data::text` is what was hashed.
   * UNIQUE (tenant, tenant_seq) serves the order; every committed row is read (a link is only
   * appended after the one before it committed, so committed links have no gaps to wait for).
   */
  async readTenantChain(tenant: string, after: ChainCursor | null, limit: number): Promise<StoredChainLink[]> {
    await this.init();
    const { rows } = await this.pool.query<ChainRow>(
      this.readQuery(
        `SELECT global_position, transaction_id::text, event_id, stream_id, stream_revision, tenant_seq, type, data::text, personal::text,
           actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, hash
         FROM tandem_events WHERE tenant = $1 AND tenant_seq > $2 ORDER BY tenant_seq LIMIT $3`,
        [tenant, after?.tenantSequence ?? 0, validateLimit(limit, 1000)],
      ),
    );
    return rows.map((row) => ({
      eventId: row[2],
      type: row[6],
      streamId: row[3],
      streamRevision: row[4],
      tenantSequence: Number(row[5]),
      metadata: canonicalMetadata({
        tenant,
        actor: row[9],
        correlationId: row[10],
        causationId: row[11],
        occurredAt: row[12],
        schemaVersion: row[13],
        correlationKey: row[14],
      }),
      data: row[7],
      personal: row[8],
      checkpoint: pairCheckpoint(row[1], row[0]),
      hash: row[15],
    }));
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler) {
    if (options.from) parsePairCheckpoint(options.from);
    return pollingSubscription(this, options, handler);
  }

  async waitForChange(after: Checkpoint | null, timeoutMs: number, signal: AbortSignal, filter: ReadAllOptions = {}): Promise<void> {
    if (this.closed || signal.aborted) return;
    const wake = new AbortController();
    const onWake = () => wake.abort();
    const onAbort = () => wake.abort();
    this.notifications.once('event', onWake);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.listen();
      // Registered before this check, so no commit can slip between the check and the wait.
      const params: unknown[] = [];
      const where = this.filter({ ...filter, from: after }, params).replace(VISIBLE, 'true');
      const { rows } = await this.pool.query<{ visible: boolean }>(
        `SELECT ${VISIBLE} AS visible FROM tandem_events WHERE ${where} ORDER BY transaction_id, global_position LIMIT 1`,
        params,
      );
      const next = rows[0];
      if (next?.visible) return;
      // Committed but behind an older open transaction: look again shortly.
      await sleep(next ? 20 : timeoutMs, wake.signal);
    } finally {
      this.notifications.off('event', onWake);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private listen(): Promise<pg.Client | null> {
    if (this.closed) return Promise.resolve(null);
    if (!this.listening) {
      this.listening = (async () => {
        const client = new pg.Client({ connectionString: this.options.connectionString });
        client.on('notification', () => this.notifications.emit('event'));
        client.on('error', () => {
          this.listening = null;
          this.listener = null;
          this.notifications.emit('event');
          client.end().catch(() => undefined);
        });
        await client.connect();
        await client.query('LISTEN tandem_events');
        this.listener = client;
        return client;
      })();
      this.listening.catch(() => {
        this.listening = null;
      });
    }
    return this.listening;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    parseStreamId(streamId);
    await this.init();
    return this.lookupRevision(this.pool, streamId);
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    return this.lastCheckpoint(`WHERE ${VISIBLE}`);
  }

  async committedHead(): Promise<Checkpoint | null> {
    return this.lastCheckpoint('');
  }

  private async lastCheckpoint(where: string): Promise<Checkpoint | null> {
    await this.init();
    const { rows } = await this.pool.query<{ xid: string; global_position: string }>(
      `SELECT transaction_id::text AS xid, global_position FROM tandem_events ${where}
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? pairCheckpoint(row.xid, row.global_position) : null;
  }

  /** One count (global positions have gaps, so the head cannot tell); stats() also counts streams, types and tenants. */
  async countEvents(): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tandem_events');
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Skips from one tenant to the next through UNIQUE (tenant, tenant_seq) and takes each
   * tenant's highest sequence, instead of a DISTINCT ON over the whole index.
   */
  async tenantHeads(): Promise<TenantHead[]> {
    await this.init();
    const { rows } = await this.pool.query<{ tenant: string; seq: string; head_hash: string }>(
      `WITH RECURSIVE t(tenant) AS (
         SELECT min(tenant) FROM tandem_events
         UNION ALL SELECT (SELECT min(tenant) FROM tandem_events WHERE tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL)
       SELECT h.tenant, h.tenant_seq AS seq, h.hash AS head_hash FROM t
         CROSS JOIN LATERAL (SELECT tenant, tenant_seq, hash FROM tandem_events e WHERE e.tenant = t.tenant ORDER BY tenant_seq DESC LIMIT 1) h
       ORDER BY h.tenant`,
    );
    return rows.map((t) => ({ tenant: t.tenant, events: Number(t.seq), headHash: t.head_hash }));
  }

  async stats(): Promise<StoreStats> {
    await this.init();
    const [events, streams, tenants, types] = await Promise.all([
      this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tandem_events'),
      this.pool.query<{ n: string }>('SELECT count(DISTINCT stream_id) AS n FROM tandem_events'),
      this.tenantHeads(),
      this.pool.query<{ type: string; n: string }>('SELECT type, count(*) AS n FROM tandem_events GROUP BY type ORDER BY count(*) DESC, type'),
    ]);
    return {
      kind: this.kind,
      location: this.location,
      events: Number(events.rows[0]?.n ?? 0),
      streams: Number(streams.rows[0]?.n ?? 0),
      head: await this.headCheckpoint(),
      tenants,
      types: types.rows.map((t) => ({ type: t.type, events: Number(t.n) })),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notifications.emit('event');
    const listener = this.listener;
    this.listener = null;
    this.listening = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
