/**
 * KurrentDB / EventStoreDB adapter of the EventStore port.
 *
 * Mapping (details and the exact layout in mapping.ts): our stream names are KurrentDB stream
 * names as they are; event id, type and data map one to one; the event metadata is our metadata
 * plus `personal`; a checkpoint is `pairCheckpoint(commit, prepare)` of the event's $all position,
 * so checkpoints compare with `<` in log order. KurrentDB's log is written by one leader in one
 * order, so $all has no "commit gaps" (unlike PostgreSQL sequences): a reader that saw position p
 * has seen everything before p.
 *
 * Appends: one stream → `appendToStream` with the expected revision mapped
 * (`exists` → `stream_exists`), then the appended revisions are read back to return each event's
 * exact (commit, prepare) position (the append response carries one position for the whole write).
 * Several streams → `multiStreamAppend` (atomic, KurrentDB ≥ 25.1); on older servers appendMany
 * over more than one stream throws UnsupportedOperationError and writes nothing: there is no
 * non-atomic fallback, because the port promises all or nothing.
 *
 * Idempotency: with a revision or `no_stream`, KurrentDB itself recognises a re-append of the
 * same ids at the same place and answers with the original revisions; we read those back, so the
 * result equals the first one. With `any`/`exists` the server only does "best effort" (an
 * in-memory id cache), so when the caller supplied event ids we look for them in the target stream
 * first (one read of the stream: aggregates are short; the cost is only paid by retried
 * commands). KurrentDB has no index on event ids, so an id re-used in *another* stream is found
 * through the tenant's hash chain (it lists every sealed event id with its stream): caught within
 * the tenant once the earlier event is sealed — normally before its append returned. NOT caught:
 * an id re-used across tenants, or while the earlier event is still unsealed (SQLite/PostgreSQL
 * reject both, through a unique index).
 *
 * Hash chain — the SEALER design. KurrentDB cannot compute "the previous hash of this tenant"
 * atomically with an append that touches one stream, so events are written without hash and
 * chained afterwards:
 * - the chain of tenant T lives in the stream `tandem.chain/T` (see chain.ts for why not
 *   `T/chain-log`): one `TandemChainLink` event per sealed event {eventId, streamId,
 *   streamRevision, tenantSequence, hash, commit, prepare}; chain revision = tenantSequence − 1;
 * - `seal(T)` reads the chain's last link, reads T's events in $all after that link's position
 *   (server-side prefix filter `T/`), computes the next links with `chainHash` and appends them
 *   with expectedRevision = the chain's last revision. Two sealers can therefore never fork the
 *   chain: the loser gets WrongExpectedVersion, reloads and continues from the winner's links;
 * - the chain always covers a prefix of T's events in $all order, because $all is gap-free;
 * - every append seals its tenants before returning (awaited; `sealOnAppend: false` turns it off),
 *   so in the normal case readers never see an unsealed event. Events of a writer that died
 *   between its append and its seal are sealed by the next append to that tenant, or by `seal(T)`;
 * - reads attach tenantSequence/hash from an in-memory index of the chain stream (read
 *   incrementally). An event not sealed yet reads as `tenantSequence: 0, hash: null`
 *   ("not yet sealed"; the port's type has no null tenantSequence, and 0 is never a real one).
 *   Cost: the index holds one small entry per sealed event of every tenant this process read.
 *   A very large tenant would want a positional lookup into the chain stream instead (not done).
 * - a tenant's first seal scans $all from the start (filtered server-side); later seals start at
 *   the last link's position.
 *
 * Reading the whole log: a tenant goes to the server as the stream prefix `T/`; types without a
 * tenant as an exact event-type regex; otherwise a regex on our stream-name pattern. Everything
 * else (types with a tenant, correlation key) is filtered client-side: there is no metadata index
 * in KurrentDB, so a correlation-key read costs a scan of the tenant's (or the whole) log from
 * `from`. System events (`$` streams or types), foreign streams and chain streams are skipped.
 *
 * Subscriptions use `subscribeToAll` natively (catch-up then live in one server stream) with the
 * same server filter, rather than the shared polling loop: a polling loop re-reads from the last
 * *delivered* event, and with a sparse filter (one tenant among many) each idle wake-up would make
 * the server rescan everything written since. The native subscription keeps its own position.
 * Back-pressure: events are pulled from the subscription's readable buffer (`read()`), at most
 * `batchSize` per batch, and the handler is awaited before the next pull; when the buffer is full
 * the gRPC stream stops reading, so the server waits. Caught-up: before subscribing we read the
 * last position the same server filter selects (one backwards read); once the subscription has
 * handed us an event at or past it and the handler finished that batch, `onCaughtUp` fires. This
 * works on every server version (the native "caughtUp" message needs ≥ 23.10) and is exact.
 */
