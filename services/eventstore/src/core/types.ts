/**
 * The EventStore port. Every adapter (SQLite, PostgreSQL, KurrentDB) implements it and passes
 * the same contract suite (test/contract.ts).
 */

/** What the caller believes about the stream before an append. */
export type ExpectedRevision = number | 'no_stream' | 'exists' | 'any';

/**
 * A checkpoint is an opaque, fixed-width string that grows in delivery order: compare two
 * checkpoints of the same store with `<`, store them, hand them back to `readAll`/`subscribe`.
 * SQLite: the position; PostgreSQL: `(xid8, sequence)`; KurrentDB: `(commit, prepare)`.
 */
export type Checkpoint = string;

export interface EventMetadata {
  /** The round table (tenant) the event belongs to; must equal the stream's tenant prefix. */
  tenant: string;
  /** Who caused the event: a user id, `system`, or `public` for anonymous applicants. */
  actor: string;
  /** The request or workflow all resulting events share. */
  correlationId: string;
  /** The event or command that directly caused this one. */
  causationId: string | null;
  /** When it happened in the domain (ISO 8601), supplied by the command, never the store clock. */
  occurredAt: string;
  /** The version of this event type's `data` shape; upcasters key on it. */
  schemaVersion: number;
  /** Indexed key that groups events across streams, e.g. the program id (time travel, audit). */
  correlationKey?: string | null;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUIDv7; generated when absent. Re-appending the same ids is idempotent. */
  eventId?: string;
  type: Type;
  data: Data;
  /**
   * The personal part of the event (already encrypted by the domain with the person's key).
   * Stored apart from `data` so everything else stays readable after the key is erased.
   */
  personal?: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  personal: unknown;
  metadata: EventMetadata;
  streamId: string;
  /** 0-based position of the event in its stream. */
  streamRevision: number;
  /** The store's global sequence number (informational; compare checkpoints, not these). */
  globalPosition: bigint;
  /** Where the event sits in the global delivery order. */
  checkpoint: Checkpoint;
  /** 1-based position of the event in its tenant's hash chain. */
  tenantSequence: number;
  /** `sha256(prevHash, envelope, payload)` in hex, or null while not yet sealed. */
  hash: string | null;
  /** When the store committed it (ISO 8601). */
  recordedAt: string;
}

export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expectedRevision?: ExpectedRevision;
}

export interface AppendedEvent {
  eventId: string;
  streamRevision: number;
  globalPosition: bigint;
  checkpoint: Checkpoint;
}

export interface AppendResult {
  streamId: string;
  /** The revision of the stream's last event after the append: pass it as the next expectedRevision. */
  nextExpectedRevision: number;
  /** The checkpoint of the last appended event: wait for a projector to reach it. */
  checkpoint: Checkpoint;
  events: AppendedEvent[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision (forwards: lowest, backwards: highest). */
  from?: number;
  /** Inclusive end revision. */
  to?: number;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this checkpoint. Absent or null: from the beginning. */
  from?: Checkpoint | null;
  /** Inclusive upper bound. */
  to?: Checkpoint | null;
  tenant?: string;
  types?: readonly string[];
  correlationKey?: string;
  /** Page size; defaults to 1,000. */
  limit?: number;
}

export type SubscriptionHandler = (events: RecordedEvent[]) => void | Promise<void>;

export interface SubscribeOptions {
  /** Exclusive: deliver events strictly after this checkpoint. */
  from?: Checkpoint | null;
  tenant?: string;
  types?: readonly string[];
  correlationKey?: string;
  batchSize?: number;
  /** Called once when the subscription has delivered everything committed when it started. */
  onCaughtUp?: (checkpoint: Checkpoint | null) => void;
}

export interface Subscription {
  /** The checkpoint of the last event the handler finished. */
  readonly checkpoint: Checkpoint | null;
  /** Resolves when the catch-up phase has ended. */
  readonly caughtUp: Promise<void>;
  /** Resolves when the subscription stopped; rejects if the handler or the store failed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export interface TenantHead {
  tenant: string;
  events: number;
  headHash: string | null;
}

export interface StoreStats {
  kind: StoreKind;
  location: string;
  events: number;
  streams: number;
  head: Checkpoint | null;
  tenants: TenantHead[];
  types: { type: string; events: number }[];
}

export type StoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

export interface EventStore {
  readonly kind: StoreKind;
  append(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** Appends to several streams at once, all or nothing (SQLite, PostgreSQL). */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the global log in delivery order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live: every committed event matching the filter, exactly once, in order. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** The revision of the stream's last event, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /**
   * The checkpoint of the last event a reader can see now: where a new subscription may start
   * without missing an event that is still being committed.
   */
  headCheckpoint(): Promise<Checkpoint | null>;
  /**
   * The checkpoint of the last committed event. Wait for it to wait for everything written so
   * far. On PostgreSQL readers may not see it yet: a transaction that took its id earlier, in
   * any database of the cluster, is still open and not a bystander (then it is ahead of
   * `headCheckpoint`).
   */
  committedHead(): Promise<Checkpoint | null>;
  /**
   * How many events the store holds, when the adapter can tell without reading them all (null
   * when it cannot, as on KurrentDB): a progress bar's total. `stats()` counts much more.
   */
  countEvents(): Promise<number | null>;
  /**
   * Each tenant with events, by name: how many it has and its chain's head. Cheap on SQLite and
   * PostgreSQL (one index probe per tenant); on KurrentDB it reads every event, as stats() does.
   */
  tenantHeads(): Promise<TenantHead[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/** The least a database client must do to declare its transaction a bystander (a `pg` client does). */
export interface BystanderClient {
  query<Row>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * A store whose readers wait for every transaction open on its server, wherever it writes
 * (PostgreSQL): code that holds transactions open there and never appends declares them
 * bystanders, and readers do not wait for those (see PostgresEventStore.declareBystander).
 */
export interface BystanderAware {
  declareBystander(client: BystanderClient): Promise<boolean>;
}

export const acceptsBystanders = (store: EventStore): store is EventStore & BystanderAware =>
  typeof (store as Partial<BystanderAware>).declareBystander === 'function';

/**
 * A store in a SQLite file that other SQL can read (see SqliteEventStore.envelopesSql): code with
 * a connection of its own attaches `file` and selects the events' envelopes, without knowing the
 * table's layout, instead of reading every event through the port.
 */
export interface SqlEnvelopeSource {
  /** The SQLite file the events are in. */
  readonly file: string;
  /** See SqliteEventStore.envelopesSql. */
  envelopesSql(schema: string): string;
}

export const hasSqlEnvelopes = (store: EventStore): store is EventStore & SqlEnvelopeSource =>
  typeof (store as Partial<SqlEnvelopeSource>).envelopesSql === 'function' && typeof (store as Partial<SqlEnvelopeSource>).file === 'string';
