// Everything of the KurrentDB adapter that can be checked without a server: the mapping between
// our envelope and KurrentDB's, the checkpoint encoding, error mapping, validation before any
// network call, and the adapter's own logic driven through an in-memory fake client.
import { type AllStreamResolvedEvent, KurrentDBClient, type Position, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { serializeEvents } from '../src/core/validation';
import {
  ConcurrencyError,
  chainHash,
  EventStoreValidationError,
  type ExpectedRevision,
  GENESIS_HASH,
  MAX_EVENT_BYTES,
  type RecordedEvent,
  UnsupportedOperationError,
} from '../src/index';
import { CHAIN_LINK_TYPE, ChainIndex, chainStreamName, computeLinks, decodeLink } from '../src/kurrentdb/chain';
import { KurrentDbEventStore } from '../src/kurrentdb/kurrentdb-event-store';
import {
  appendResultFrom,
  checkpointPosition,
  classifyReplay,
  comparePositions,
  decodeMetadata,
  ENVELOPE_PROPERTY,
  fromCurrentStreamState,
  fromResolved,
  mapAppendError,
  normalizeConnectionString,
  planRead,
  positionCheckpoint,
  redactConnectionString,
  TANDEM_STREAMS_REGEX,
  toClientFilter,
  toEventData,
  toStreamState,
} from '../src/kurrentdb/mapping';
import { event } from './contract';
import { FakeKurrentClient, untouchableClient } from './kurrentdb-fake-client';

/** What the server hands back for an event the client wrote (JSON through bytes and back). */
const asStored = (
  streamId: string,
  data: ReturnType<typeof toEventData>,
  revision: bigint,
  position: Position,
  created = new Date('2026-11-29T10:00:01.234Z'),
) =>
  ({
    event: {
      streamId,
      id: data.id,
      revision,
      type: data.type,
      data: JSON.parse(JSON.stringify(data.data)),
      metadata: data.metadata === undefined ? undefined : JSON.parse(JSON.stringify(data.metadata)),
      isJson: true,
      created,
      position,
    },
  }) as AllStreamResolvedEvent;

describe('KurrentDB mapping: connection strings', () => {
  it('accepts kurrentdb, kurrent, kdb and esdb (with +discover), rewriting esdb to kurrentdb', async () => {
    expect(normalizeConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
    expect(normalizeConnectionString('esdb://admin:changeit@localhost:2113?tls=false')).toBe('kurrentdb://admin:changeit@localhost:2113?tls=false');
    expect(normalizeConnectionString('esdb+discover://cluster.example:2113')).toBe('kurrentdb+discover://cluster.example:2113');
    expect(normalizeConnectionString(' kdb+discover://a:2113,b:2113 ')).toBe('kdb+discover://a:2113,b:2113');
    expect(normalizeConnectionString('KurrentDB://h:1')).toBe('kurrentdb://h:1');
    for (const url of ['esdb://h:2113?tls=false', 'kurrentdb+discover://h:2113', 'kdb://a:1,b:2?tls=false']) {
      const client = KurrentDBClient.connectionString(normalizeConnectionString(url)); // the client's own parser accepts it
      await client.dispose();
    }
  });

  it('rejects other schemes with a validation error', () => {
    for (const url of ['postgres://x', 'http://localhost:2113', 'localhost:2113', '']) {
      expect(() => normalizeConnectionString(url)).toThrow(EventStoreValidationError);
    }
  });

  it('keeps credentials out of the location', () => {
    expect(redactConnectionString('kurrentdb://admin:changeit@h:2113?tls=false')).toBe('kurrentdb://h:2113?tls=false');
    expect(redactConnectionString('kurrentdb+discover://h:2113')).toBe('kurrentdb+discover://h:2113');
  });
});

describe('KurrentDB mapping: expected revisions and conflicts', () => {
  it("maps 'any', 'no_stream', 'exists' and numbers to the client's stream states", () => {
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState('no_stream')).toBe('no_stream');
    expect(toStreamState('exists')).toBe('stream_exists');
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });

  it('maps WrongExpectedVersionError to ConcurrencyError with the actual revision (null: no stream)', () => {
    const expected = new Map<string, ExpectedRevision>([
      ['t/program-1', 1],
      ['t/pair-1', 'no_stream'],
    ]);
    const atTwo = mapAppendError(new WrongExpectedVersionError(undefined, { streamName: 't/program-1', expected: 1n, current: 2n }), expected, 't/program-1');
    expect(atTwo).toBeInstanceOf(ConcurrencyError);
    expect(atTwo).toMatchObject({ code: 'CONFLICT', streamId: 't/program-1', expected: 1, actual: 2 });
    const missing = mapAppendError(
      new WrongExpectedVersionError(undefined, { streamName: 't/pair-1', expected: 'no_stream', current: 'no_stream' }),
      expected,
      't/program-1',
    );
    expect(missing).toMatchObject({ streamId: 't/pair-1', expected: 'no_stream', actual: null });
    const other = new Error('unavailable');
    expect(mapAppendError(other, expected, 't/program-1')).toBe(other);
    expect(fromCurrentStreamState('no_stream')).toBeNull();
    expect(fromCurrentStreamState(7n)).toBe(7);
  });
});

describe('KurrentDB mapping: checkpoints from (commit, prepare)', () => {
  it('encodes fixed-width strings whose order is the log order, and decodes them back', () => {
    const positions: Position[] = [
      { commit: 0n, prepare: 0n },
      { commit: 9n, prepare: 9n },
      { commit: 10n, prepare: 3n },
      { commit: 10n, prepare: 10n },
      { commit: 10n, prepare: 100n },
      { commit: 123_456_789n, prepare: 123_456_700n },
      { commit: 18_446_744_073_709_551_615n, prepare: 18_446_744_073_709_551_615n },
    ];
    const checkpoints = positions.map(positionCheckpoint);
    expect(checkpoints[1]).toBe('00000000000000000009-00000000000000000009');
    expect(new Set(checkpoints.map((c) => c.length))).toEqual(new Set([41]));
    expect([...checkpoints].sort()).toEqual(checkpoints);
    for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1] as Position, positions[i] as Position)).toBe(-1);
    expect(checkpoints.map(checkpointPosition)).toEqual(positions);
  });

  it('rejects checkpoints it did not issue', () => {
    for (const bad of ['garbage', '00000000000000000009', '9-9', `${'0'.repeat(20)}-${'0'.repeat(19)}`]) {
      expect(() => checkpointPosition(bad)).toThrow(EventStoreValidationError);
    }
  });
});

