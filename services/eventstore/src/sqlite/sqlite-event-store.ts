import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { parseSingleCheckpoint, singleCheckpoint } from '../core/checkpoint';
import { ConcurrencyError, EventStoreValidationError } from '../core/errors';
import { chainHash, GENESIS_HASH } from '../core/hash';
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
import { parseStreamId, revisionMatches, type ValidatedRequest, validateLimit, validateRequests } from '../core/validation';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:`. */
  filename: string;
  /** `FULL` (default) survives power loss; `NORMAL` only process crashes. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscriber looks for commits of other processes (ms). */
  pollIntervalMs?: number;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  tenant_seq: number;
  type: string;
  data: string;
  personal: string | null;
  metadata: string;
  recorded_at: string;
  hash: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  tenant          TEXT    NOT NULL,
  tenant_seq      INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  correlation_key TEXT,
  data            TEXT    NOT NULL,
  personal        TEXT,
  metadata        TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, position);
CREATE INDEX IF NOT EXISTS events_by_correlation ON events (correlation_key, position) WHERE correlation_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT    PRIMARY KEY,
  tenant    TEXT    NOT NULL,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tenants (
  tenant    TEXT    PRIMARY KEY,
  seq       INTEGER NOT NULL,
  head_hash TEXT    NOT NULL
) WITHOUT ROWID;
`;

const COLUMNS = 'position, event_id, stream_id, stream_revision, tenant_seq, type, data, personal, metadata, recorded_at, hash';

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  personal: row.personal === null ? null : JSON.parse(row.personal),
  metadata: JSON.parse(row.metadata),
  streamId: row.stream_id,
  streamRevision: row.stream_revision,
  globalPosition: BigInt(row.position),
  checkpoint: singleCheckpoint(row.position),
  tenantSequence: row.tenant_seq,
  hash: row.hash,
  recordedAt: row.recorded_at,
});