import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  type JSONEventData,
  KurrentDBClient,
  type MultiAppendResult,
  type Position,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { v7 as uuidv7 } from 'uuid';
import { EventStoreValidationError, UnsupportedOperationError } from '../core/errors';
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
  Subscription,
  SubscriptionHandler,
  TenantHead,
} from '../core/types';
import { parseStreamId, type ValidatedRequest, validateLimit, validateRequests } from '../core/validation';
import { CHAIN_LINK_TYPE, ChainIndex, chainStreamName, computeLinks, decodeLink, linkPosition } from './chain';
import {
  appendResultFrom,
  checkpointPosition,
  classifyReplay,
  comparePositions,
  fromResolved,
  mapAppendError,
  normalizeConnectionString,
  planRead,
  positionCheckpoint,
  redactConnectionString,
  type ServerFilter,
  type StoredEventRef,
  TANDEM_STREAMS_REGEX,
  toClientFilter,
  toEventData,
  toStreamState,
} from './mapping';

/** The part of the client the adapter uses (tests pass a fake). */
export type KurrentClient = Pick<KurrentDBClient, 'appendToStream' | 'multiStreamAppend' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface KurrentDbEventStoreOptions {
  client: KurrentClient;
  /** Where the store is, without credentials (stats, messages). */
  location: string;
  /** Seal the appended tenants before append returns (default true). */
  sealOnAppend?: boolean;
  /** Events sealed per chain append (default 1,000). */
  sealBatchSize?: number;
}

const DEFAULT_BATCH = 500;
const SCAN_PAGE = 1_000;
const MAX_SEAL_CONFLICTS = 100;
const TENANT_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError || (error as { type?: unknown } | null)?.type === ErrorType.STREAM_NOT_FOUND;

const isUnsupported = (error: unknown): boolean => error instanceof UnsupportedError || (error as { type?: unknown } | null)?.type === ErrorType.UNSUPPORTED;

const validRevision = (value: unknown, what: string): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new EventStoreValidationError(`${what} ${String(value)} must be a non-negative integer revision`);
  }
  return value;
};

