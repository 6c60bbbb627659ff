/**
 * The pure half of the KurrentDB adapter: how our envelope, names, revisions, checkpoints,
 * filters and errors map onto KurrentDB's. No network here, so all of it is unit-tested without
 * a server (test/kurrentdb-mapping.test.ts).
 *
 * Event layout in KurrentDB (content type application/json):
 * - event id   = our `eventId` (a UUID, lower-case);
 * - event type = our `type`;
 * - stream     = our stream name `{tenant}/{category}-{id}`, as it is;
 * - data       = our `data` JSON, byte for byte what `serializeEvents` produced;
 * - metadata   = `{ ...our metadata (same keys, same order), personal? }`: `personal` is present only
 *                when the event has a personal part. Reading strips `personal` back out, so
 *                `JSON.stringify(recorded.metadata)` is exactly the text `serializeEvents` produced.
 *   Multi-stream appends (KurrentDB ≥ 25.1) only carry string-valued properties, so there the
 *   same object travels JSON-encoded under one property: `{ "tandem": "<the object as JSON>" }`;
 *   reading accepts both forms.
 * - checkpoint = `pairCheckpoint(commit, prepare)`: fixed width, so `<` on strings is the log order;
 *   globalPosition = the commit position (informational); recordedAt = the server's `created`.
 */
import {
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type CurrentStreamState,
  eventTypeFilter,
  type Filter,
  type JSONEventData,
  type Position,
  type ResolvedEvent,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { pairCheckpoint, parsePairCheckpoint } from '../core/checkpoint';
import { ConcurrencyError, EventStoreValidationError } from '../core/errors';
import type { AppendedEvent, AppendResult, Checkpoint, EventMetadata, ExpectedRevision, ReadAllOptions, RecordedEvent } from '../core/types';
import { type SerializedEvent, STREAM_ID_PATTERN } from '../core/validation';

/** The property a multi-stream append carries the envelope in (string values only there). */
export const ENVELOPE_PROPERTY = 'tandem';

// ---------------------------------------------------------------------------------------------
// Connection strings

const PROTOCOL = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//i;

/**
 * `kurrentdb://`, `kurrent://`, `kdb://` and `esdb://` (each also `+discover`) to what the client's
 * parser accepts without complaint: `esdb` is rewritten to `kurrentdb` (the client accepts it but
 * prints a deprecation warning on every connect).
 */
export const normalizeConnectionString = (url: string): string => {
  const trimmed = typeof url === 'string' ? url.trim() : '';
  const match = PROTOCOL.exec(trimmed);
  if (!match) {
    throw new EventStoreValidationError(
      `KurrentDB URL "${String(url).slice(0, 80)}" is not understood: use kurrentdb://host:2113?tls=false, kurrentdb+discover://… or esdb://…`,
    );
  }
  const scheme = (match[1] as string).toLowerCase() === 'esdb' ? 'kurrentdb' : (match[1] as string).toLowerCase();
  return `${scheme}${match[2] ? '+discover' : ''}://${trimmed.slice(match[0].length)}`;
};

/** The connection string without credentials, for `stats().location` and messages. */
export const redactConnectionString = (url: string): string => url.replace(/^([a-z+]+:\/\/)[^@/?]*@/i, '$1');

// ---------------------------------------------------------------------------------------------
// Expected revisions and conflicts

export const toStreamState = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'exists':
      return 'stream_exists';
    default:
      return BigInt(expected);
  }
};

export const fromCurrentStreamState = (state: CurrentStreamState | undefined | null): number | null =>
  typeof state === 'bigint' && state >= 0n ? Number(state) : null;

/** KurrentDB's WrongExpectedVersionError as our ConcurrencyError; anything else untouched. */
export const mapAppendError = (error: unknown, expectedByStream: ReadonlyMap<string, ExpectedRevision>, fallbackStream: string): unknown => {
  if (!(error instanceof WrongExpectedVersionError)) return error;
  const streamId = error.streamName && expectedByStream.has(error.streamName) ? error.streamName : fallbackStream;
  return new ConcurrencyError(streamId, expectedByStream.get(streamId) ?? 'any', fromCurrentStreamState(error.actualState));
};

// ---------------------------------------------------------------------------------------------
// Checkpoints

export const positionCheckpoint = (position: Position): Checkpoint => pairCheckpoint(position.commit, position.prepare);

