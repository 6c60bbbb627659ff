import { validate as isUuid, v7 as uuidv7 } from 'uuid';
import { EventStoreValidationError } from './errors';
import type { AppendRequest, EventMetadata, ExpectedRevision, NewEvent } from './types';

/** `{tenant}/{category}-{id}`, e.g. `vrt/program-2026`, `lrrt/application-0190…`. */
export const STREAM_ID_PATTERN = /^([a-z0-9][a-z0-9-]{0,62})\/([a-z][a-z0-9]{0,39})-([A-Za-z0-9][A-Za-z0-9_.:-]{0,199})$/;
const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** The largest serialised event (data + personal part + metadata) an append accepts. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** The most events one append call may carry. */
export const MAX_EVENTS_PER_APPEND = 10_000;

export interface ParsedStreamId {
  tenant: string;
  category: string;
  id: string;
}

export const parseStreamId = (streamId: unknown): ParsedStreamId => {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new EventStoreValidationError('stream name is empty: use {tenant}/{category}-{id}, e.g. vrt/program-2026');
  }
  const match = STREAM_ID_PATTERN.exec(streamId);
  if (!match) {
    throw new EventStoreValidationError(
      `stream name "${streamId.slice(0, 120)}" is malformed: use {tenant}/{category}-{id} with lower-case tenant and category, e.g. vrt/program-2026`,
    );
  }
  return { tenant: match[1] as string, category: match[2] as string, id: match[3] as string };
};

export const validateExpectedRevision = (expected: unknown): ExpectedRevision => {
  if (expected === undefined) return 'any';
  if (expected === 'no_stream' || expected === 'exists' || expected === 'any') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) {
    return expected === -1 ? 'no_stream' : expected;
  }
  if (typeof expected === 'bigint' && expected >= -1n && expected <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return validateExpectedRevision(Number(expected));
  }
  throw new EventStoreValidationError(
    `expected revision ${String(expected).slice(0, 60)} is not understood: use a revision number (0 for the first event), 'no_stream', 'exists' or 'any'`,
  );
};

/** An event ready for storage: its JSON texts are exactly what is stored and hashed. */
export interface SerializedEvent {
  eventId: string;
  type: string;
  tenant: string;
  correlationKey: string | null;
  data: string;
  personal: string | null;
  metadata: string;
  metadataObject: EventMetadata;
}

const toJson = (value: unknown, what: string): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') throw new TypeError('a BigInt');
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`a ${typeof v}`);
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`the number ${v}`);
      return v;
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventStoreValidationError(`${what} is not JSON-serialisable (${reason}); send plain objects, arrays, strings, finite numbers, booleans and null`);
  }
  if (text === undefined) throw new EventStoreValidationError(`${what} is not JSON-serialisable; send a plain object`);
  return text;
};

const validateMetadata = (metadata: unknown, tenant: string, where: string): EventMetadata => {
  if (typeof metadata !== 'object' || metadata === null) throw new EventStoreValidationError(`${where}: metadata is missing`);
  const m = metadata as Partial<EventMetadata>;
  if (m.tenant !== tenant) {
    throw new EventStoreValidationError(`${where}: metadata.tenant "${String(m.tenant)}" does not match the stream's tenant "${tenant}"`);
  }
  for (const key of ['actor', 'correlationId', 'occurredAt'] as const) {
    if (typeof m[key] !== 'string' || (m[key] as string).length === 0) {
      throw new EventStoreValidationError(`${where}: metadata.${key} must be a non-empty string`);
    }
  }
  if (Number.isNaN(Date.parse(m.occurredAt as string))) {
    throw new EventStoreValidationError(`${where}: metadata.occurredAt "${m.occurredAt}" is not an ISO 8601 date`);
  }
  if (m.causationId !== null && m.causationId !== undefined && typeof m.causationId !== 'string') {
    throw new EventStoreValidationError(`${where}: metadata.causationId must be a string or null`);
  }
  if (!Number.isSafeInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) {
    throw new EventStoreValidationError(`${where}: metadata.schemaVersion must be a positive integer`);
  }
  if (m.correlationKey !== null && m.correlationKey !== undefined && typeof m.correlationKey !== 'string') {
    throw new EventStoreValidationError(`${where}: metadata.correlationKey must be a string or null`);
  }
  return {
    tenant,
    actor: m.actor as string,
    correlationId: m.correlationId as string,
    causationId: m.causationId ?? null,
    occurredAt: m.occurredAt as string,
    schemaVersion: m.schemaVersion as number,
    ...(m.correlationKey ? { correlationKey: m.correlationKey } : {}),
  };
};

