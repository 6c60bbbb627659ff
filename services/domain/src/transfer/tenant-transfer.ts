import { type AppendRequest, canonicalMetadata, chainHash, type EventMetadata, type EventStore, GENESIS_HASH, type RecordedEvent } from '@tandem/eventstore';
import { ConflictError, ValidationError } from '../core/errors';
import type { KeyStore } from '../person/key-store';

/**
 * A round table's history as JSON Lines: a header line, then (only when asked) one line per
 * person key, one line per erased person, then every event in chain order exactly as stored —
 * the personal parts stay encrypted, each with its chain hash. The HTTP export writes the event
 * lines alone; `importTenant` reads both.
 */
export const EXPORT_FORMAT = 'tandem-export';

export interface ExportHeader {
  kind: typeof EXPORT_FORMAT;
  version: 1;
  tenant: string;
  events: number;
  headHash: string | null;
  /** True when the file carries the person keys (then it is as sensitive as the database). */
  keys: boolean;
  exportedAt: string;
}

interface KeyLine {
  kind: 'key';
  personId: string;
  key: string;
}

interface ErasedLine {
  kind: 'erased';
  personId: string;
  erasedAt: string;
}

interface EventLine {
  checkpoint: string;
  tenantSequence: number;
  hash: string | null;
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  globalPosition: string;
  recordedAt: string;
  metadata: EventMetadata;
  data: unknown;
  personal: unknown;
}

/** One event as an export line, as stored: the chain can be recomputed from the line alone. */
export const exportLine = (e: RecordedEvent): string =>
  `${JSON.stringify({
    checkpoint: e.checkpoint,
    tenantSequence: e.tenantSequence,
    hash: e.hash,
    eventId: e.eventId,
    type: e.type,
    streamId: e.streamId,
    streamRevision: e.streamRevision,
    globalPosition: e.globalPosition.toString(),
    recordedAt: e.recordedAt,
    metadata: e.metadata,
    data: e.data,
    personal: e.personal ?? null,
  } satisfies EventLine)}\n`;

const PAGE = 1_000;

