import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalMetadata } from '../src/core/hash';
import {
  ConcurrencyError,
  chainHash,
  type EventStore,
  EventStoreValidationError,
  GENESIS_HASH,
  MAX_EVENT_BYTES,
  type NewEvent,
  type RecordedEvent,
} from '../src/index';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const node = (script: string, args: string[]) => [process.execPath, ['--import', 'tsx', fixture(script), ...args]] as const;

export interface ContractTarget {
  /** Opens a store on the shared database (every call: a new connection to the same data). */
  open(): Promise<EventStore>;
  /** A URL another process can open the same store with. */
  url: string;
  /** Whether appendMany over several streams is atomic. */
  atomicMultiStream: boolean;
}

let counter = 0;
/** A fresh tenant per test keeps tests apart on a shared database. */
export const freshTenant = () => `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const event = (tenant: string, type: string, data: unknown, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  metadata: {
    tenant,
    actor: 'user-1',
    correlationId: 'corr-1',
    causationId: null,
    occurredAt: '2026-11-29T10:00:00.000Z',
    schemaVersion: 1,
    ...(extra.metadata ?? {}),
  },
  ...(extra.eventId ? { eventId: extra.eventId } : {}),
  ...(extra.personal !== undefined ? { personal: extra.personal } : {}),
});

const readEverything = async (store: EventStore, tenant: string): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  let from: string | null = null;
  for (;;) {
    const page = await store.readAll({ tenant, from, limit: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
    from = (page[page.length - 1] as RecordedEvent).checkpoint;
  }
};

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

export const describeEventStoreContract = (name: string, target: () => ContractTarget) => {
  describe(`${name}: event store contract`, () => {
    let store: EventStore;
    let t: ContractTarget;
    beforeAll(async () => {
      t = target();
      store = await t.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('appending and reading a stream', () => {
      it('appends events with revisions 0..n and reads them forwards and backwards with bounds', async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/program-1`;
        const result = await store.append(
          stream,
          [0, 1, 2, 3, 4].map((i) => event(tenant, 'Numbered', { i })),
          { expectedRevision: 'no_stream' },
        );
        expect(result.nextExpectedRevision).toBe(4);
        expect(result.events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
        const forwards = await store.readStream(stream);
        expect(forwards.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
        expect((await store.readStream(stream, { from: 1, to: 3 })).map((e) => e.streamRevision)).toEqual([1, 2, 3]);
        expect((await store.readStream(stream, { direction: 'backwards' })).map((e) => e.streamRevision)).toEqual([4, 3, 2, 1, 0]);
        expect((await store.readStream(stream, { direction: 'backwards', from: 3, limit: 2 })).map((e) => e.streamRevision)).toEqual([3, 2]);
        expect(await store.readStream(`${tenant}/program-none`)).toEqual([]);
        expect(await store.streamRevision(stream)).toBe(4);
        expect(await store.streamRevision(`${tenant}/program-none`)).toBeNull();
      });

      it('keeps the envelope: metadata, personal part, ids, recordedAt, checkpoint', async () => {
        const tenant = freshTenant();
        const eventId = uuidv7();
        const [appended] = (
          await store.append(`${tenant}/person-ada`, [
            event(
              tenant,
              'PersonRegistered',
              { personId: 'ada' },
              { eventId, personal: { keyId: 'k1', ciphertext: 'AAEC' }, metadata: { correlationKey: 'program-1' } as never },
            ),
          ])
        ).events;
        const [read] = await store.readStream(`${tenant}/person-ada`);
        expect(read).toMatchObject({
          eventId,
          type: 'PersonRegistered',
          data: { personId: 'ada' },
          personal: { keyId: 'k1', ciphertext: 'AAEC' },
          metadata: {
            tenant,
            actor: 'user-1',
            correlationId: 'corr-1',
            causationId: null,
            occurredAt: '2026-11-29T10:00:00.000Z',
            schemaVersion: 1,
            correlationKey: 'program-1',
          },
          streamId: `${tenant}/person-ada`,
          streamRevision: 0,
          tenantSequence: 1,
        });
        expect(read?.checkpoint).toBe(appended?.checkpoint);
        expect(read?.globalPosition).toBe(appended?.globalPosition);
        expect(Number.isNaN(Date.parse(read?.recordedAt ?? ''))).toBe(false);
      });
    });

    describe('expected revision', () => {
      it("honours 'no_stream', 'exists', 'any' and a number, raising a typed ConcurrencyError", async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/application-7`;
        await expect(store.append(stream, [event(tenant, 'A', {})], { expectedRevision: 'exists' })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.append(stream, [event(tenant, 'A', {})], { expectedRevision: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
        await store.append(stream, [event(tenant, 'A', {})], { expectedRevision: 'no_stream' });
        const error = await store.append(stream, [event(tenant, 'A', {})], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ code: 'CONFLICT', streamId: stream, expected: 'no_stream', actual: 0 });
        await store.append(stream, [event(tenant, 'B', {})], { expectedRevision: 'exists' });
        await store.append(stream, [event(tenant, 'C', {})], { expectedRevision: 1 });
        await expect(store.append(stream, [event(tenant, 'D', {})], { expectedRevision: 1 })).rejects.toMatchObject({ actual: 2 });
        await store.append(stream, [event(tenant, 'D', {})], { expectedRevision: 'any' });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('lets exactly one of 8 simultaneous appends at the same revision win, round after round', async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/program-race`;
        await store.append(stream, [event(tenant, 'Opened', {})]);
        const others = await Promise.all(Array.from({ length: 7 }, () => t.open()));
        const stores = [store, ...others];
        try {
          for (let round = 0; round < 10; round++) {
            const outcomes = await Promise.allSettled(
              stores.map((s, i) => s.append(stream, [event(tenant, 'Raced', { round, i })], { expectedRevision: round })),
            );
            expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
            for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
          }
        } finally {
          await Promise.all(others.map((s) => s.close()));
        }
        const events = await store.readStream(stream);
        expect(events.map((e) => e.streamRevision)).toEqual(Array.from({ length: 11 }, (_, i) => i));
      });

      it('8 concurrent appender processes on one stream: nothing lost, nothing doubled, one winner per revision', async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/program-procs`;
        const perProcess = 15;
        const outputs = await Promise.all(
          Array.from({ length: 8 }, (_, i) => {
            const [cmd, args] = node('appender.ts', [t.url, stream, `p${i}`, String(perProcess)]);
            return run(cmd, [...args], { maxBuffer: 1 << 20 }).then((r) => JSON.parse(r.stdout) as { name: string; won: number[] });
          }),
        );
        const won = outputs.flatMap((o) => o.won).sort((a, b) => a - b);
        expect(won).toEqual(Array.from({ length: 8 * perProcess }, (_, i) => i));
        const events = await store.readStream(stream);
        expect(events).toHaveLength(8 * perProcess);
        for (const o of outputs) {
          const mine = events.filter((e) => (e.data as { by: string }).by === o.name);
          expect(mine.map((e) => e.streamRevision).sort((a, b) => a - b)).toEqual([...o.won].sort((a, b) => a - b));
          expect(mine.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: perProcess }, (_, i) => i));
        }
      }, 120_000);
    });

    describe('idempotency', () => {
      it('re-appending the same event ids returns the same positions and writes nothing', async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/application-idem`;
        const events = [event(tenant, 'A', { n: 1 }, { eventId: uuidv7() }), event(tenant, 'B', { n: 2 }, { eventId: uuidv7() })];
        const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
        const again = await store.append(stream, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        const later = await store.append(stream, [event(tenant, 'C', {})], { expectedRevision: 1 });
        expect(await store.append(stream, events, { expectedRevision: 'any' })).toEqual(first);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect(later.nextExpectedRevision).toBe(2);
      });

      it('rejects an append that repeats only some earlier event ids, writing nothing', async () => {
        const tenant = freshTenant();
        const stream = `${tenant}/application-partial`;
        const a = event(tenant, 'A', {}, { eventId: uuidv7() });
        await store.append(stream, [a]);
        await expect(store.append(stream, [event(tenant, 'B', {}), a])).rejects.toBeInstanceOf(EventStoreValidationError);
        await expect(store.append(`${tenant}/application-other`, [a])).rejects.toBeInstanceOf(EventStoreValidationError);
        expect(await store.readStream(stream)).toHaveLength(1);
        expect(await store.streamRevision(`${tenant}/application-other`)).toBeNull();
      });
    });

    describe('several streams in one call', () => {
      it('appends to several streams atomically where the adapter can', async () => {
        const tenant = freshTenant();
        const results = await store.appendMany([
          { streamId: `${tenant}/program-m`, events: [event(tenant, 'PairProposed', {})], expectedRevision: 'no_stream' },
          {
            streamId: `${tenant}/pair-m1`,
            events: [event(tenant, 'CheckInScheduled', {}), event(tenant, 'CheckInScheduled', {})],
            expectedRevision: 'no_stream',
          },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
        if (!t.atomicMultiStream) return;
        await expect(
          store.appendMany([
            { streamId: `${tenant}/program-m`, events: [event(tenant, 'PairConfirmed', {})], expectedRevision: 0 },
            { streamId: `${tenant}/pair-m1`, events: [event(tenant, 'CheckInHeld', {})], expectedRevision: 0 },
          ]),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.streamRevision(`${tenant}/program-m`)).toBe(0);
        expect(await store.streamRevision(`${tenant}/pair-m1`)).toBe(1);
      });
    });

    describe('reading the whole log', () => {
      it('reads in one global order from a checkpoint, filtered by tenant, type and correlation key', async () => {
        const tenant = freshTenant();
        const other = freshTenant();
        await store.append(`${tenant}/program-p1`, [event(tenant, 'ProgramDrafted', {}, { metadata: { correlationKey: 'p1' } as never })]);
        await store.append(`${other}/program-p1`, [event(other, 'ProgramDrafted', {}, { metadata: { correlationKey: 'p1' } as never })]);
        await store.append(`${tenant}/application-a1`, [event(tenant, 'ApplicationSubmitted', {}, { metadata: { correlationKey: 'p1' } as never })]);
        await store.append(`${tenant}/application-a2`, [event(tenant, 'ApplicationSubmitted', {}, { metadata: { correlationKey: 'p2' } as never })]);
        await store.append(`${tenant}/program-p1`, [event(tenant, 'ApplicationWindowOpened', {}, { metadata: { correlationKey: 'p1' } as never })]);

        const all = await store.readAll({ tenant });
        expect(all.map((e) => `${e.streamId}:${e.type}`)).toEqual([
          `${tenant}/program-p1:ProgramDrafted`,
          `${tenant}/application-a1:ApplicationSubmitted`,
          `${tenant}/application-a2:ApplicationSubmitted`,
          `${tenant}/program-p1:ApplicationWindowOpened`,
        ]);
        const checkpoints = all.map((e) => e.checkpoint);
        expect([...checkpoints].sort()).toEqual(checkpoints);
        expect(new Set(checkpoints).size).toBe(4);
        expect((await store.readAll({ tenant, from: checkpoints[1] })).map((e) => e.checkpoint)).toEqual(checkpoints.slice(2));
        expect((await store.readAll({ tenant, from: checkpoints[0], to: checkpoints[2] })).map((e) => e.checkpoint)).toEqual(checkpoints.slice(1, 3));
        expect((await store.readAll({ tenant, limit: 2 })).map((e) => e.checkpoint)).toEqual(checkpoints.slice(0, 2));
        expect((await store.readAll({ tenant, types: ['ApplicationSubmitted'] })).map((e) => e.streamId)).toEqual([
          `${tenant}/application-a1`,
          `${tenant}/application-a2`,
        ]);
        expect((await store.readAll({ tenant, correlationKey: 'p1' })).map((e) => e.type)).toEqual([
          'ProgramDrafted',
          'ApplicationSubmitted',
          'ApplicationWindowOpened',
        ]);
        expect((await store.readAll({ correlationKey: 'p1', tenant: other })).map((e) => e.metadata.tenant)).toEqual([other]);
        expect(await store.readAll({ tenant, types: [] })).toEqual([]);
        const head = await store.headCheckpoint();
        expect(head !== null && head >= (checkpoints[3] as string), `head ${head} is behind ${checkpoints[3]}`).toBe(true);
        const committed = await store.committedHead();
        expect(committed !== null && head !== null && committed >= head, `committed head ${committed} is behind the visible head ${head}`).toBe(true);
      });

      it('counts its events the way stats() does, or says it cannot', async () => {
        const tenant = freshTenant();
        await store.append(`${tenant}/program-count`, [event(tenant, 'A', {}), event(tenant, 'B', {})]);
        const count = await store.countEvents();
        const stats = await store.stats();
        if (count !== null) expect(count).toBe(stats.events);
        expect(stats.events).toBeGreaterThanOrEqual(2);
      });

      it('lists each tenant with its count and head, as stats() does', async () => {
        const [a, b] = [freshTenant(), freshTenant()];
        await store.append(`${a}/program-heads`, [event(a, 'A', {}), event(a, 'B', {})]);
        await store.append(`${b}/program-heads`, [event(b, 'A', {})]);
        await store.append(`${a}/application-heads`, [event(a, 'C', {})]);
        const heads = await store.tenantHeads();
        expect(heads.map((h) => h.tenant)).toEqual([...heads.map((h) => h.tenant)].sort());
        const last = async (tenant: string) => (await store.readAll({ tenant, limit: 10 })).at(-1)?.hash;
        expect(heads.find((h) => h.tenant === a)).toEqual({ tenant: a, events: 3, headHash: await last(a) });
        expect(heads.find((h) => h.tenant === b)).toEqual({ tenant: b, events: 1, headHash: await last(b) });
        expect(heads).toEqual((await store.stats()).tenants);
      });

      it('chains each tenant’s events: hash = H(previous hash, envelope, payload)', async () => {
        const tenant = freshTenant();
        await store.append(`${tenant}/program-h`, [event(tenant, 'A', { x: 'é' }), event(tenant, 'B', { y: [1, 2] }, { personal: { c: 'zz' } })]);
        await store.append(`${tenant}/application-h`, [event(tenant, 'C', {})]);
        const events = await store.readAll({ tenant });
        let previous = GENESIS_HASH;
        events.forEach((e, i) => {
          expect(e.tenantSequence).toBe(i + 1);
          if (e.hash === null) return;
          const expected = chainHash(previous, {
            eventId: e.eventId,
            type: e.type,
            streamId: e.streamId,
            streamRevision: e.streamRevision,
            tenantSequence: e.tenantSequence,
            metadata: canonicalMetadata(e.metadata),
            data: JSON.stringify(e.data),
            personal: e.personal === null ? null : JSON.stringify(e.personal),
          });
          expect(e.hash).toBe(expected);
          // The canonical text is the metadata's JSON as read back: a verifier needs nothing else.
          expect(canonicalMetadata(e.metadata)).toBe(JSON.stringify(e.metadata));
          previous = e.hash;
        });
        const stats = await store.stats();
        expect(stats.tenants.find((x) => x.tenant === tenant)).toMatchObject({ events: 3 });
      });

      it('writes 100k events and reads them back identical', async () => {
        const tenant = freshTenant();
        const written: { stream: string; data: unknown }[] = [];
        for (let batch = 0; batch < 1000; batch++) {
          const stream = `${tenant}/application-${batch % 50}`;
          const events = Array.from({ length: 100 }, (_, i) => {
            const data = { batch, i, text: `answer ${batch}-${i}`, tags: ['a', 'b'], score: (batch * 100 + i) / 7 };
            written.push({ stream, data });
            return event(tenant, 'ApplicationAmended', data);
          });
          await store.append(stream, events);
        }
        const read = await readEverything(store, tenant);
        expect(read).toHaveLength(100_000);
        for (let i = 0; i < read.length; i++) {
          const r = read[i] as RecordedEvent;
          const w = written[i] as { stream: string; data: unknown };
          if (r.streamId !== w.stream || JSON.stringify(r.data) !== JSON.stringify(w.data)) {
            expect({ at: i, stream: r.streamId, data: r.data }).toEqual({ at: i, stream: w.stream, data: w.data });
          }
        }
      }, 300_000);
    });

    describe('subscriptions', () => {
      it('catches up, then delivers live events exactly once and in order', async () => {
        const tenant = freshTenant();
        for (let i = 0; i < 30; i++) await store.append(`${tenant}/program-s`, [event(tenant, 'Before', { i })]);
        const received: RecordedEvent[] = [];
        let caughtUpAt: string | null | undefined;
        const subscription = store.subscribe({ tenant, batchSize: 7, onCaughtUp: (c) => (caughtUpAt = c) }, (events) => {
          received.push(...events);
        });
        await subscription.caughtUp;
        expect(received.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        expect(caughtUpAt).toBe(received[29]?.checkpoint);
        for (let i = 30; i < 60; i++) await store.append(`${tenant}/application-${i % 3}`, [event(tenant, 'After', { i })]);
        await waitFor(() => received.length >= 60, 10_000, '60 events');
        await new Promise((r) => setTimeout(r, 100));
        await subscription.stop();
        expect(received.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
        expect(received.map((e) => e.checkpoint)).toEqual((await store.readAll({ tenant })).map((e) => e.checkpoint));
        expect(subscription.checkpoint).toBe(received[59]?.checkpoint);
      });

      it('resumes from a checkpoint and filters by type', async () => {
        const tenant = freshTenant();
        await store.append(`${tenant}/program-r`, [event(tenant, 'A', { i: 0 }), event(tenant, 'B', { i: 1 }), event(tenant, 'A', { i: 2 })]);
        const all = await store.readAll({ tenant });
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ tenant, types: ['A'], from: all[0]?.checkpoint ?? null }, (events) => {
          received.push(...events);
        });
        await subscription.caughtUp;
        await store.append(`${tenant}/program-r`, [event(tenant, 'B', { i: 3 }), event(tenant, 'A', { i: 4 })]);
        await waitFor(() => received.length >= 2, 10_000, 'two events');
        await subscription.stop();
        expect(received.map((e) => (e.data as { i: number }).i)).toEqual([2, 4]);
      });

      it('a subscriber process killed with SIGKILL and restarted from its checkpoint misses and repeats nothing', async () => {
        const tenant = freshTenant();
        const sinkFile = join(mkdtempSync(join(tmpdir(), 'tandem-sink-')), 'sink.sqlite');
        const appended: string[] = [];
        const appendSome = async (n: number) => {
          for (let i = 0; i < n; i += 10) {
            const result = await store.append(
              `${tenant}/application-${i % 7}`,
              Array.from({ length: 10 }, (_, k) => event(tenant, 'Seen', { i: i + k })),
            );
            appended.push(...result.events.map((e) => e.eventId));
          }
        };
        await appendSome(600);
        const sinkCount = () => {
          let db: Database.Database | undefined;
          try {
            db = new Database(sinkFile, { readonly: true, fileMustExist: true });
            return (db.prepare('SELECT count(*) AS n FROM seen').get() as { n: number }).n;
          } catch {
            return 0; // not created yet
          } finally {
            db?.close();
          }
        };
        const start = () => {
          const [cmd, args] = node('subscriber.ts', [t.url, sinkFile, tenant]);
          const child = spawn(cmd, [...args], { stdio: ['ignore', 'ignore', 'inherit'] });
          return child;
        };
        const first = start();
        const writing = appendSome(600);
        await waitFor(() => sinkCount() >= 150, 60_000, 'the first subscriber to make progress');
        first.kill('SIGKILL');
        await new Promise((r) => first.once('exit', r));
        const atKill = sinkCount();
        await writing;
        const second = start();
        try {
          await waitFor(() => sinkCount() >= appended.length, 60_000, 'the restarted subscriber to catch up');
          await appendSome(100);
          await waitFor(() => sinkCount() >= appended.length, 30_000, 'live events after the restart');
          await new Promise((r) => setTimeout(r, 200));
        } finally {
          second.kill('SIGKILL');
          await new Promise((r) => second.once('exit', r));
        }
        const db = new Database(sinkFile, { readonly: true });
        const seen = db.prepare('SELECT event_id, checkpoint FROM seen ORDER BY n').all() as { event_id: string; checkpoint: string }[];
        db.close();
        expect(atKill).toBeLessThan(1200);
        expect(seen.map((s) => s.event_id)).toEqual((await readEverything(store, tenant)).map((e) => e.eventId));
        expect(new Set(seen.map((s) => s.event_id)).size).toBe(appended.length);
        expect(seen.map((s) => s.checkpoint)).toEqual([...seen.map((s) => s.checkpoint)].sort());
      }, 180_000);
    });

    describe('bad input is rejected with a clear error and nothing written', () => {
      const cases: [string, (tenant: string) => Promise<unknown>, RegExp][] = [
        ['an empty stream name', (tenant) => store.append('', [event(tenant, 'A', {})]), /stream name is empty/],
        ['a stream name without a tenant', (tenant) => store.append('program-1', [event(tenant, 'A', {})]), /malformed/],
        ['a stream name with spaces', (tenant) => store.append(`${tenant}/program 1`, [event(tenant, 'A', {})]), /malformed/],
        ['a stream of another tenant', (tenant) => store.append('other/program-1', [event(tenant, 'A', {})]), /does not match the stream's tenant/],
        [
          'an unknown expected-revision form',
          (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {})], { expectedRevision: 'latest' as never }),
          /not understood/,
        ],
        [
          'a fractional expected revision',
          (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {})], { expectedRevision: 1.5 }),
          /not understood/,
        ],
        ['a negative expected revision', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {})], { expectedRevision: -3 }), /not understood/],
        ['no events', (tenant) => store.append(`${tenant}/program-1`, []), /carries no events/],
        ['a BigInt in data', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', { n: 1n })]), /not JSON-serialisable \(a BigInt\)/],
        ['a function in data', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', { f: () => 1 })]), /not JSON-serialisable/],
        [
          'circular data',
          (tenant) => {
            const data: Record<string, unknown> = {};
            data.self = data;
            return store.append(`${tenant}/program-1`, [event(tenant, 'A', data)]);
          },
          /not JSON-serialisable/,
        ],
        ['NaN in data', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', { n: Number.NaN })]), /not JSON-serialisable \(the number NaN\)/],
        ['undefined data', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', undefined)]), /data is missing/],
        [
          'an event over the size limit',
          (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', { blob: 'x'.repeat(MAX_EVENT_BYTES) })]),
          /limit is 1048576 bytes/,
        ],
        ['a bad event type', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'no spaces', {})]), /type "no spaces"/],
        ['a malformed event id', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {}, { eventId: 'not-a-uuid' })]), /not a UUID/],
        [
          'a bad occurredAt',
          (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {}, { metadata: { occurredAt: 'yesterday' } as never })]),
          /not an ISO 8601 date/,
        ],
        ['a missing actor', (tenant) => store.append(`${tenant}/program-1`, [event(tenant, 'A', {}, { metadata: { actor: '' } as never })]), /metadata.actor/],
        [
          'a bad event among good ones, across streams',
          (tenant) =>
            store.appendMany([
              { streamId: `${tenant}/program-1`, events: [event(tenant, 'A', {})] },
              { streamId: `${tenant}/pair-1`, events: [event(tenant, 'A', { n: 1n })] },
            ]),
          /BigInt/,
        ],
      ];
      for (const [what, act, message] of cases) {
        it(`rejects ${what}`, async () => {
          const tenant = freshTenant();
          const error = await act(tenant).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(EventStoreValidationError);
          expect((error as Error).message).toMatch(message);
          expect(await store.readAll({ tenant })).toEqual([]);
          expect(await store.streamRevision(`${tenant}/program-1`)).toBeNull();
        });
      }
      it('rejects a checkpoint it did not issue', async () => {
        await expect(store.readAll({ from: 'garbage' })).rejects.toBeInstanceOf(EventStoreValidationError);
      });
    });
  });
};