/**
 * The embedded default. One file, WAL, a single writer: positions are gap-free and commit
 * ordered, so the checkpoint is the position itself. The hash chain is computed at append,
 * inside the write transaction.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly readAllStatements = new Map<string, Database.Statement>();
  private readonly writeTransaction: Database.Transaction<(batch: ValidatedRequest[]) => AppendResult[]>;
  private closed = false;

  constructor(readonly options: SqliteEventStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
    this.appended.setMaxListeners(0);
    this.statements = {
      streamRevision: this.db.prepare<[string], { revision: number }>('SELECT revision FROM streams WHERE stream_id = ?'),
      eventById: this.db.prepare<[string], { position: number; stream_id: string; stream_revision: number }>(
        'SELECT position, stream_id, stream_revision FROM events WHERE event_id = ?',
      ),
      tenantHead: this.db.prepare<[string], { seq: number; head_hash: string }>('SELECT seq, head_hash FROM tenants WHERE tenant = ?'),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_revision, tenant, tenant_seq, type, correlation_key, data, personal, metadata, recorded_at, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertStream: this.db.prepare(
        'INSERT INTO streams (stream_id, tenant, revision) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
      ),
      upsertTenant: this.db.prepare(
        'INSERT INTO tenants (tenant, seq, head_hash) VALUES (?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, head_hash = excluded.head_hash',
      ),
      head: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      dataVersion: this.db.prepare<[], { data_version: number }>('PRAGMA data_version'),
    };
    this.writeTransaction = this.db.transaction((batch: ValidatedRequest[]) => this.writeBatch(batch));
  }

  get location(): string {
    return this.options.filename;
  }

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([
      { streamId, events, ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }) },
    ]);
    return result as AppendResult;
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    const validated = validateRequests(requests);
    const results = this.writeTransaction.immediate(validated);
    this.appended.emit('append');
    return results;
  }

  private writeBatch(batch: ValidatedRequest[]): AppendResult[] {
    const recordedAt = new Date().toISOString();
    const heads = new Map<string, { seq: number; hash: string }>();
    const results = batch.map((request) => this.appendOne(request, recordedAt, heads));
    for (const [tenant, head] of heads) this.statements.upsertTenant.run(tenant, head.seq, head.hash);
    return results;
  }

  private appendOne(request: ValidatedRequest, recordedAt: string, heads: Map<string, { seq: number; hash: string }>): AppendResult {
    const { streamId, tenant, events, expectedRevision } = request;
    const current = this.statements.streamRevision.get(streamId)?.revision ?? null;
    const replay = this.idempotentReplay(request);
    if (replay) return replay;
    if (!revisionMatches(expectedRevision, current)) throw new ConcurrencyError(streamId, expectedRevision, current);

    let head = heads.get(tenant);
    if (!head) {
      const row = this.statements.tenantHead.get(tenant);
      head = { seq: row?.seq ?? 0, hash: row?.head_hash ?? GENESIS_HASH };
    }
    let revision = current ?? -1;
    let position = 0;
    const appended = events.map((event) => {
      revision += 1;
      head.seq += 1;
      head.hash = chainHash(head.hash, {
        eventId: event.eventId,
        type: event.type,
        streamId,
        streamRevision: revision,
        tenantSequence: head.seq,
        metadata: event.metadata,
        data: event.data,
        personal: event.personal,
      });
      const info = this.statements.insert.run(
        event.eventId,
        streamId,
        revision,
        tenant,
        head.seq,
        event.type,
        event.correlationKey,
        event.data,
        event.personal,
        event.metadata,
        recordedAt,
        head.hash,
      );
      position = Number(info.lastInsertRowid);
      return { eventId: event.eventId, streamRevision: revision, globalPosition: BigInt(position), checkpoint: singleCheckpoint(position) };
    });
    heads.set(tenant, head);
    this.statements.upsertStream.run(streamId, tenant, revision);
    return { streamId, nextExpectedRevision: revision, checkpoint: singleCheckpoint(position), events: appended };
  }

  /** The same event ids appended again: hand back where they already are, write nothing. */
  private idempotentReplay(request: ValidatedRequest): AppendResult | null {
    const first = request.events[0];
    const existing = first ? this.statements.eventById.get(first.eventId) : undefined;
    if (!existing) {
      for (const event of request.events.slice(1)) {
        if (this.statements.eventById.get(event.eventId)) {
          throw new EventStoreValidationError(
            `event ${event.eventId} is already stored but the events before it in this append are not; re-send the original append unchanged`,
          );
        }
      }
      return null;
    }
    const appended = request.events.map((event, index) => {
      const row = this.statements.eventById.get(event.eventId);
      if (!row || row.stream_id !== request.streamId || row.stream_revision !== existing.stream_revision + index) {
        throw new EventStoreValidationError(
          `event ${event.eventId} does not match an earlier append to ${request.streamId}: re-send the original append unchanged, or use new event ids`,
        );
      }
      return { eventId: event.eventId, streamRevision: row.stream_revision, globalPosition: BigInt(row.position), checkpoint: singleCheckpoint(row.position) };
    });
    const last = appended[appended.length - 1] as (typeof appended)[number];
    return { streamId: request.streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events: appended };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    parseStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const limit = validateLimit(options.limit, Number.MAX_SAFE_INTEGER);
    const low = backwards ? (options.to ?? 0) : (options.from ?? 0);
    const high = backwards ? (options.from ?? Number.MAX_SAFE_INTEGER) : (options.to ?? Number.MAX_SAFE_INTEGER);
    const rows = this.db
      .prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_revision BETWEEN ? AND ? ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(streamId, low, high, limit);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllRows(options).map(toRecorded);
  }

  /** The stored rows as they are (the benchmark and the audit verifier read these). */
  readAllRows(options: ReadAllOptions = {}): EventRow[] {
    const limit = validateLimit(options.limit, 1000);
    const from = options.from ? parseSingleCheckpoint(options.from) : 0n;
    const to = options.to ? parseSingleCheckpoint(options.to) : BigInt(Number.MAX_SAFE_INTEGER);
    const where = ['position > ?', 'position <= ?'];
    const params: unknown[] = [from, to];
    if (options.tenant !== undefined) {
      where.push('tenant = ?');
      params.push(options.tenant);
    }
    if (options.correlationKey !== undefined) {
      where.push('correlation_key = ?');
      params.push(options.correlationKey);
    }
    if (options.types !== undefined) {
      if (options.types.length === 0) return [];
      where.push(`type IN (${options.types.map(() => '?').join(', ')})`);
      params.push(...options.types);
    }
    params.push(limit);
    const sql = `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`;
    let statement = this.readAllStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.readAllStatements.set(sql, statement);
    }
    return statement.all(...params) as EventRow[];
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler) {
    this.assertOpen();
    if (options.from) parseSingleCheckpoint(options.from);
    return pollingSubscription(this, options, handler);
  }

  async waitForChange(_after: Checkpoint | null, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.closed) return sleep(timeoutMs, signal);
    const version = this.statements.dataVersion.get()?.data_version;
    const local = new AbortController();
    const wake = () => local.abort();
    signal.addEventListener('abort', wake, { once: true });
    this.appended.once('append', wake);
    const deadline = Date.now() + timeoutMs;
    try {
      // data_version moves when another connection (another process) commits.
      while (!local.signal.aborted && Date.now() < deadline && !this.closed) {
        await sleep(Math.min(this.pollIntervalMs, deadline - Date.now()), local.signal);
        if (!this.closed && this.statements.dataVersion.get()?.data_version !== version) break;
      }
    } finally {
      signal.removeEventListener('abort', wake);
      this.appended.off('append', wake);
    }
  }

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    parseStreamId(streamId);
    return this.statements.streamRevision.get(streamId)?.revision ?? null;
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    this.assertOpen();
    const position = this.statements.head.get()?.position;
    return position === null || position === undefined ? null : singleCheckpoint(position);
  }

  async stats(): Promise<StoreStats> {
    this.assertOpen();
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const tenants = this.db
      .prepare<[], { tenant: string; events: number; head_hash: string }>('SELECT tenant, seq AS events, head_hash FROM tenants ORDER BY tenant')
      .all();
    const types = this.db
      .prepare<[], { type: string; events: number }>('SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC, type')
      .all();
    return {
      kind: this.kind,
      location: this.location,
      events: count('SELECT count(*) AS n FROM events'),
      streams: count('SELECT count(*) AS n FROM streams'),
      head: await this.headCheckpoint(),
      tenants: tenants.map((t) => ({ tenant: t.tenant, events: t.events, headHash: t.head_hash })),
      types,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.emit('append');
    this.db.close();
  }

  private assertOpen() {
    if (this.closed) throw new Error('the event store is closed');
  }
}