describe('KurrentDB mapping: the envelope round-trips', () => {
  const tenant = 'vrt';
  const eventId = uuidv7();
  const [withPersonal] = serializeEvents(`${tenant}/person-ada`, [
    event(
      tenant,
      'PersonRegistered',
      { personId: 'ada', n: 1.5, list: [1, 'é'], nested: { 2: 'b', 1: 'a' } },
      {
        eventId,
        personal: { keyId: 'k1', ciphertext: 'AAEC' },
        metadata: { correlationKey: 'program-1', causationId: 'cmd-1' } as never,
      },
    ),
  ]);
  const [plain] = serializeEvents(`${tenant}/program-2026`, [event(tenant, 'ProgramDrafted', 'just a string')]);
  if (!withPersonal || !plain) throw new Error('serializeEvents returned nothing');

  it('writes id, type and data as they are, and metadata as { ...metadata, personal? }', () => {
    const data = toEventData(withPersonal);
    expect(data).toMatchObject({ id: eventId, contentType: 'application/json', type: 'PersonRegistered' });
    expect(JSON.stringify(data.data)).toBe(withPersonal.data);
    expect(data.metadata).toEqual({ ...withPersonal.metadataObject, personal: { keyId: 'k1', ciphertext: 'AAEC' } });
    expect(Object.keys(data.metadata as object)).toEqual([...Object.keys(withPersonal.metadataObject), 'personal']);
    expect(toEventData(plain).metadata).toEqual(plain.metadataObject);
    expect('personal' in (toEventData(plain).metadata as object)).toBe(false);
  });

  it('writes string-valued properties for multi-stream appends (the envelope as JSON under one key)', () => {
    const props = toEventData(withPersonal, 'properties').metadata as Record<string, unknown>;
    expect(Object.keys(props)).toEqual([ENVELOPE_PROPERTY]);
    expect(typeof props[ENVELOPE_PROPERTY]).toBe('string');
    expect(decodeMetadata(props)).toEqual(decodeMetadata(toEventData(withPersonal).metadata));
  });

  it('reads back exactly the RecordedEvent: ids, texts, revision, positions, checkpoint, recordedAt', () => {
    for (const form of ['json', 'properties'] as const) {
      const position = { commit: 5000n, prepare: 4990n };
      const read = fromResolved(asStored(`${tenant}/person-ada`, toEventData(withPersonal, form), 3n, position)) as RecordedEvent;
      expect(read).toEqual({
        eventId,
        type: 'PersonRegistered',
        data: JSON.parse(withPersonal.data),
        personal: { keyId: 'k1', ciphertext: 'AAEC' },
        metadata: withPersonal.metadataObject,
        streamId: `${tenant}/person-ada`,
        streamRevision: 3,
        globalPosition: 5000n,
        checkpoint: positionCheckpoint(position),
        tenantSequence: 0,
        hash: null,
        recordedAt: '2026-11-29T10:00:01.234Z',
      });
      // The texts a verifier hashes are the texts serializeEvents produced.
      expect(JSON.stringify(read.metadata)).toBe(withPersonal.metadata);
      expect(JSON.stringify(read.data)).toBe(withPersonal.data);
      expect(JSON.stringify(read.personal)).toBe(withPersonal.personal);
    }
    const noPersonal = fromResolved(asStored(`${tenant}/program-2026`, toEventData(plain), 0n, { commit: 1n, prepare: 1n })) as RecordedEvent;
    expect(noPersonal.personal).toBeNull();
    expect(noPersonal.data).toBe('just a string');
    expect(JSON.stringify(noPersonal.metadata)).toBe(plain.metadata);
  });

  it('skips system events, links, foreign and chain streams; needs positions (KurrentDB ≥ 22.6)', () => {
    const p = { commit: 1n, prepare: 1n };
    const mine = toEventData(plain);
    expect(fromResolved(asStored('$stats-127.0.0.1:2113', mine, 0n, p))).toBeNull();
    expect(fromResolved(asStored('vrt/program-1', { ...mine, type: '$metadata' }, 0n, p))).toBeNull();
    expect(fromResolved(asStored(chainStreamName('vrt'), mine, 0n, p))).toBeNull();
    expect(fromResolved(asStored('orders-17', mine, 0n, p))).toBeNull();
    expect(fromResolved(asStored('vrt/program-1', { ...mine, metadata: { foreign: true } }, 0n, p))).toBeNull();
    const link = asStored('vrt/program-1', mine, 0n, p);
    expect(fromResolved({ ...link, link: link.event } as AllStreamResolvedEvent)).toBeNull();
    const noPosition = asStored('vrt/program-1', mine, 0n, p);
    delete (noPosition.event as { position?: Position }).position;
    expect(() => fromResolved(noPosition)).toThrow(/22\.6/);
  });

  it('ignores $-keys a server may add to the metadata', () => {
    expect(decodeMetadata({ tenant: 'vrt', actor: 'a', $correlationId: 'x', personal: null })).toEqual({
      metadata: { tenant: 'vrt', actor: 'a' },
      personal: null,
    });
    expect(decodeMetadata(new TextEncoder().encode('{"tenant":"vrt"}'))).toEqual({ metadata: { tenant: 'vrt' }, personal: null });
    expect(decodeMetadata('nope')).toBeNull();
    expect(decodeMetadata(undefined)).toBeNull();
  });
});

