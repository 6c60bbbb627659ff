import { EventEmitter } from 'node:events';
import pg from 'pg';
import { pairCheckpoint, parsePairCheckpoint } from '../core/checkpoint';
import { ConcurrencyError, EventStoreValidationError } from '../core/errors';
import { pollingSubscription, type SubscriptionSource, sleep } from '../core/subscription';
import type {
  AppendRequest,
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreStats,
  SubscribeOptions,
  SubscriptionHandler,
} from '../core/types';
import { parseStreamId, type ValidatedRequest, validateLimit, validateRequests } from '../core/validation';
import { migrate } from './schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Apply migrations on first use (default true). */
  migrate?: boolean;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  tenant_seq: string;
  type: string;
  data: unknown;
  personal: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  hash: string;
}

interface AppendRow {
  event_id: string;
  stream_revision: number;
  global_position: string;
  transaction_id: string;
  replayed: boolean;
}

const COLUMNS =
  'global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_revision, tenant_seq, type, data, personal, metadata, recorded_at, hash';
const VISIBLE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const APPEND_SQL = 'SELECT * FROM tandem_append($1, $2, $3, $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])';

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  data: row.data,
  personal: row.personal,
  metadata: row.metadata,
  streamId: row.stream_id,
  streamRevision: row.stream_revision,
  globalPosition: BigInt(row.global_position),
  checkpoint: pairCheckpoint(row.transaction_id, BigInt(row.global_position)),
  tenantSequence: Number(row.tenant_seq),
  hash: row.hash,
  recordedAt: row.recorded_at.toISOString(),
});

const expectedText = (expected: ExpectedRevision): string => (typeof expected === 'number' ? String(expected) : expected);

/**
 * PostgreSQL adapter: appends in one round trip through `tandem_append`, a gap-safe global
 * order by `(xid8, sequence)` below the oldest running transaction, LISTEN/NOTIFY to wake
 * subscribers (see schema.ts).
 */
export class PostgresEventStore implements EventStore, SubscriptionSource {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  private ready: Promise<void> | null = null;
  private listener: pg.Client | null = null;
  private listening: Promise<pg.Client | null> | null = null;
  private readonly notifications = new EventEmitter();
  private closed = false;

  constructor(readonly options: PostgresEventStoreOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
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
    return this.appendOne(this.pool, request as ValidatedRequest);
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    const validated = validateRequests(requests);
    await this.init();
    if (validated.length === 1) return [await this.appendOne(this.pool, validated[0] as ValidatedRequest)];
    // One lock order for every writer: tenants first, then streams.
    const ordered = [...validated].sort((a, b) => (a.tenant === b.tenant ? (a.streamId < b.streamId ? -1 : 1) : a.tenant < b.tenant ? -1 : 1));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const results = new Map<string, AppendResult>();
      for (const request of ordered) results.set(request.streamId, await this.appendOne(client, request));
      await client.query('COMMIT');
      return validated.map((r) => results.get(r.streamId) as AppendResult);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async appendOne(db: pg.Pool | pg.PoolClient, request: ValidatedRequest): Promise<AppendResult> {
    const { streamId, tenant, events, expectedRevision } = request;
    let rows: AppendRow[];
    try {
      ({ rows } = await db.query<AppendRow>(APPEND_SQL, [
        streamId,
        tenant,
        expectedText(expectedRevision),
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.correlationKey),
        events.map((e) => e.data),
        events.map((e) => e.personal),
        events.map((e) => e.metadata),
      ]));
    } catch (error) {
      const e = error as pg.DatabaseError;
      if (e.code === 'TD409') {
        const actual = Number(e.detail);
        throw new ConcurrencyError(streamId, expectedRevision, actual < 0 ? null : actual);
      }
      if (e.code === 'TD422' || (e.code === '23505' && e.constraint === 'tandem_events_event_id_key')) {
        throw new EventStoreValidationError(
          `the event ids of this append to ${streamId} match no earlier append of it: re-send the original append unchanged, or use new event ids`,
        );
      }
      throw error;
    }
    const appended = rows.map((row) => ({
      eventId: row.event_id,
      streamRevision: row.stream_revision,
      globalPosition: BigInt(row.global_position),
      checkpoint: pairCheckpoint(row.transaction_id, BigInt(row.global_position)),
    }));
    const last = appended[appended.length - 1];
    if (!last) throw new Error(`append to ${streamId} returned no rows`);
    return { streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events: appended };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    parseStreamId(streamId);
    await this.init();
    const backwards = options.direction === 'backwards';
    const limit = validateLimit(options.limit, 2_147_483_647);
    const low = backwards ? (options.to ?? 0) : (options.from ?? 0);
    const high = backwards ? (options.from ?? 2_147_483_647) : (options.to ?? 2_147_483_647);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM tandem_events WHERE stream_id = $1 AND stream_revision BETWEEN $2 AND $3
       ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $4`,
      [streamId, low, high, limit],
    );
    return rows.map(toRecorded);
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
      `SELECT ${COLUMNS} FROM tandem_events WHERE ${where} ORDER BY transaction_id, global_position LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecorded);
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
    const { rows } = await this.pool.query<{ revision: number }>('SELECT revision FROM tandem_streams WHERE stream_id = $1', [streamId]);
    const revision = rows[0]?.revision;
    return revision === undefined || revision < 0 ? null : revision;
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    await this.init();
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM tandem_events WHERE ${VISIBLE}
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? pairCheckpoint(row.transaction_id, BigInt(row.global_position)) : null;
  }

  async stats(): Promise<StoreStats> {
    await this.init();
    const [events, streams, tenants, types] = await Promise.all([
      this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tandem_events'),
      this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tandem_streams WHERE revision >= 0'),
      this.pool.query<{ tenant: string; seq: string; head_hash: string }>('SELECT tenant, seq, head_hash FROM tandem_tenants WHERE seq > 0 ORDER BY tenant'),
      this.pool.query<{ type: string; n: string }>('SELECT type, count(*) AS n FROM tandem_events GROUP BY type ORDER BY count(*) DESC, type'),
    ]);
    return {
      kind: this.kind,
      location: this.location,
      events: Number(events.rows[0]?.n ?? 0),
      streams: Number(streams.rows[0]?.n ?? 0),
      head: await this.headCheckpoint(),
      tenants: tenants.rows.map((t) => ({ tenant: t.tenant, events: Number(t.seq), headHash: t.head_hash })),
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