export interface ExportOptions {
  includeKeys?: boolean;
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

/** The lines of a round table's export, up to the log's head when it starts. */
export async function* exportTenant(store: EventStore, keyStore: KeyStore, tenant: string, options: ExportOptions = {}): AsyncGenerator<string> {
  const head = await store.headCheckpoint();
  const chain = (await store.stats()).tenants.find((t) => t.tenant === tenant);
  const total = chain?.events ?? 0;
  const header: ExportHeader = {
    kind: EXPORT_FORMAT,
    version: 1,
    tenant,
    events: total,
    headHash: chain?.headHash ?? null,
    keys: options.includeKeys ?? false,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  yield `${JSON.stringify(header)}\n`;
  const keys = await keyStore.list(tenant);
  for (const k of keys) {
    if (k.erasedAt) yield `${JSON.stringify({ kind: 'erased', personId: k.personId, erasedAt: k.erasedAt } satisfies ErasedLine)}\n`;
    else if (options.includeKeys && k.key) yield `${JSON.stringify({ kind: 'key', personId: k.personId, key: k.key.toString('base64') } satisfies KeyLine)}\n`;
  }
  let done = 0;
  options.onProgress?.(0, total);
  for await (const page of tenantEventPages(store, tenant, { to: head })) {
    for (const event of page) yield exportLine(event);
    done += page.length;
    options.onProgress?.(done, total);
  }
}

/** A round table's events in chain order, a page at a time, after `after` and up to `to` (none when `to` is null). */
export async function* tenantEventPages(
  store: EventStore,
  tenant: string,
  range: { after?: string | null; to: string | null },
): AsyncGenerator<RecordedEvent[]> {
  for (let cursor = range.after ?? null; range.to !== null; ) {
    const page = await store.readAll({ tenant, from: cursor, to: range.to, limit: PAGE });
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    cursor = (page[page.length - 1] as RecordedEvent).checkpoint;
  }
}

export interface ImportResult {
  tenant: string;
  events: number;
  keys: number;
  erased: number;
  headHash: string | null;
}

export interface ImportOptions {
  /** Events appended per transaction (default 500). */
  batchSize?: number;
  /** `total` is known when the file has a header. */
  onProgress?: (done: number, total: number | null) => void;
}

const fail = (line: number, message: string) => new ValidationError(`line ${line}: ${message}`);

/**
 * Imports one round table's export into a store that holds none of its events. Every event line
 * is checked against the chain as it is read (its hash recomputed from the line, its place in the
 * chain), so an altered file is refused at its first bad line; the events are appended in chain
 * order with their ids, streams, revisions and metadata, so the store's head hash comes out the
 * same, and the result says so. Keys in the file go to the key store first. Events already
 * appended stay when a later line is refused: fix the file and import into a fresh store.
 */
export const importTenant = async (store: EventStore, keyStore: KeyStore, lines: AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportResult> => {
  const batchSize = options.batchSize ?? 500;
  let header: ExportHeader | null = null;
  let tenant: string | null = null;
  let prevHash = GENESIS_HASH;
  let lastHash: string | null = null;
  let expectedSequence = 1;
  let events = 0;
  let keys = 0;
  let erased = 0;
  let lineNo = 0;
  let batch: AppendRequest[] = [];
  let batchEvents = 0;
  let inBatch = new Set<string>();

  const claim = async (t: string, line: number) => {
    if (tenant === null) {
      tenant = t;
      const existing = (await store.stats()).tenants.find((x) => x.tenant === t)?.events ?? 0;
      if (existing > 0) throw new ConflictError(`round table "${t}" already has ${existing} events in this store; import into a store without them`);
    } else if (t !== tenant) {
      throw fail(line, `the file mixes round tables ("${tenant}" and "${t}"); export and import one round table at a time`);
    }
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await store.appendMany(batch);
    events += batchEvents;
    options.onProgress?.(events, header?.events ?? null);
    batch = [];
    batchEvents = 0;
    inBatch = new Set();
  };

  for await (const text of lines) {
    lineNo++;
    if (!text.trim()) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw fail(lineNo, 'is not JSON; is this a Tandem export (.jsonl)?');
    }
    if (value.kind === EXPORT_FORMAT) {
      if (lineNo !== 1) throw fail(lineNo, 'a header may only be the first line');
      if (value.version !== 1) throw fail(lineNo, `export version ${String(value.version)} is not one this Tandem reads (1)`);
      header = value as unknown as ExportHeader;
      await claim(header.tenant, lineNo);
      continue;
    }
    if (value.kind === 'key' || value.kind === 'erased') {
      if (!tenant) throw fail(lineNo, 'key lines need the header line before them');
      if (events + batchEvents > 0) throw fail(lineNo, 'key lines must come before the events');
      if (value.kind === 'key') {
        const key = Buffer.from(String((value as unknown as KeyLine).key), 'base64');
        if (key.length !== 32) throw fail(lineNo, 'the key is not 32 bytes of base64');
        await keyStore.restore(tenant, String(value.personId), key);
        keys++;
      } else {
        await keyStore.erase(tenant, String(value.personId), String((value as unknown as ErasedLine).erasedAt));
        erased++;
      }
      continue;
    }
    const e = value as unknown as EventLine;
    if (typeof e.eventId !== 'string' || typeof e.streamId !== 'string' || !e.metadata) throw fail(lineNo, 'is neither a header, a key nor an event');
    await claim(e.metadata.tenant, lineNo);
    if (e.tenantSequence !== expectedSequence) {
      throw fail(
        lineNo,
        `event ${e.eventId} is number ${e.tenantSequence} of the chain where number ${expectedSequence} belongs: an event is missing or out of order`,
      );
    }
    const personal = e.personal === null || e.personal === undefined ? null : JSON.stringify(e.personal);
    const hash = chainHash(prevHash, {
      eventId: e.eventId,
      type: e.type,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      tenantSequence: e.tenantSequence,
      metadata: canonicalMetadata(e.metadata),
      data: JSON.stringify(e.data),
      personal,
    });
    if (e.hash !== hash) throw fail(lineNo, `event ${e.eventId} does not match its chain hash: the line was altered`);
    prevHash = hash;
    lastHash = hash;
    expectedSequence++;

    // One transaction per batch. A stream appears once per batch, and the batch's streams ascend:
    // PostgreSQL appends a batch's streams in that order (against deadlocks), so the chain order
    // of the file is kept on every adapter.
    const open = batch[batch.length - 1];
    if (inBatch.has(e.streamId) || batchEvents >= batchSize || (open && open.streamId !== e.streamId && e.streamId < open.streamId)) await flush();
    const last = batch[batch.length - 1];
    const event = { eventId: e.eventId, type: e.type, data: e.data, ...(personal === null ? {} : { personal: e.personal }), metadata: e.metadata };
    if (last && last.streamId === e.streamId) last.events.push(event);
    else {
      if (last) inBatch.add(last.streamId);
      batch.push({ streamId: e.streamId, events: [event], expectedRevision: e.streamRevision === 0 ? 'no_stream' : e.streamRevision - 1 });
    }
    batchEvents++;
  }
  await flush();

  if (!tenant) throw new ValidationError('the file holds no round table: is it empty?');
  if (header && header.events !== events)
    throw new ValidationError(`the header announces ${header.events} events but the file holds ${events}: it was cut short`);
  if (header && header.headHash !== lastHash)
    throw new ValidationError(`the file's last event does not end the chain its header announces (${header.headHash})`);
  const stored = (await store.stats()).tenants.find((t) => t.tenant === tenant)?.headHash ?? null;
  if (stored !== lastHash) throw new ValidationError(`the imported chain ends at ${stored}, not at the file's ${lastHash}; the store changed the events`);
  return { tenant, events, keys, erased, headHash: stored };
};