describe('KurrentDB mapping: read filters', () => {
  const recorded = (streamId: string, type: string, correlationKey?: string) =>
    ({ streamId, type, metadata: { tenant: streamId.split('/')[0], ...(correlationKey ? { correlationKey } : {}) } }) as RecordedEvent;

  it('sends the tenant as a stream prefix, filtering types and correlation key client-side', () => {
    const plan = planRead({ tenant: 't1', types: ['A'], correlationKey: 'p1' });
    expect(plan.server).toEqual({ on: 'streamName', prefixes: ['t1/'] });
    expect(plan.exact).toBe(false);
    expect(plan.matches(recorded('t1/program-1', 'A', 'p1'))).toBe(true);
    expect(plan.matches(recorded('t1/program-1', 'A', 'p2'))).toBe(false);
    expect(plan.matches(recorded('t1/program-1', 'AB', 'p1'))).toBe(false);
    expect(plan.matches(recorded('t10/program-1', 'A', 'p1'))).toBe(false);
    expect(toClientFilter(plan.server)).toMatchObject({ filterOn: 'streamName', prefixes: ['t1/'] });
    expect(planRead({ tenant: 't1' }).exact).toBe(true);
  });

  it('sends types alone as an exact, escaped event-type regex (server prefixes would match too much)', () => {
    const plan = planRead({ types: ['A', 'Program.Drafted'] });
    expect(plan).toMatchObject({ server: { on: 'eventType', regex: '^(?:A|Program\\.Drafted)$' }, exact: true });
    const regex = new RegExp((plan.server as { regex: string }).regex);
    expect(['A', 'Program.Drafted'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['ApplicationSubmitted', 'ProgramXDrafted', '$A'].map((t) => regex.test(t))).toEqual([false, false, false]);
    expect(toClientFilter(plan.server)).toMatchObject({ filterOn: 'eventType' });
  });

  it('without tenant or types keeps only our stream names, server-side', () => {
    expect(planRead({}).server).toEqual({ on: 'streamName', regex: TANDEM_STREAMS_REGEX });
    const regex = new RegExp(TANDEM_STREAMS_REGEX);
    expect(['vrt/program-2026', 'lrrt/application-0190:x'].every((s) => regex.test(s))).toBe(true);
    expect(['$all', '$ce-vrt', chainStreamName('vrt'), 'orders-1', 'vrt/program'].some((s) => regex.test(s))).toBe(false);
    expect(planRead({ correlationKey: 'p1' }).exact).toBe(false);
  });
});

describe('KurrentDB mapping: idempotent re-appends', () => {
  const ref = (streamId: string, streamRevision: number) => ({
    streamId,
    streamRevision,
    globalPosition: BigInt(streamRevision * 10),
    checkpoint: positionCheckpoint({ commit: BigInt(streamRevision * 10), prepare: BigInt(streamRevision * 10) }),
  });

  it('appends when no id is stored, replays when all are, in order, and rejects the rest', () => {
    expect(classifyReplay('t/a-1', ['x', 'y'], new Map())).toBeNull();
    const replay = classifyReplay(
      't/a-1',
      ['x', 'y'],
      new Map([
        ['x', ref('t/a-1', 3)],
        ['y', ref('t/a-1', 4)],
      ]),
    );
    expect(replay).toMatchObject({ streamId: 't/a-1', nextExpectedRevision: 4, checkpoint: ref('t/a-1', 4).checkpoint });
    expect(replay?.events.map((e) => [e.eventId, e.streamRevision])).toEqual([
      ['x', 3],
      ['y', 4],
    ]);
    expect(() => classifyReplay('t/a-1', ['new', 'x'], new Map([['x', ref('t/a-1', 0)]]))).toThrow(/already stored but the events before it/);
    expect(() => classifyReplay('t/a-1', ['x', 'y'], new Map([['x', ref('t/a-1', 0)]]))).toThrow(EventStoreValidationError);
    expect(() =>
      classifyReplay(
        't/a-1',
        ['x', 'y'],
        new Map([
          ['x', ref('t/a-1', 0)],
          ['y', ref('t/a-1', 2)],
        ]),
      ),
    ).toThrow(/does not match an earlier append/);
  });

  it('refuses to report positions when the read-back events are not the ones sent', () => {
    const e = { eventId: 'x', streamRevision: 0, globalPosition: 1n, checkpoint: 'c' } as RecordedEvent;
    expect(appendResultFrom('t/a-1', ['x'], [e])).toMatchObject({ nextExpectedRevision: 0, checkpoint: 'c' });
    expect(() => appendResultFrom('t/a-1', ['y'], [e])).toThrow(/not the ones sent/);
  });
});

describe('KurrentDB mapping: the chain links', () => {
  const tenant = 'vrt';
  const events = serializeEvents(`${tenant}/program-h`, [event(tenant, 'A', { x: 'é' }), event(tenant, 'B', { y: [1, 2] }, { personal: { c: 'zz' } })]).map(
    (s, i) => fromResolved(asStored(`${tenant}/program-h`, toEventData(s), BigInt(i), { commit: 100n, prepare: 100n + BigInt(i) })) as RecordedEvent,
  );

  it('computes sha256(prevHash, envelope, payload) from the genesis and continues from a link', () => {
    const links = computeLinks(null, events);
    let previous = GENESIS_HASH;
    links.forEach((link, i) => {
      const e = events[i] as RecordedEvent;
      expect(link).toMatchObject({
        eventId: e.eventId,
        streamId: e.streamId,
        streamRevision: i,
        tenantSequence: i + 1,
        commit: '100',
        prepare: String(100 + i),
      });
      previous = chainHash(previous, {
        eventId: e.eventId,
        type: e.type,
        streamId: e.streamId,
        streamRevision: e.streamRevision,
        tenantSequence: i + 1,
        metadata: JSON.stringify(e.metadata),
        data: JSON.stringify(e.data),
        personal: e.personal === null ? null : JSON.stringify(e.personal),
      });
      expect(link.hash).toBe(previous);
    });
    const [first] = computeLinks(null, events.slice(0, 1));
    expect(computeLinks(first ?? null, events.slice(1))).toEqual(links.slice(1));
  });

  it('decodes only well-formed links and attaches them by event id', () => {
    const [link] = computeLinks(null, events);
    expect(decodeLink(CHAIN_LINK_TYPE, JSON.parse(JSON.stringify(link)))).toEqual(link);
    expect(decodeLink('Other', link)).toBeNull();
    expect(decodeLink(CHAIN_LINK_TYPE, { ...link, commit: 'x' })).toBeNull();
    const index = new ChainIndex();
    index.add(0, link ?? null);
    index.add(1, null);
    expect(index.revision).toBe(1);
    expect(index.attach(events[0] as RecordedEvent)).toMatchObject({ tenantSequence: 1, hash: link?.hash });
    expect(index.attach(events[1] as RecordedEvent)).toMatchObject({ tenantSequence: 0, hash: null });
  });
});

describe('KurrentDB adapter: bad input is rejected before any network call', () => {
  const store = new KurrentDbEventStore({ client: untouchableClient(), location: 'kurrentdb://nowhere' });
  const t = 'vrt';
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['an empty stream name', () => store.append('', [event(t, 'A', {})]), /stream name is empty/],
    ['a malformed stream name', () => store.append('program 1', [event(t, 'A', {})]), /malformed/],
    ['a stream of another tenant', () => store.append('other/program-1', [event(t, 'A', {})]), /does not match the stream's tenant/],
    ['an unknown expected revision', () => store.append(`${t}/program-1`, [event(t, 'A', {})], { expectedRevision: 'latest' as never }), /not understood/],
    ['no events', () => store.append(`${t}/program-1`, []), /carries no events/],
    ['a BigInt in data', () => store.append(`${t}/program-1`, [event(t, 'A', { n: 1n })]), /a BigInt/],
    ['an oversized event', () => store.append(`${t}/program-1`, [event(t, 'A', { blob: 'x'.repeat(MAX_EVENT_BYTES) })]), /limit is 1048576 bytes/],
    ['a malformed event id', () => store.append(`${t}/program-1`, [event(t, 'A', {}, { eventId: 'nope' })]), /not a UUID/],
    [
      'a bad event among good ones, across streams',
      () =>
        store.appendMany([
          { streamId: `${t}/program-1`, events: [event(t, 'A', {})] },
          { streamId: `${t}/pair-1`, events: [event(t, 'A', { n: 1n })] },
        ]),
      /BigInt/,
    ],
    [
      'the same stream twice in appendMany',
      () =>
        store.appendMany([
          { streamId: `${t}/a-1`, events: [event(t, 'A', {})] },
          { streamId: `${t}/a-1`, events: [event(t, 'A', {})] },
        ]),
      /appears twice/,
    ],
    ['a checkpoint it did not issue', () => store.readAll({ from: 'garbage' }), /was not issued by this store/],
    ['a bad readAll limit', () => store.readAll({ limit: 0 }), /positive integer/],
    ['a malformed stream to read', () => store.readStream('nope'), /malformed/],
    ['a fractional revision to read from', () => store.readStream(`${t}/program-1`, { from: 1.5 }), /non-negative integer/],
    ['a malformed stream revision lookup', () => store.streamRevision('x'), /malformed/],
    ['a malformed tenant to seal', () => store.seal('Not A Tenant'), /malformed/],
  ];
  for (const [what, act, message] of cases) {
    it(`rejects ${what}`, async () => {
      const error = await act().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EventStoreValidationError);
      expect((error as Error).message).toMatch(message);
    });
  }
  it('rejects a subscription from a checkpoint it did not issue, synchronously', () => {
    expect(() => store.subscribe({ from: '42' }, () => undefined)).toThrow(EventStoreValidationError);
  });
});