export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  readonly client: KurrentClient;
  readonly location: string;
  private readonly sealOnAppend: boolean;
  private readonly sealBatchSize: number;
  private readonly chains = new Map<string, ChainIndex>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly subscriptions = new Set<Subscription>();
  private multiStreamSupport: Promise<boolean> | null = null;
  private closed = false;
  /** The last error a seal after an append swallowed (the append itself had succeeded). */
  lastSealError: unknown = null;

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = options.client;
    this.location = options.location;
    this.sealOnAppend = options.sealOnAppend ?? true;
    this.sealBatchSize = options.sealBatchSize ?? 1_000;
  }

  /**
   * Opens `kurrentdb://`, `kurrentdb+discover://`, `kdb://`, `kurrent://` or `esdb://` (also
   * `+discover`) URLs, e.g. `kurrentdb://localhost:2113?tls=false`, and checks the server answers.
   */
  static async connect(url: string, options: Omit<KurrentDbEventStoreOptions, 'client' | 'location'> = {}): Promise<KurrentDbEventStore> {
    const normalized = normalizeConnectionString(url);
    const location = redactConnectionString(normalized);
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(normalized);
    } catch (error) {
      throw new EventStoreValidationError(`KurrentDB URL ${location} is malformed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const store = new KurrentDbEventStore({ ...options, client, location });
    try {
      await store.headCheckpoint();
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw new Error(`KurrentDB at ${location} did not answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return store;
  }

  // -------------------------------------------------------------------------------------------
  // Appending

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([
      { streamId, events, ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }) },
    ]);
    return result as AppendResult;
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    // Everything is validated before the first network call: bad input is rejected like elsewhere.
    const validated = validateRequests(requests);
    const explicitIds = requests.map((r) => r.events.some((e) => e.eventId !== undefined));
    const results =
      validated.length === 1
        ? [await this.appendOne(validated[0] as ValidatedRequest, explicitIds[0] === true)]
        : await this.appendAtomically(validated, explicitIds);
    if (this.sealOnAppend) {
      for (const tenant of new Set(validated.map((r) => r.tenant))) {
        try {
          await this.seal(tenant);
        } catch (error) {
          this.lastSealError = error; // the events are committed; the next seal picks them up
        }
      }
    }
    return results;
  }

  private async appendOne(request: ValidatedRequest, explicitIds: boolean): Promise<AppendResult> {
    const { streamId, expectedRevision, events } = request;
    const ids = events.map((e) => e.eventId);
    if (explicitIds) await this.assertIdsNotElsewhere(request);
    if (explicitIds && (expectedRevision === 'any' || expectedRevision === 'exists')) {
      const replay = await this.replayOf(streamId, ids);
      if (replay) return replay;
    }
    let next: bigint;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => toEventData(e)),
        { streamState: toStreamState(expectedRevision) },
      );
      next = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && explicitIds) {
        // A partial re-append (some ids stored, some not) also lands here: report it as such.
        const replay = await this.replayOf(streamId, ids);
        if (replay) return replay;
      }
      throw mapAppendError(error, new Map([[streamId, expectedRevision]]), streamId);
    }
    return this.readBack(streamId, ids, next);
  }

  private async appendAtomically(validated: ValidatedRequest[], explicitIds: boolean[]): Promise<AppendResult[]> {
    const results = new Map<string, AppendResult>();
    const pending: ValidatedRequest[] = [];
    for (const [index, request] of validated.entries()) {
      if (explicitIds[index]) await this.assertIdsNotElsewhere(request);
      const replay = explicitIds[index]
        ? await this.replayOf(
            request.streamId,
            request.events.map((e) => e.eventId),
          )
        : null;
      if (replay) results.set(request.streamId, replay);
      else pending.push(request);
    }
    if (pending.length === 1) {
      const only = pending[0] as ValidatedRequest;
      results.set(only.streamId, await this.appendOne(only, false));
    } else if (pending.length > 1) {
      const expected = new Map(pending.map((r) => [r.streamId, r.expectedRevision]));
      let response: MultiAppendResult;
      try {
        response = await this.client.multiStreamAppend(
          pending.map((r) => ({
            streamName: r.streamId,
            events: r.events.map((e) => toEventData(e, 'properties')),
            expectedState: toStreamState(r.expectedRevision),
          })),
        );
      } catch (error) {
        if (isUnsupported(error)) {
          this.multiStreamSupport = Promise.resolve(false);
          throw new UnsupportedOperationError(
            `appendMany over ${pending.length} streams needs an atomic multi-stream append, which this KurrentDB server does not offer (KurrentDB 25.1 or later has it); nothing was written: append to one stream per call, or upgrade the server`,
          );
        }
        throw mapAppendError(error, expected, (pending[0] as ValidatedRequest).streamId);
      }
      for (const request of pending) {
        const revision = response.responses.find((r) => r.streamName === request.streamId)?.revision;
        if (revision === undefined) throw new Error(`KurrentDB's multi-stream append answered without a revision for ${request.streamId}`);
        results.set(
          request.streamId,
          await this.readBack(
            request.streamId,
            request.events.map((e) => e.eventId),
            revision,
          ),
        );
      }
    }
    return validated.map((r) => results.get(r.streamId) as AppendResult);
  }

  /**
   * Whether appendMany over several streams is atomic here (multi-stream append, KurrentDB ≥ 25.1).
   * Probes once with an empty multi-stream append: the client answers "unsupported" before any
   * write when the server lacks it; any other outcome means the server has the call.
   */
  supportsAtomicMultiStream(): Promise<boolean> {
    this.multiStreamSupport ??= this.client.multiStreamAppend([]).then(
      () => true,
      (error: unknown) => !isUnsupported(error),
    );
    return this.multiStreamSupport;
  }

  /** The events at the revisions an append reported, as that append's result. */
  private async readBack(streamId: string, ids: string[], nextExpectedRevision: bigint): Promise<AppendResult> {
    const first = nextExpectedRevision - BigInt(ids.length - 1);
    const events = await this.readRaw(streamId, { fromRevision: first < 0n ? 0n : first, maxCount: ids.length, direction: FORWARDS });
    return appendResultFrom(
      streamId,
      ids,
      events.map(fromResolved).filter((e): e is RecordedEvent => e !== null),
    );
  }

  /** Rejects ids the tenant's chain already lists under another stream. */
  private async assertIdsNotElsewhere(request: ValidatedRequest): Promise<void> {
    const index = await this.refreshChain(request.tenant);
    for (const event of request.events) {
      const link = index.get(event.eventId);
      if (link && link.streamId !== request.streamId) {
        throw new EventStoreValidationError(
          `event ${event.eventId} is already stored in ${link.streamId}, not ${request.streamId}: re-send the original append unchanged, or use new event ids`,
        );
      }
    }
  }

  /** An earlier append of the same ids to this stream, or null; a partial match is an error. */
  private async replayOf(streamId: string, ids: string[]): Promise<AppendResult | null> {
    const wanted = new Set(ids);
    const stored = new Map<string, StoredEventRef>();
    for (const resolved of await this.readRaw(streamId, { direction: FORWARDS })) {
      if (!resolved.event || !wanted.has(resolved.event.id)) continue;
      const event = fromResolved(resolved);
      if (event) stored.set(event.eventId, event);
    }
    return classifyReplay(streamId, ids, stored);
  }

  // -------------------------------------------------------------------------------------------
  // Sealing

  /**
   * Extends tenant's hash chain over every event appended since its last link; returns how many
   * events it sealed. Safe to run from any number of processes at once (see the top of the file).
   */
  async seal(tenant: string): Promise<number> {
    this.assertOpen();
    if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) throw new EventStoreValidationError(`tenant "${String(tenant)}" is malformed`);
    return this.serialize(`seal:${tenant}`, async () => {
      let sealed = 0;
      let conflicts = 0;
      for (;;) {
        const index = await this.refreshChain(tenant);
        const after = index.last ? linkPosition(index.last) : null;
        const events = await this.scan({ tenant }, after, this.sealBatchSize, null);
        if (events.length === 0) return sealed;
        const links = computeLinks(index.last, events);
        const linkEvents: JSONEventData[] = links.map((link) => ({
          id: uuidv7(),
          contentType: 'application/json',
          type: CHAIN_LINK_TYPE,
          data: { ...link },
          metadata: undefined,
        }));
        try {
          await this.client.appendToStream(chainStreamName(tenant), linkEvents, {
            streamState: index.revision < 0 ? 'no_stream' : BigInt(index.revision),
          });
          sealed += links.length;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          // Another sealer extended the chain first: reload it and continue from its links.
          conflicts += 1;
          if (conflicts > MAX_SEAL_CONFLICTS) throw new Error(`sealing ${tenant} lost ${conflicts} races in a row; try again later`);
        }
      }
    });
  }

  /** Reads the chain stream's new links into the tenant's index. */
  private refreshChain(tenant: string): Promise<ChainIndex> {
    return this.serialize(`chain:${tenant}`, async () => {
      let index = this.chains.get(tenant);
      if (!index) {
        index = new ChainIndex();
        this.chains.set(tenant, index);
      }
      const links = await this.readRaw(chainStreamName(tenant), {
        fromRevision: index.revision < 0 ? START : BigInt(index.revision + 1),
        direction: FORWARDS,
      });
      for (const resolved of links) {
        const e = resolved.event;
        if (e) index.add(Number(e.revision), decodeLink(e.type, e.data));
      }
      return index;
    });
  }

  /** Sets tenantSequence/hash from the tenants' chains (0/null while not sealed). */
  private async attachChain(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const tenants = new Set<string>();
    for (const e of events) {
      const tenant = parseStreamId(e.streamId).tenant;
      if (!this.chains.get(tenant)?.get(e.eventId)) tenants.add(tenant);
    }
    for (const tenant of tenants) await this.refreshChain(tenant);
    return events.map((e) => this.chains.get(parseStreamId(e.streamId).tenant)?.attach(e) ?? e);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    parseStreamId(streamId);
    const limit = validateLimit(options.limit, Number.MAX_SAFE_INTEGER);
    const from = validRevision(options.from, 'readStream from');
    const to = validRevision(options.to, 'readStream to');
    const backwards = options.direction === 'backwards';
    let maxCount = limit;
    if (backwards && from !== undefined) maxCount = Math.min(limit, from - (to ?? 0) + 1);
    if (!backwards && to !== undefined) maxCount = Math.min(limit, to - (from ?? 0) + 1);
    if (maxCount <= 0) return [];
    const raw = await this.readRaw(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
      maxCount,
    });
    const events = raw
      .map(fromResolved)
      .filter((e): e is RecordedEvent => e !== null)
      .filter((e) => (backwards ? e.streamRevision >= (to ?? 0) : to === undefined || e.streamRevision <= to));
    return this.attachChain(events);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = validateLimit(options.limit, 1000);
    const after = options.from ? checkpointPosition(options.from) : null;
    const to = options.to ? checkpointPosition(options.to) : null;
    if (options.types?.length === 0) return [];
    return this.attachChain(await this.scan(options, after, limit, to));
  }

  /**
   * Up to `limit` of our events matching the filter, strictly after `after`, up to `to`
   * (inclusive), in log order. KurrentDB's readAll starts *at* a position, hence the skip.
   */
  private async scan(
    options: Pick<ReadAllOptions, 'tenant' | 'types' | 'correlationKey'>,
    after: Position | null,
    limit: number,
    to: Position | null,
  ): Promise<RecordedEvent[]> {
    const plan = planRead(options);
    const filter = toClientFilter(plan.server);
    const out: RecordedEvent[] = [];
    let skipUpTo = after;
    for (;;) {
      const want = (plan.exact ? limit - out.length : Math.max(SCAN_PAGE, limit - out.length)) + 1;
      let count = 0;
      let last: Position | null = null;
      for await (const resolved of this.client.readAll({
        fromPosition: skipUpTo ?? START,
        maxCount: want,
        direction: FORWARDS,
        ...(filter ? { filter } : {}),
      })) {
        count += 1;
        const position = resolved.event?.position;
        if (!position) continue;
        last = position;
        if (skipUpTo && comparePositions(position, skipUpTo) <= 0) continue;
        if (to && comparePositions(position, to) > 0) return out;
        const event = fromResolved(resolved);
        if (!event || !plan.matches(event)) continue;
        out.push(event);
        if (out.length >= limit) return out;
      }
      if (count < want || last === null) return out;
      skipUpTo = last;
    }
  }

  /** The last position the server filter selects, or null. */
  private async lastPosition(server: ServerFilter): Promise<Position | null> {
    const filter = toClientFilter(server);
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, ...(filter ? { filter } : {}) })) {
      if (resolved.event?.position) return resolved.event.position;
    }
    return null;
  }

  /** A stream's events as the client returns them; a missing stream reads as empty. */
  private async readRaw(streamId: string, options: Parameters<KurrentClient['readStream']>[1]): Promise<ResolvedEvent[]> {
    const out: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) out.push(resolved);
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Subscribing

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const after = options.from ? checkpointPosition(options.from) : null;
    const batchSize = validateLimit(options.batchSize, DEFAULT_BATCH);
    const plan = planRead(options);
    const filter = toClientFilter(plan.server);

    let checkpoint: Checkpoint | null = options.from ?? null;
    let stopped = false;
    let announced = false;
    let dirty = false;
    let ended = false;
    let failure: unknown = null;
    let stream: AllStreamSubscription | null = null;
    let wake: (() => void) | null = null;
    let resolveCaughtUp!: () => void;
    const caughtUp = new Promise<void>((resolve) => {
      resolveCaughtUp = resolve;
    });
    const signal = () => {
      dirty = true;
      const w = wake;
      wake = null;
      w?.();
    };
    const announce = () => {
      if (announced) return;
      announced = true;
      options.onCaughtUp?.(checkpoint);
      resolveCaughtUp();
    };

    const run = async (): Promise<void> => {
      // Everything committed now is at or before `head`: reaching it means caught up.
      const head = await this.lastPosition(plan.server);
      if (head === null || (after !== null && comparePositions(after, head) >= 0)) announce();
      if (stopped) return;
      const sub = this.client.subscribeToAll(
        { fromPosition: after ?? START, ...(filter ? { filter } : {}) },
        { highWaterMark: Math.max(16, batchSize), objectMode: true },
      );
      stream = sub;
      sub.on('readable', signal);
      sub.on('end', () => {
        ended = true;
        signal();
      });
      sub.on('error', (error: Error) => {
        failure = error;
        signal();
      });
      let seen: Position | null = null;
      try {
        while (!stopped) {
          if (failure) throw failure;
          dirty = false;
          const batch: RecordedEvent[] = [];
          while (batch.length < batchSize) {
            const resolved = sub.read() as AllStreamResolvedEvent | null;
            if (resolved === null) break;
            const position = resolved.event?.position;
            if (!position) continue;
            seen = position;
            if (after && comparePositions(position, after) <= 0) continue; // the start is exclusive
            const event = fromResolved(resolved);
            if (event && plan.matches(event)) batch.push(event);
          }
          if (batch.length > 0) {
            const delivered = await this.attachChain(batch);
            if (stopped) break;
            await handler(delivered);
            checkpoint = (delivered[delivered.length - 1] as RecordedEvent).checkpoint;
          }
          if (!announced && head !== null && seen !== null && comparePositions(seen, head) >= 0) announce();
          if (batch.length === batchSize || dirty) continue;
          if (ended && sub.readableLength === 0) {
            if (!stopped) throw new Error('KurrentDB ended the subscription');
            break;
          }
          if (failure) throw failure;
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (dirty || stopped) signal();
          });
        }
      } finally {
        await sub.unsubscribe().catch(() => undefined);
      }
    };

    const done = run();
    done.then(resolveCaughtUp, resolveCaughtUp);
    const subscription: Subscription = {
      get checkpoint() {
        return checkpoint;
      },
      caughtUp,
      done,
      stop: async () => {
        stopped = true;
        signal();
        await (stream as AllStreamSubscription | null)?.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  // -------------------------------------------------------------------------------------------
  // The rest of the port

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    parseStreamId(streamId);
    const [last] = await this.readRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last?.event ? Number(last.event.revision) : null;
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    this.assertOpen();
    const position = await this.lastPosition({ on: 'streamName', regex: TANDEM_STREAMS_REGEX });
    return position ? positionCheckpoint(position) : null;
  }

  /** The log's positions are assigned at commit: what is committed is what a reader sees. */
  committedHead(): Promise<Checkpoint | null> {
    return this.headCheckpoint();
  }

  /** KurrentDB keeps no counter of our events: counting them means reading them all (stats()). */
  async countEvents(): Promise<null> {
    this.assertOpen();
    return null;
  }

  /** KurrentDB keeps no counters: this reads every event, as stats() does. */
  async tenantHeads(): Promise<TenantHead[]> {
    return (await this.stats()).tenants;
  }

  /**
   * Counts by reading all of our events once (KurrentDB keeps no counters): O(events), an
   * operator's call, not a hot path. A tenant's `headHash` is its chain's last link; its
   * `events` counts what is stored (sealed or not).
   */
  async stats(): Promise<StoreStats> {
    this.assertOpen();
    const head = await this.headCheckpoint();
    const streams = new Set<string>();
    const tenants = new Map<string, number>();
    const types = new Map<string, number>();
    let events = 0;
    const filter = toClientFilter({ on: 'streamName', regex: TANDEM_STREAMS_REGEX });
    for await (const resolved of this.client.readAll({ fromPosition: START, direction: FORWARDS, ...(filter ? { filter } : {}) })) {
      const event = fromResolved(resolved);
      if (!event) continue;
      events += 1;
      streams.add(event.streamId);
      const tenant = parseStreamId(event.streamId).tenant;
      tenants.set(tenant, (tenants.get(tenant) ?? 0) + 1);
      types.set(event.type, (types.get(event.type) ?? 0) + 1);
    }
    const heads = [];
    for (const [tenant, count] of [...tenants].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const index = await this.refreshChain(tenant);
      heads.push({ tenant, events: count, headHash: index.last?.hash ?? null });
    }
    return {
      kind: this.kind,
      location: this.location,
      events,
      streams: streams.size,
      head,
      tenants: heads,
      types: [...types].map(([type, n]) => ({ type, events: n })).sort((a, b) => b.events - a.events || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    await this.client.dispose();
  }

  private assertOpen() {
    if (this.closed) throw new Error('the event store is closed');
  }

  /** Runs `task` after every earlier task with the same key (an in-process mutex). */
  private serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.locks.set(key, tail);
    tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return next;
  }
}
