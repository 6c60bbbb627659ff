import { validate as isUuid } from 'uuid';
import { EventStoreValidationError } from './errors';
import { canonicalMetadata } from './hash';
import type { AppendRequest, EventMetadata, ExpectedRevision, NewEvent } from './types';
import { fastUuidv7 } from './uuid';

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

/**
 * An event ready for storage: `data` and `personal` are exactly the JSON texts stored and hashed;
 * `metadata` is `canonicalMetadata(metadataObject)`, the text the chain covers.
 */
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

/** Why `value` cannot be stored as JSON that reads back equal, or null when it can. */
const unserialisable = (value: unknown, ancestors: object[]): string | null => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `the number ${value}`;
    case 'bigint':
      return 'a BigInt';
    case 'function':
    case 'symbol':
      return `a ${typeof value}`;
    default: {
      if (value === null) return null;
      const object = value as Record<string, unknown>;
      if (typeof object.toJSON === 'function') return unserialisable((object.toJSON as (key: string) => unknown)(''), ancestors);
      if (ancestors.includes(object)) return 'a circular reference';
      ancestors.push(object);
      if (Array.isArray(object)) {
        for (let i = 0; i < object.length; i++) {
          const item: unknown = object[i];
          if (item === undefined) return `undefined at index ${i} of an array`;
          const reason = unserialisable(item, ancestors);
          if (reason !== null) return reason;
        }
      } else {
        for (const key in object) {
          if (!Object.hasOwn(object, key)) continue;
          const reason = unserialisable(object[key], ancestors);
          if (reason !== null) return reason;
        }
      }
      ancestors.pop();
      return null;
    }
  }
};

/**
 * The JSON text of `value`: a plain `JSON.stringify` after a walk that rejects what would not read
 * back equal (BigInt, functions, symbols, non-finite numbers, undefined in arrays, cycles).
 */
const toJson = (value: unknown, what: string): string => {
  let reason = unserialisable(value, []);
  let text: string | undefined;
  if (reason === null) {
    try {
      text = JSON.stringify(value);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  if (reason !== null) {
    throw new EventStoreValidationError(`${what} is not JSON-serialisable (${reason}); send plain objects, arrays, strings, finite numbers, booleans and null`);
  }
  if (text === undefined) throw new EventStoreValidationError(`${what} is not JSON-serialisable; send a plain object`);
  return text;
};

/** The events of one command share their occurredAt: parse it once. */
let lastValidOccurredAt = '';

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
  if (m.occurredAt !== lastValidOccurredAt && Number.isNaN(Date.parse(m.occurredAt as string))) {
    throw new EventStoreValidationError(`${where}: metadata.occurredAt "${m.occurredAt}" is not an ISO 8601 date`);
  }
  if (m.causationId !== null && m.causationId !== undefined && typeof m.causationId !== 'string') {
    throw new EventStoreValidationError(`${where}: metadata.causationId must be a string or null`);
  }
  lastValidOccurredAt = m.occurredAt as string;
  if (!Number.isSafeInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) {
    throw new EventStoreValidationError(`${where}: metadata.schemaVersion must be a positive integer`);
  }
  if (m.correlationKey !== null && m.correlationKey !== undefined && typeof m.correlationKey !== 'string') {
    throw new EventStoreValidationError(`${where}: metadata.correlationKey must be a string or null`);
  }
  const actor = m.actor as string;
  const correlationId = m.correlationId as string;
  const causationId = m.causationId ?? null;
  const occurredAt = m.occurredAt as string;
  const schemaVersion = m.schemaVersion as number;
  return m.correlationKey
    ? { tenant, actor, correlationId, causationId, occurredAt, schemaVersion, correlationKey: m.correlationKey }
    : { tenant, actor, correlationId, causationId, occurredAt, schemaVersion };
};

/** Whether two metadata objects as sent carry the same values in every field an event's metadata has. */
const sameMetadata = (a: Partial<EventMetadata>, b: Partial<EventMetadata>): boolean =>
  a === b ||
  (a.tenant === b.tenant &&
    a.actor === b.actor &&
    a.correlationId === b.correlationId &&
    a.causationId === b.causationId &&
    a.occurredAt === b.occurredAt &&
    a.schemaVersion === b.schemaVersion &&
    a.correlationKey === b.correlationKey);

export const serializeEvents = (streamId: string, events: readonly NewEvent[]): SerializedEvent[] => {
  const { tenant } = parseStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventStoreValidationError(`append to ${streamId} carries no events`);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventStoreValidationError(`append to ${streamId} carries ${events.length} events; split it into calls of at most ${MAX_EVENTS_PER_APPEND}`);
  }
  const seen = new Set<string>();
  // The events of one command carry the same metadata: it is checked and made canonical once, and
  // the events after share the checked object and its text (nothing downstream changes either).
  let sentBefore: Partial<EventMetadata> | null = null;
  let checkedBefore: EventMetadata | null = null;
  let textBefore = '';
  return events.map((event, index) => {
    const where = `event ${index} of the append to ${streamId}`;
    if (typeof event !== 'object' || event === null) throw new EventStoreValidationError(`${where} is not an object`);
    if (typeof event.type !== 'string' || !TYPE_PATTERN.test(event.type)) {
      throw new EventStoreValidationError(
        `${where}: type "${String(event.type).slice(0, 60)}" must start with a letter and hold only letters, digits, '_' or '.'`,
      );
    }
    const eventId = event.eventId ?? fastUuidv7();
    if (event.eventId !== undefined && (typeof eventId !== 'string' || !isUuid(eventId))) {
      throw new EventStoreValidationError(`${where}: eventId "${String(eventId)}" is not a UUID`);
    }
    if (seen.has(eventId)) throw new EventStoreValidationError(`${where}: eventId ${eventId} appears twice in one append`);
    seen.add(eventId);
    if (event.data === undefined) throw new EventStoreValidationError(`${where}: data is missing`);
    const sent = event.metadata as Partial<EventMetadata> | null | undefined;
    let metadataObject: EventMetadata;
    let metadata: string;
    if (checkedBefore !== null && typeof sent === 'object' && sent !== null && sameMetadata(sent, sentBefore as Partial<EventMetadata>)) {
      metadataObject = checkedBefore;
      metadata = textBefore;
    } else {
      metadataObject = validateMetadata(sent, tenant, where);
      metadata = canonicalMetadata(metadataObject);
      sentBefore = sent as Partial<EventMetadata>;
      checkedBefore = metadataObject;
      textBefore = metadata;
    }
    const data = toJson(event.data, `${where}: data`);
    const personal = event.personal === undefined || event.personal === null ? null : toJson(event.personal, `${where}: personal`);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only when that bound could exceed the limit.
    const units = data.length + (personal ? personal.length : 0) + metadata.length;
    const bytes = units * 3 <= MAX_EVENT_BYTES ? 0 : Buffer.byteLength(data) + (personal ? Buffer.byteLength(personal) : 0) + Buffer.byteLength(metadata);
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