describe('KurrentDB adapter: its own logic, against an in-memory fake client', () => {
  const open = (fake = new FakeKurrentClient(), options: { sealOnAppend?: boolean } = {}) => ({
    fake,
    store: new KurrentDbEventStore({ client: fake.asClient(), location: 'kurrentdb://fake', ...options }),
  });

  it('returns each appended event’s exact position (read back), and reads it back equal', async () => {
    const { store } = open();
    const result = await store.append('vrt/program-1', [event('vrt', 'A', { i: 0 }), event('vrt', 'B', { i: 1 }, { personal: { k: 1 } })], {
      expectedRevision: 'no_stream',
    });
    expect(result.events.map((e) => e.streamRevision)).toEqual([0, 1]);
    expect((result.events[0]?.checkpoint as string) < (result.events[1]?.checkpoint as string)).toBe(true);
    const read = await store.readStream('vrt/program-1');
    expect(read.map((e) => [e.eventId, e.checkpoint, e.globalPosition])).toEqual(result.events.map((e) => [e.eventId, e.checkpoint, e.globalPosition]));
    expect(read[1]?.personal).toEqual({ k: 1 });
    expect(await store.streamRevision('vrt/program-1')).toBe(1);
    expect(await store.streamRevision('vrt/program-none')).toBeNull();
    expect(await store.readStream('vrt/program-none')).toEqual([]);
    expect((await store.readStream('vrt/program-1', { direction: 'backwards', from: 1, limit: 1 })).map((e) => e.streamRevision)).toEqual([1]);
  });

  it('maps a conflict to ConcurrencyError with the actual revision', async () => {
    const { store } = open();
    await store.append('vrt/program-1', [event('vrt', 'A', {})]);
    await expect(store.append('vrt/program-1', [event('vrt', 'A', {})], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      expected: 'no_stream',
      actual: 0,
    });
    await expect(store.append('vrt/program-2', [event('vrt', 'A', {})], { expectedRevision: 'exists' })).rejects.toMatchObject({ actual: null });
  });

  it('answers re-appends of the same ids with the original positions, with any expected form', async () => {
    const { store, fake } = open();
    const events = [event('vrt', 'A', { n: 1 }, { eventId: uuidv7() }), event('vrt', 'B', { n: 2 }, { eventId: uuidv7() })];
    const first = await store.append('vrt/application-1', events, { expectedRevision: 'no_stream' });
    expect(await store.append('vrt/application-1', events, { expectedRevision: 'no_stream' })).toEqual(first);
    await store.append('vrt/application-1', [event('vrt', 'C', {})], { expectedRevision: 1 });
    expect(await store.append('vrt/application-1', events, { expectedRevision: 'any' })).toEqual(first);
    expect(await store.append('vrt/application-1', events)).toEqual(first);
    expect(fake.log.filter((e) => e.streamId === 'vrt/application-1')).toHaveLength(3);
    await expect(store.append('vrt/application-1', [event('vrt', 'D', {}), events[0] as never])).rejects.toBeInstanceOf(EventStoreValidationError);
    // Another stream of the tenant: found through the hash chain.
    await expect(store.append('vrt/application-2', [events[0] as never])).rejects.toThrow(/already stored in vrt\/application-1/);
    expect(await store.streamRevision('vrt/application-2')).toBeNull();
  });

  it('refuses appendMany over several streams when the server has no multi-stream append, writing nothing', async () => {
    const { store, fake } = open();
    const error = await store
      .appendMany([
        { streamId: 'vrt/program-m', events: [event('vrt', 'A', {})] },
        { streamId: 'vrt/pair-m', events: [event('vrt', 'B', {})] },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as Error).message).toMatch(/25\.1/);
    expect(fake.log).toEqual([]);
    expect(await store.supportsAtomicMultiStream()).toBe(false);
    fake.multiStream = true;
    const other = open(fake).store;
    expect(await other.supportsAtomicMultiStream()).toBe(true);
    const results = await other.appendMany([
      { streamId: 'vrt/program-m', events: [event('vrt', 'A', {})], expectedRevision: 'no_stream' },
      { streamId: 'vrt/pair-m', events: [event('vrt', 'B', {}), event('vrt', 'C', {})], expectedRevision: 'no_stream' },
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
    expect((await other.readStream('vrt/pair-m')).map((e) => e.type)).toEqual(['B', 'C']);
  });

  it('seals on append; leaves events unsealed (0/null) without it until seal(); concurrent sealers do not fork', async () => {
    const fake = new FakeKurrentClient();
    const writer = open(fake, { sealOnAppend: false }).store;
    for (let i = 0; i < 6; i++) await writer.append(`vrt/program-${i % 2}`, [event('vrt', 'A', { i })]);
    await writer.append('other/program-1', [event('other', 'A', {})]);
    expect((await writer.readAll({ tenant: 'vrt' })).map((e) => [e.tenantSequence, e.hash])).toEqual(Array.from({ length: 6 }, () => [0, null]));
    const sealers = [open(fake).store, open(fake).store, open(fake).store];
    const counts = await Promise.all(sealers.map((s) => s.seal('vrt')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(fake.log.filter((e) => e.streamId === chainStreamName('vrt'))).toHaveLength(6);
    const sealed = await writer.readAll({ tenant: 'vrt' });
    expect(sealed.map((e) => e.tenantSequence)).toEqual([1, 2, 3, 4, 5, 6]);
    let previous = GENESIS_HASH;
    for (const e of sealed) {
      previous = chainHash(previous, {
        eventId: e.eventId,
        type: e.type,
        streamId: e.streamId,
        streamRevision: e.streamRevision,
        tenantSequence: e.tenantSequence,
        metadata: JSON.stringify(e.metadata),
        data: JSON.stringify(e.data),
        personal: e.personal === null ? null : JSON.stringify(e.personal),
      });
      expect(e.hash).toBe(previous);
    }
    const sealing = open(fake).store;
    await sealing.append('vrt/program-9', [event('vrt', 'Z', {})]);
    expect((await sealing.readStream('vrt/program-9'))[0]).toMatchObject({ tenantSequence: 7 });
    const stats = await sealing.stats();
    expect(stats).toMatchObject({ kind: 'kurrentdb', events: 8, streams: 4 });
    expect(stats.tenants).toEqual([
      { tenant: 'other', events: 1, headHash: null },
      { tenant: 'vrt', events: 7, headHash: (await sealing.readStream('vrt/program-9'))[0]?.hash },
    ]);
  });

  it('reads the log in pages, exclusive from / inclusive to, filtered by tenant, type and correlation key', async () => {
    const { store } = open();
    const ck = (key: string) => ({ metadata: { correlationKey: key } as never });
    await store.append('t1/program-p1', [event('t1', 'ProgramDrafted', {}, ck('p1'))]);
    await store.append('t2/program-p1', [event('t2', 'ProgramDrafted', {}, ck('p1'))]);
    await store.append('t1/application-a1', [event('t1', 'ApplicationSubmitted', {}, ck('p1')), event('t1', 'ApplicationSubmitted', {}, ck('p2'))]);
    await store.append('t1/program-p1', [event('t1', 'ApplicationWindowOpened', {}, ck('p1'))]);
    const all = await store.readAll({ tenant: 't1' });
    expect(all.map((e) => e.type)).toEqual(['ProgramDrafted', 'ApplicationSubmitted', 'ApplicationSubmitted', 'ApplicationWindowOpened']);
    const cps = all.map((e) => e.checkpoint);
    expect([...cps].sort()).toEqual(cps);
    expect((await store.readAll({ tenant: 't1', from: cps[1] })).map((e) => e.checkpoint)).toEqual(cps.slice(2));
    expect((await store.readAll({ tenant: 't1', from: cps[0], to: cps[2] })).map((e) => e.checkpoint)).toEqual(cps.slice(1, 3));
    expect((await store.readAll({ tenant: 't1', limit: 1, from: cps[0] })).map((e) => e.checkpoint)).toEqual(cps.slice(1, 2));
    expect((await store.readAll({ tenant: 't1', correlationKey: 'p1' })).map((e) => e.type)).toEqual([
      'ProgramDrafted',
      'ApplicationSubmitted',
      'ApplicationWindowOpened',
    ]);
    expect((await store.readAll({ types: ['ProgramDrafted'] })).map((e) => e.streamId)).toEqual(['t1/program-p1', 't2/program-p1']);
    expect((await store.readAll({ tenant: 't1', types: ['ApplicationSubmitted'], limit: 1 })).length).toBe(1);
    expect(await store.readAll({ tenant: 't1', types: [] })).toEqual([]);
    expect((await store.readAll({})).every((e) => !e.streamId.startsWith('tandem.chain'))).toBe(true);
    expect(await store.headCheckpoint()).toBe(cps[3]);
  });

  it('subscribes: catches up in batches, announces caught-up after the last old event, then delivers live, exactly once', async () => {
    const { store } = open();
    for (let i = 0; i < 30; i++) await store.append('t1/program-s', [event('t1', 'Before', { i })]);
    await store.append('t2/program-s', [event('t2', 'Other', {})]);
    const received: RecordedEvent[] = [];
    const sizes: number[] = [];
    let caughtUpAt: string | null | undefined;
    let inHandler = 0;
    const subscription = store.subscribe({ tenant: 't1', batchSize: 7, onCaughtUp: (c) => (caughtUpAt = c) }, async (events) => {
      inHandler += 1;
      expect(inHandler).toBe(1); // never two batches at once
      sizes.push(events.length);
      await new Promise((r) => setTimeout(r, 2));
      received.push(...events);
      inHandler -= 1;
    });
    await subscription.caughtUp;
    expect(received.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(caughtUpAt).toBe(received[29]?.checkpoint);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    for (let i = 30; i < 40; i++) await store.append(`t1/application-${i % 3}`, [event('t1', 'After', { i })]);
    const deadline = Date.now() + 5000;
    while (received.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await subscription.stop();
    await subscription.done;
    expect(received.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(received.every((e) => e.tenantSequence > 0)).toBe(true);
    expect(subscription.checkpoint).toBe(received[39]?.checkpoint);

    // Resuming from a checkpoint is exclusive and filters by type.
    const resumed: RecordedEvent[] = [];
    const again = store.subscribe({ tenant: 't1', types: ['After'], from: received[34]?.checkpoint ?? null }, (events) => {
      resumed.push(...events);
    });
    await again.caughtUp;
    await again.stop();
    expect(resumed.map((e) => (e.data as { i: number }).i)).toEqual([35, 36, 37, 38, 39]);
  });

  it('announces caught-up at once on an empty log, and rejects done when the handler throws', async () => {
    const { store } = open();
    let announced: string | null | undefined;
    const empty = store.subscribe({ tenant: 'nobody', onCaughtUp: (c) => (announced = c) }, () => undefined);
    await empty.caughtUp;
    expect(announced).toBeNull();
    await empty.stop();
    await store.append('t1/program-1', [event('t1', 'A', {})]);
    const failing = store.subscribe({}, () => {
      throw new Error('projector broke');
    });
    await expect(failing.done).rejects.toThrow('projector broke');
    await store.close();
  });
});
