import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CHECKPOINT_WIDTH, parseSingleCheckpoint, singleCheckpoint } from '../core/checkpoint';
import { ConcurrencyError, EventStoreValidationError } from '../core/errors';
import { canonicalMetadata, chainHash, GENESIS_HASH } from '../core/hash';
import { idempotentReplay, type StoredEvent } from '../core/idempotency';
import { pollingSubscription, type SubscriptionSource, sleep } from '../core/subscription';
import type {
  AppendedEvent,
  AppendRequest,
  AppendResult,
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

/** What a committed write transaction teaches the cache. */
interface BatchOutcome {
  results: AppendResult[];
  revisions: Map<string, number>;
  heads: Map<string, { seq: number; hash: string }>;
}

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:`. */
  filename: string;
  /** `FULL` (default) survives power loss; `NORMAL` only process crashes. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscriber looks for commits of other processes (ms). */
  pollIntervalMs?: number;
  /**
   * Bytes of the file read through a memory map instead of read calls (default 1 GiB; 0 turns it
   * off). Reading 110k events went from 1.34 to 1.05 µs per event: with SQLite's default 2 MB page
   * cache every page of a scan was another read call. Writes still go through the write-ahead log.
   */
  mmapBytes?: number;
}

/** A row as `.raw()` returns it: the columns of SELECT_COLUMNS, in order. */
type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  streamRevision: number,
  tenantSeq: number,
  type: string,
  data: string,
  personal: string | null,
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

/** Bumped when the table layout changes; a file of another layout is refused, never rewritten. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  tenant          TEXT    NOT NULL,
  tenant_seq      INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  personal        TEXT,
  actor           TEXT    NOT NULL,
  correlation_id  TEXT    NOT NULL,
  causation_id    TEXT,
  occurred_at     TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  correlation_key TEXT,
  recorded_at     TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, position);
CREATE INDEX IF NOT EXISTS events_by_correlation ON events (correlation_key, position) WHERE correlation_key IS NOT NULL;
PRAGMA user_version = ${SCHEMA_VERSION};
`;

/** What a read selects: every field of a recorded event (the bench reads them with the raw driver too). */
export const SELECT_COLUMNS =
  'position, event_id, stream_id, stream_revision, tenant_seq, type, data, personal, tenant, actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, recorded_at, hash';

/** One event's row (the bench runs it with the raw driver too). */
export const INSERT_SQL = `INSERT INTO events (event_id, stream_id, stream_revision, tenant, tenant_seq, type, data, personal,
                    actor, correlation_id, causation_id, occurred_at, schema_version, correlation_key, recorded_at, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const toRecorded = (row: EventRow): RecordedEvent => {
  const position = row[0];
  const personal = row[7];
  const correlationKey = row[14];
  const metadata: EventMetadata =
    correlationKey === null
      ? { tenant: row[8], actor: row[9], correlationId: row[10], causationId: row[11], occurredAt: row[12], schemaVersion: row[13] }
      : { tenant: row[8], actor: row[9], correlationId: row[10], causationId: row[11], occurredAt: row[12], schemaVersion: row[13], correlationKey };
  return {
    eventId: row[1],
    type: row[5],
    data: JSON.parse(row[6]),
    personal: personal === null ? null : JSON.parse(personal),
    metadata,
    streamId: row[2],
    streamRevision: row[3],
    globalPosition: BigInt(position),
    checkpoint: singleCheckpoint(position),
    tenantSequence: row[4],
    hash: row[16],
    recordedAt: row[15],
  };
};

interface Head {
  seq: number;
  hash: string;
}

/** Cached stream revisions and tenant heads beyond this are dropped and reloaded on demand. */
const CACHE_LIMIT = 100_000;

const isUniqueViolation = (error: unknown, columns: string): boolean =>
  error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.endsWith(columns);

/**
 * The embedded default. One file, WAL, one writer at a time (BEGIN IMMEDIATE): positions are
 * the rowid (max + 1; events are never deleted), gap-free and commit ordered, so the checkpoint
 * is the position itself.
 *
 * One table holds everything; the metadata fields are columns, read back without JSON parsing.
 * A stream's revision and a tenant's chain head are not kept in tables of their own: they are
 * read from the events' indexes and cached in memory. The cache is exact: it is checked inside
 * the write transaction against `PRAGMA data_version`, which moves when another connection
 * commits, and it is updated only after this connection's commit. An append is then one INSERT
 * per event. The chain hash is computed in Node (core/hash.ts) inside the write transaction.
 * Idempotent replays are looked up only when an append fails (an event id already stored, or a
 * revision that does not match), so the usual append pays nothing for them.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource, ChainReader {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly readStatements = new Map<string, Database.Statement>();
  private readonly writeTransaction: Database.Transaction<(batch: ValidatedRequest[]) => BatchOutcome>;
  /** Revisions and heads as of `cacheVersion` (this connection's `PRAGMA data_version`). */
  private readonly revisions = new Map<string, number>();
  private readonly heads = new Map<string, Head>();
  private cacheVersion = -1;
  private closed = false;

  constructor(readonly options: SqliteEventStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma(`mmap_size = ${options.mmapBytes ?? 1024 ** 3}`);
    this.createSchema();
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
    this.appended.setMaxListeners(0);
    this.statements = {
      streamRevision: this.db.prepare<[string], number | null>('SELECT max(stream_revision) FROM events WHERE stream_id = ?').pluck(),
      eventById: this.db.prepare<[string], { position: number; stream_id: string; stream_revision: number }>(
        'SELECT position, stream_id, stream_revision FROM events WHERE event_id = ?',
      ),
      tenantHead: this.db.prepare<[string], { tenant_seq: number; hash: string }>(
        'SELECT tenant_seq, hash FROM events WHERE tenant = ? ORDER BY position DESC LIMIT 1',
      ),
      insert: this.db.prepare(INSERT_SQL),
      head: this.db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      tenantHeads: this.db.prepare<[], { tenant: string; events: number; head_hash: string }>(
        `WITH RECURSIVE t(tenant) AS (
           SELECT min(tenant) FROM events
           UNION ALL SELECT (SELECT min(tenant) FROM events WHERE tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL)
         SELECT e.tenant, e.tenant_seq AS events, e.hash AS head_hash FROM t
           JOIN events e ON e.position = (SELECT max(position) FROM events WHERE tenant = t.tenant)
         ORDER BY e.tenant`,
      ),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.writeTransaction = this.db.transaction((batch: ValidatedRequest[]) => this.writeBatch(batch));
  }

  private createSchema() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    const tables = this.db.prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'").pluck().get();
    if (version !== 0 || tables) {
      throw new Error(
        `${this.options.filename} holds an event store of layout ${version}, this code reads layout ${SCHEMA_VERSION}; export its events and import them into a new file`,
      );
    }
    this.db.exec(SCHEMA);
  }

  get location(): string {
    return this.options.filename;
  }

  /** The file the events are in; null for `:memory:`, which no other connection can read. */
  get file(): string | null {
    return this.options.filename === ':memory:' ? null : this.options.filename;
  }

  /**
   * A SELECT of the envelopes of the events after the checkpoint bound to its first parameter
   * (null: from the start) up to and including the one bound to its second, in log order, for a
   * connection that has attached this store's file as `schema`. Its columns: position, checkpoint
   * (as `readAll` gives it), event_id, stream_id, stream_revision, type, tenant, actor,
   * correlation_id, causation_id, occurred_at, schema_version, correlation_key, recorded_at. A
   * rebuild makes its audit index from them in SQL, one row an event, without making every event
   * an object (see services/projections/src/rebuild.ts).
   */
  envelopesSql(schema: string): string {
    if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new EventStoreValidationError(`"${schema}" is not a plain schema name`);
    return `SELECT position, printf('%0${CHECKPOINT_WIDTH}d', position) AS checkpoint, event_id, stream_id, stream_revision, type, tenant, actor,
    correlation_id, causation_id, occurred_at, schema_version, correlation_key, recorded_at
  FROM "${schema}".events
  WHERE position > coalesce(CAST(? AS INTEGER), 0) AND position <= CAST(? AS INTEGER)`;
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
    const outcome = this.writeTransaction.immediate(validated);
    // Committed: only now may the cache learn the new revisions and heads.
    if (this.revisions.size + outcome.revisions.size > CACHE_LIMIT) this.revisions.clear();
    for (const [streamId, revision] of outcome.revisions) this.revisions.set(streamId, revision);
    for (const [tenant, head] of outcome.heads) this.heads.set(tenant, head);
    if (outcome.revisions.size > 0) this.appended.emit('append');
    return outcome.results;
  }

  /** Runs inside BEGIN IMMEDIATE: this connection holds the write lock. */
  private writeBatch(batch: ValidatedRequest[]): BatchOutcome {
    const version = this.statements.dataVersion.get() as number;
    if (version !== this.cacheVersion) {
      // Another connection committed since this one last wrote: what we cached may be stale.
      this.revisions.clear();
      this.heads.clear();
      this.cacheVersion = version;
    }
    const outcome: BatchOutcome = { results: [], revisions: new Map(), heads: new Map() };
    const recordedAt = new Date().toISOString();
    for (const request of batch) outcome.results.push(this.appendOne(request, recordedAt, outcome));
    return outcome;
  }

  private currentRevision(streamId: string): number | null {
    const cached = this.revisions.get(streamId);
    if (cached !== undefined) return cached;
    return this.statements.streamRevision.get(streamId) ?? null;
  }

  private tenantHead(tenant: string, outcome: BatchOutcome): Head {
    const head = outcome.heads.get(tenant) ?? this.heads.get(tenant);
    if (head) return { seq: head.seq, hash: head.hash };
    const row = this.statements.tenantHead.get(tenant);
    return row ? { seq: row.tenant_seq, hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  private appendOne(request: ValidatedRequest, recordedAt: string, outcome: BatchOutcome): AppendResult {
    const { streamId, tenant, events, expectedRevision } = request;
    const current = this.currentRevision(streamId);
    if (!revisionMatches(expectedRevision, current)) {
      const replay = this.idempotentReplay(request);
      if (replay) return replay;
      throw new ConcurrencyError(streamId, expectedRevision, current);
    }
    const head = this.tenantHead(tenant, outcome);
    const insert = this.statements.insert;
    let revision = current ?? -1;
    let position = 0;
    const appended: AppendedEvent[] = new Array(events.length);
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as SerializedEvent;
      const m = event.metadataObject;
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
      try {
        position = Number(
          insert.run(
            event.eventId,
            streamId,
            revision,
            tenant,
            head.seq,
            event.type,
            event.data,
            event.personal,
            m.actor,
            m.correlationId,
            m.causationId,
            m.occurredAt,
            m.schemaVersion,
            event.correlationKey,
            recordedAt,
            head.hash,
          ).lastInsertRowid,
        );
      } catch (error) {
        if (!isUniqueViolation(error, 'events.event_id')) throw error;
        // Nothing of this request is written yet when its first event is the one stored.
        if (index === 0) return this.idempotentReplay(request) as AppendResult;
        throw new EventStoreValidationError(
          `event ${event.eventId} is already stored but the events before it in this append are not; re-send the original append unchanged`,
        );
      }
      const checkpoint = singleCheckpoint(position);
      appended[index] = { eventId: event.eventId, streamRevision: revision, globalPosition: BigInt(position), checkpoint };
    }
    outcome.heads.set(tenant, head);
    outcome.revisions.set(streamId, revision);
    return { streamId, nextExpectedRevision: revision, checkpoint: (appended[appended.length - 1] as AppendedEvent).checkpoint, events: appended };
  }

  /** The same event ids appended again: hand back where they already are, write nothing. */
  private idempotentReplay(request: ValidatedRequest): AppendResult | null {
    const stored = new Map<string, StoredEvent>();
    for (const event of request.events) {
      const row = this.statements.eventById.get(event.eventId);
      if (row) {
        stored.set(event.eventId, {
          eventId: event.eventId,
          streamId: row.stream_id,
          streamRevision: row.stream_revision,
          globalPosition: BigInt(row.position),
          checkpoint: singleCheckpoint(row.position),
        });
      }
    }
    return idempotentReplay(request, stored);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    parseStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const limit = validateLimit(options.limit, Number.MAX_SAFE_INTEGER);
    const low = backwards ? (options.to ?? 0) : (options.from ?? 0);
    const high = backwards ? (options.from ?? Number.MAX_SAFE_INTEGER) : (options.to ?? Number.MAX_SAFE_INTEGER);
    const rows = this.statement(
      `SELECT ${SELECT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision BETWEEN ? AND ? ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
    ).all(streamId, low, high, limit) as EventRow[];
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
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
    const rows = this.statement(`SELECT ${SELECT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`).all(...params) as EventRow[];
    const events: RecordedEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = toRecorded(rows[i] as EventRow);
    return events;
  }

  /**
   * The tenant's stored links in chain order, with the exact texts the hash covers (for
   * `verifyTenantChain`). Ordered by (tenant_seq, position): no index serves that order, so each
   * page sorts the tenant's remaining rows; verification is an operator's call, not a hot path.
   */
  async readTenantChain(tenant: string, after: ChainCursor | null, limit: number): Promise<StoredChainLink[]> {
    this.assertOpen();
    const seq = after?.tenantSequence ?? 0;
    const position = after ? parseSingleCheckpoint(after.checkpoint) : 0n;
    const rows = this.statement(
      `SELECT ${SELECT_COLUMNS} FROM events WHERE tenant = ? AND (tenant_seq > ? OR (tenant_seq = ? AND position > ?)) ORDER BY tenant_seq, position LIMIT ?`,
    ).all(tenant, seq, seq, position, validateLimit(limit, 1000)) as EventRow[];
    return rows.map((row) => ({
      eventId: row[1],
      type: row[5],
      streamId: row[2],
      streamRevision: row[3],
      tenantSequence: row[4],
      metadata: canonicalMetadata({
        tenant: row[8],
        actor: row[9],
        correlationId: row[10],
        causationId: row[11],
        occurredAt: row[12],
        schemaVersion: row[13],
        correlationKey: row[14],
      }),
      data: row[6],
      personal: row[7],
      checkpoint: singleCheckpoint(row[0]),
      hash: row[16],
    }));
  }

  /** A prepared statement per SQL text, returning rows as arrays. */
  private statement(sql: string): Database.Statement {
    let statement = this.readStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.readStatements.set(sql, statement);
    }
    return statement;
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler) {
    this.assertOpen();
    if (options.from) parseSingleCheckpoint(options.from);
    return pollingSubscription(this, options, handler);
  }

  async waitForChange(_after: Checkpoint | null, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.closed) return sleep(timeoutMs, signal);
    const version = this.statements.dataVersion.get();
    const local = new AbortController();
    const wake = () => local.abort();
    signal.addEventListener('abort', wake, { once: true });
    this.appended.once('append', wake);
    const deadline = Date.now() + timeoutMs;
    try {
      // data_version moves when another connection (another process) commits.
      while (!local.signal.aborted && Date.now() < deadline && !this.closed) {
        await sleep(Math.min(this.pollIntervalMs, deadline - Date.now()), local.signal);
        if (!this.closed && this.statements.dataVersion.get() !== version) break;
      }
    } finally {
      signal.removeEventListener('abort', wake);
      this.appended.off('append', wake);
    }
  }

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    parseStreamId(streamId);
    return this.statements.streamRevision.get(streamId) ?? null;
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    this.assertOpen();
    const position = this.statements.head.get();
    return position === null || position === undefined ? null : singleCheckpoint(position);
  }

  /** One writer at a time: what is committed is what a reader sees. */
  committedHead(): Promise<Checkpoint | null> {
    return this.headCheckpoint();
  }

  /** Positions are gap-free from 1 and events are never deleted: the last position is the count. */
  async countEvents(): Promise<number> {
    this.assertOpen();
    return this.statements.head.get() ?? 0;
  }

  /**
   * Skips from one tenant to the next through the (tenant, position) index and takes the row at
   * each tenant's highest position, instead of scanning the index (20 tenants of 1M events).
   */
  async tenantHeads(): Promise<TenantHead[]> {
    this.assertOpen();
    return this.statements.tenantHeads.all().map((t) => ({ tenant: t.tenant, events: t.events, headHash: t.head_hash }));
  }

  async stats(): Promise<StoreStats> {
    this.assertOpen();
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const types = this.db
      .prepare<[], { type: string; events: number }>('SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC, type')
      .all();
    return {
      kind: this.kind,
      location: this.location,
      events: count('SELECT count(*) AS n FROM events'),
      streams: count('SELECT count(DISTINCT stream_id) AS n FROM events'),
      head: await this.headCheckpoint(),
      tenants: await this.tenantHeads(),
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