export const checkpointPosition = (checkpoint: Checkpoint): Position => {
  const [commit, prepare] = parsePairCheckpoint(checkpoint);
  return { commit, prepare };
};

export const comparePositions = (a: Position, b: Position): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

// ---------------------------------------------------------------------------------------------
// Writing

/** The metadata object stored with an event: our metadata, then `personal` when present. */
export const metadataLayout = (event: SerializedEvent): Record<string, unknown> => ({
  ...event.metadataObject,
  ...(event.personal === null ? {} : { personal: JSON.parse(event.personal) as unknown }),
});

/**
 * One of our serialised events as the client's event data. `data` is parsed back from the
 * serialised text: the client stringifies it again, which yields the same bytes.
 */
export const toEventData = (event: SerializedEvent, form: 'json' | 'properties' = 'json'): JSONEventData => {
  const layout = metadataLayout(event);
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: JSON.parse(event.data) as JSONEventData['data'],
    metadata: form === 'json' ? layout : { [ENVELOPE_PROPERTY]: JSON.stringify(layout) },
  };
};

// ---------------------------------------------------------------------------------------------
// Reading

export const isSystemName = (name: string): boolean => name.startsWith('$');

/** Splits stored metadata into our metadata and the personal part; null when it is not ours. */
export const decodeMetadata = (stored: unknown): { metadata: EventMetadata; personal: unknown } | null => {
  let value = stored;
  if (value instanceof Uint8Array) {
    try {
      value = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let object = value as Record<string, unknown>;
  const envelope = object[ENVELOPE_PROPERTY];
  if (typeof envelope === 'string' && !('tenant' in object)) {
    try {
      object = JSON.parse(envelope) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (typeof object !== 'object' || object === null) return null;
  }
  if (typeof object.tenant !== 'string') return null;
  const metadata: Record<string, unknown> = {};
  let personal: unknown = null;
  for (const [key, v] of Object.entries(object)) {
    if (key === 'personal') personal = v ?? null;
    else if (!key.startsWith('$')) metadata[key] = v;
  }
  return { metadata: metadata as unknown as EventMetadata, personal };
};

type ClientRecorded = NonNullable<AllStreamResolvedEvent['event']> | NonNullable<ResolvedEvent['event']>;

/**
 * A KurrentDB event as our RecordedEvent, or null when it is not one of ours (system streams
 * and types, streams outside `{tenant}/{category}-{id}`, binary or foreign metadata).
 * `tenantSequence`/`hash` are 0/null here: the sealer's chain fills them in (see the store).
 */
export const fromResolved = (resolved: AllStreamResolvedEvent | ResolvedEvent): RecordedEvent | null => {
  const e = resolved.event as ClientRecorded | undefined;
  if (!e || resolved.link) return null;
  if (isSystemName(e.streamId) || isSystemName(e.type) || !STREAM_ID_PATTERN.test(e.streamId) || !e.isJson) return null;
  const decoded = decodeMetadata(e.metadata);
  if (!decoded) return null;
  if (!e.position) {
    throw new Error(`KurrentDB returned event ${e.id} of ${e.streamId} without its log position: the adapter needs KurrentDB / EventStoreDB 22.6 or later`);
  }
  return {
    eventId: e.id,
    type: e.type,
    data: e.data,
    personal: decoded.personal,
    metadata: decoded.metadata,
    streamId: e.streamId,
    streamRevision: Number(e.revision),
    globalPosition: e.position.commit,
    checkpoint: positionCheckpoint(e.position),
    tenantSequence: 0,
    hash: null,
    recordedAt: e.created.toISOString(),
  };
};

// ---------------------------------------------------------------------------------------------
// Filters

/** What the server filters on (one filter only: stream name or event type). */
export type ServerFilter = { on: 'streamName'; prefixes: string[] } | { on: 'streamName'; regex: string } | { on: 'eventType'; regex: string } | { on: 'none' };

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** Only our streams: the stream-name pattern itself, evaluated by the server (.NET regex). */
export const TANDEM_STREAMS_REGEX = STREAM_ID_PATTERN.source;

export interface ReadPlan {
  server: ServerFilter;
  /** The whole filter again, client-side (cheap; the server part may be coarser than ours). */
  matches(event: RecordedEvent): boolean;
  /** True when the server filter alone selects exactly what we return (page sizes can match). */
  exact: boolean;
}

/**
 * The tenant goes to the server as a stream-name prefix `${tenant}/`; without a tenant, types go
 * as an exact event-type regex; otherwise the server keeps only our stream names. The rest
 * (types with a tenant, the correlation key) is filtered here, client-side: KurrentDB has no
 * index on a metadata field, so a correlation-key read scans the tenant's (or the whole) log.
 * `$by_correlation_id` is not used: it is a system projection that must be enabled, keys on
 * `$correlationId`, and lags the log, so it cannot serve a read-your-writes page.
 */
export const planRead = (options: Pick<ReadAllOptions, 'tenant' | 'types' | 'correlationKey'>): ReadPlan => {
  const { tenant, types, correlationKey } = options;
  const typeSet = types ? new Set(types) : null;
  let server: ServerFilter;
  if (tenant !== undefined) server = { on: 'streamName', prefixes: [`${tenant}/`] };
  else if (types !== undefined && types.length > 0) server = { on: 'eventType', regex: `^(?:${types.map(escapeRegex).join('|')})$` };
  else server = { on: 'streamName', regex: TANDEM_STREAMS_REGEX };
  const matches = (event: RecordedEvent): boolean =>
    (tenant === undefined || event.metadata.tenant === tenant) &&
    (tenant === undefined || event.streamId.startsWith(`${tenant}/`)) &&
    (typeSet === null || typeSet.has(event.type)) &&
    (correlationKey === undefined || (event.metadata.correlationKey ?? null) === correlationKey);
  const exact = correlationKey === undefined && (tenant === undefined || types === undefined);
  return { server, matches, exact };
};

/** Our filter description as the client's filter object. */
export const toClientFilter = (filter: ServerFilter): Filter | undefined => {
  switch (filter.on) {
    case 'none':
      return undefined;
    case 'eventType':
      return eventTypeFilter({ regex: filter.regex });
    default:
      return 'prefixes' in filter ? streamNameFilter({ prefixes: filter.prefixes }) : streamNameFilter({ regex: filter.regex });
  }
};

// ---------------------------------------------------------------------------------------------
// Idempotent re-appends

export interface StoredEventRef {
  streamId: string;
  streamRevision: number;
  globalPosition: bigint;
  checkpoint: Checkpoint;
}

/**
 * Given the events already in the target stream with the request's ids, decides like the other
 * adapters: none stored → null (append); all stored, in order, at consecutive revisions → the
 * original result (write nothing); anything else → a validation error.
 */
export const classifyReplay = (streamId: string, eventIds: readonly string[], stored: ReadonlyMap<string, StoredEventRef>): AppendResult | null => {
  const first = eventIds[0];
  const head = first === undefined ? undefined : stored.get(first);
  if (!head) {
    for (const id of eventIds.slice(1)) {
      if (stored.has(id)) {
        throw new EventStoreValidationError(
          `event ${id} is already stored but the events before it in this append are not; re-send the original append unchanged`,
        );
      }
    }
    return null;
  }
  const events: AppendedEvent[] = eventIds.map((id, index) => {
    const ref = stored.get(id);
    if (!ref || ref.streamId !== streamId || ref.streamRevision !== head.streamRevision + index) {
      throw new EventStoreValidationError(
        `event ${id} does not match an earlier append to ${streamId}: re-send the original append unchanged, or use new event ids`,
      );
    }
    return { eventId: id, streamRevision: ref.streamRevision, globalPosition: ref.globalPosition, checkpoint: ref.checkpoint };
  });
  const last = events[events.length - 1] as AppendedEvent;
  return { streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events };
};

/** The AppendResult for events read back after a successful append (ids must match, in order). */
export const appendResultFrom = (streamId: string, eventIds: readonly string[], readBack: readonly RecordedEvent[]): AppendResult => {
  if (readBack.length !== eventIds.length || readBack.some((e, i) => e.eventId !== eventIds[i])) {
    throw new Error(
      `KurrentDB acknowledged the append to ${streamId} but the events at the returned revisions are not the ones sent (${readBack
        .map((e) => e.eventId)
        .join(', ')}); refusing to report positions`,
    );
  }
  const events = readBack.map((e) => ({ eventId: e.eventId, streamRevision: e.streamRevision, globalPosition: e.globalPosition, checkpoint: e.checkpoint }));
  const last = events[events.length - 1] as AppendedEvent;
  return { streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events };
};