export const serializeEvents = (streamId: string, events: readonly NewEvent[]): SerializedEvent[] => {
  const { tenant } = parseStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventStoreValidationError(`append to ${streamId} carries no events`);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventStoreValidationError(`append to ${streamId} carries ${events.length} events; split it into calls of at most ${MAX_EVENTS_PER_APPEND}`);
  }
  const seen = new Set<string>();
  return events.map((event, index) => {
    const where = `event ${index} of the append to ${streamId}`;
    if (typeof event !== 'object' || event === null) throw new EventStoreValidationError(`${where} is not an object`);
    if (typeof event.type !== 'string' || !TYPE_PATTERN.test(event.type)) {
      throw new EventStoreValidationError(
        `${where}: type "${String(event.type).slice(0, 60)}" must start with a letter and hold only letters, digits, '_' or '.'`,
      );
    }
    const eventId = event.eventId ?? uuidv7();
    if (typeof eventId !== 'string' || !isUuid(eventId)) throw new EventStoreValidationError(`${where}: eventId "${String(eventId)}" is not a UUID`);
    if (seen.has(eventId)) throw new EventStoreValidationError(`${where}: eventId ${eventId} appears twice in one append`);
    seen.add(eventId);
    if (event.data === undefined) throw new EventStoreValidationError(`${where}: data is missing`);
    const metadataObject = validateMetadata(event.metadata, tenant, where);
    const data = toJson(event.data, `${where}: data`);
    const personal = event.personal === undefined || event.personal === null ? null : toJson(event.personal, `${where}: personal`);
    const metadata = toJson(metadataObject, `${where}: metadata`);
    const bytes = Buffer.byteLength(data) + (personal ? Buffer.byteLength(personal) : 0) + Buffer.byteLength(metadata);
    if (bytes > MAX_EVENT_BYTES) {
      throw new EventStoreValidationError(`${where} is ${bytes} bytes serialised; the limit is ${MAX_EVENT_BYTES} bytes (1 MiB): keep documents out of events`);
    }
    return {
      eventId: eventId.toLowerCase(),
      type: event.type,
      tenant,
      correlationKey: metadataObject.correlationKey ?? null,
      data,
      personal,
      metadata,
      metadataObject,
    };
  });
};

export interface ValidatedRequest {
  streamId: string;
  tenant: string;
  expectedRevision: ExpectedRevision;
  events: SerializedEvent[];
}

export const validateRequests = (requests: readonly AppendRequest[]): ValidatedRequest[] => {
  if (!Array.isArray(requests) || requests.length === 0) throw new EventStoreValidationError('appendMany needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  return requests.map((request) => {
    const { tenant } = parseStreamId(request.streamId);
    if (streams.has(request.streamId)) throw new EventStoreValidationError(`stream ${request.streamId} appears twice in one appendMany; merge its events`);
    streams.add(request.streamId);
    const expectedRevision = validateExpectedRevision(request.expectedRevision);
    const events = serializeEvents(request.streamId, request.events);
    for (const e of events) {
      if (ids.has(e.eventId)) throw new EventStoreValidationError(`eventId ${e.eventId} appears twice in one appendMany`);
      ids.add(e.eventId);
    }
    return { streamId: request.streamId, tenant, expectedRevision, events };
  });
};

export const validateLimit = (limit: unknown, fallback: number): number => {
  if (limit === undefined) return fallback;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
    throw new EventStoreValidationError(`limit ${String(limit)} must be a positive integer`);
  return limit;
};

/** Does the stream at `actual` (null: no stream) satisfy `expected`? */
export const revisionMatches = (expected: ExpectedRevision, actual: number | null): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'exists':
      return actual !== null;
    default:
      return actual === expected;
  }
};
