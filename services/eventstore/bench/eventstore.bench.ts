/**
 * Event store benchmark: each of our operations beside the same work done with the raw driver
 * on the same database, with the same durability, in the same run.
 *
 *   npx tsx bench/eventstore.bench.ts [--scale small|full] [--only sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { fastUuidv7 as uuidv7 } from '../src/core/uuid';
import { chainHash, type EventStore, GENESIS_HASH, type NewEvent, type RecordedEvent } from '../src/index';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { INSERT_SQL, SELECT_COLUMNS, SqliteEventStore } from '../src/sqlite/sqlite-event-store';

export type Scale = 'small' | 'full';

export interface Measure {
  operation: string;
  events: number;
  oursPerSecond: number;
  rawPerSecond: number;
  ratio: number;
  goal: number;
  met: boolean;
}

export interface AdapterResult {
  adapter: 'sqlite' | 'postgres';
  durability: string;
  measures: Measure[];
  chain: { hashMicrosPerEvent: number; shareOfSingleAppend: number };
  /** Informational, not a goal: the raw read plus `JSON.parse` of each row's data, the least a reader that returns objects must do. */
  rawReadParsedPerSecond?: number;
  /**
   * Informational, not a goal: the raw driver reading our own table's columns (every field a
   * recorded event carries), as arrays, without parsing anything, as a share of the plain raw
   * SELECT timed in the same interleaved rounds: what the layout alone costs.
   */
  rawReadOwnColumns?: { perSecond: number; ofRawSelect: number };
  /**
   * Informational, not a goal: single INSERTs into our own table (its indexes), each in its
   * own write transaction like an append, through the raw driver with none of the adapter's code,
   * as a share of the plain raw INSERT timed in the same interleaved rounds: what the layout alone
   * leaves of the single-append goal.
   */
  rawInsertOwnLayout?: { perSecond: number; ofRawInsert: number; indexes: number };
  /** Informational, not a goal: the same for INSERTs in batches of 100, one write transaction a batch. */
  rawBatchOwnLayout?: { perSecond: number; ofRawInsert: number; indexes: number };
}

const SIZES: Record<Scale, { single: number; batches: number }> = {
  small: { single: 2_000, batches: 200 },
  full: { single: 10_000, batches: 1_000 },
};

const TENANTS = ['vrt', 'lrrt', 'nmrt', 'gamert'];
const payload = (i: number) => ({
  applicationId: `app-${i}`,
  role: i % 3 === 0 ? 'mentor' : 'mentee',
  careerStage: i % 2 === 0 ? 'new_librarian' : 'student',
  topics: ['media-trends', 'professional-plans', 'networking'].slice(0, 1 + (i % 3)),
  capacity: 1 + (i % 3),
  note: 'x'.repeat(120),
});
const metadata = (tenant: string) => ({
  tenant,
  actor: 'bench',
  correlationId: 'bench',
  causationId: null,
  occurredAt: '2026-11-29T10:00:00.000Z',
  schemaVersion: 1,
  correlationKey: `${tenant}-program-1`,
});
const newEvent = (i: number, tenant: string): NewEvent => ({ type: 'ApplicationSubmitted', data: payload(i), metadata: metadata(tenant) });
const streamOf = (i: number) => {
  const tenant = TENANTS[i % TENANTS.length] as string;
  return { tenant, streamId: `${tenant}/application-${i % 500}` };
};

const rate = (events: number, ms: number) => Math.round((events / ms) * 1000);
const time = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

/** Rounds per operation: ours and raw alternate (ours first, then raw first, …), so drift over the run — caches warming, checkpoints, other load — falls on both. */
const ROUNDS = 4;

/** Each side's total time over ROUNDS alternating rounds; `work(round)` does that round's share. */
const interleaved = async (ours: (round: number) => Promise<unknown> | unknown, raw: (round: number) => Promise<unknown> | unknown) => {
  let oursMs = 0;
  let rawMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      oursMs += await time(() => ours(round));
      rawMs += await time(() => raw(round));
    } else {
      rawMs += await time(() => raw(round));
      oursMs += await time(() => ours(round));
    }
  }
  return { oursMs, rawMs };
};

/** The layout floor's figures: its rate and its share of the plain raw INSERT timed in the same rounds. */
const layoutShare = (events: number, timed: { oursMs: number; rawMs: number }, indexes: number) => ({
  perSecond: rate(events, timed.oursMs),
  ofRawInsert: Math.round((timed.rawMs / timed.oursMs) * 1000) / 1000,
  indexes,
});

/**
 * The layout floor's rows: event `i`'s columns as our table stores them (stream revisions and
 * tenant sequences counted here), from event_id to hash (the chain's genesis; nothing checks it).
 * Event `i` goes to the stream given, by default its own as `appendSingles` appends it.
 */
const layoutRows = () => {
  const revisions = new Map<string, number>();
  const sequences = new Map<string, number>();
  return (i: number, { tenant, streamId } = streamOf(i)): unknown[] => {
    const m = metadata(tenant);
    const revision = (revisions.get(streamId) ?? -1) + 1;
    const sequence = (sequences.get(tenant) ?? 0) + 1;
    revisions.set(streamId, revision);
    sequences.set(tenant, sequence);
    return [
      uuidv7(),
      streamId,
      revision,
      tenant,
      sequence,
      'ApplicationSubmitted',
      JSON.stringify(payload(i)),
      null,
      m.actor,
      m.correlationId,
      m.causationId,
      m.occurredAt,
      m.schemaVersion,
      m.correlationKey,
      GENESIS_HASH,
    ];
  };
};

/** The indices of one round's share of `n`. */
const share = (n: number, round: number) => ({ from: Math.floor((n * round) / ROUNDS), to: Math.floor((n * (round + 1)) / ROUNDS) });

/** Our side of a round of single-event appends (the same on every adapter). */
const appendSingles = async (store: EventStore, single: number, round: number) => {
  const { from, to } = share(single, round);
  for (let i = from; i < to; i++) {
    const { tenant, streamId } = streamOf(i);
    await store.append(streamId, [newEvent(i, tenant)]);
  }
};

/** Our side of a round of appends in batches of 100. */
const appendBatches = async (store: EventStore, batches: number, round: number) => {
  const { from, to } = share(batches, round);
  for (let b = from; b < to; b++) {
    const { tenant, streamId } = streamOf(b);
    await store.append(
      streamId,
      Array.from({ length: 100 }, (_, k) => newEvent(b * 100 + k, tenant)),
    );
  }
};

const measure = (operation: string, events: number, oursMs: number, rawMs: number, goal: number): Measure => {
  const oursPerSecond = rate(events, oursMs);
  const rawPerSecond = rate(events, rawMs);
  const ratio = oursPerSecond / rawPerSecond;
  return { operation, events, oursPerSecond, rawPerSecond, ratio: Math.round(ratio * 1000) / 1000, goal, met: ratio >= goal };
};

type Pair = { oursMs: number; rawMs: number };

const adapterMeasures = (single: number, batches: number, total: number, singles: Pair, batched: Pair, reads: Pair, catchUps: Pair): Measure[] => [
  measure('single-event appends', single, singles.oursMs, singles.rawMs, 0.7),
  measure('appends in batches of 100', batches * 100, batched.oursMs, batched.rawMs, 0.5),
  measure(`full read (pages of 1,000) ×${ROUNDS}`, total * ROUNDS, reads.oursMs, reads.rawMs, 0.5),
  measure(`catch-up subscription ×${ROUNDS}`, total * ROUNDS, catchUps.oursMs, catchUps.rawMs, 0.5),
];

const chainShare = (hashMicros: number, singleMs: number, single: number) => ({
  hashMicrosPerEvent: Math.round(hashMicros * 100) / 100,
  shareOfSingleAppend: Math.round((hashMicros / ((singleMs * 1000) / single)) * 1000) / 1000,
});

const readEverything = async (store: EventStore): Promise<number> => {
  let from: string | null = null;
  let n = 0;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ from, limit: 1000 });
    if (page.length === 0) return n;
    n += page.length;
    from = (page[page.length - 1] as RecordedEvent).checkpoint;
  }
};

const catchUp = (store: EventStore, total: number): Promise<void> =>
  new Promise((resolve, reject) => {
    let n = 0;
    const subscription = store.subscribe({ batchSize: 1000 }, (events) => {
      n += events.length;
      if (n >= total) {
        subscription.stop().then(resolve, reject);
      }
    });
    subscription.done.catch(reject);
  });

const chainCost = (): number => {
  const link = {
    eventId: uuidv7(),
    type: 'ApplicationSubmitted',
    streamId: 'vrt/application-1',
    streamRevision: 3,
    tenantSequence: 9,
    metadata: JSON.stringify(metadata('vrt')),
    data: JSON.stringify(payload(1)),
    personal: null,
  };
  const n = 20_000;
  let hash = GENESIS_HASH;
  const start = performance.now();
  for (let i = 0; i < n; i++) hash = chainHash(hash, link);
  return ((performance.now() - start) * 1000) / n;
};

const RAW_TABLE =
  'CREATE TABLE raw_events (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)';
const RAW_INSERT = 'INSERT INTO raw_events (event_id, stream_id, type, data, metadata) VALUES (?, ?, ?, ?, ?)';

/** A raw database with the raw table, at the store's durability (WAL, synchronous=FULL). */
const openRaw = (filename: string) => {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_TABLE);
  return { db, insert: db.prepare(RAW_INSERT) };
};

export const benchSqlite = async (scale: Scale): Promise<AdapterResult> => {
  const { single, batches } = SIZES[scale];
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  try {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'FULL' });
    const { db: raw, insert } = openRaw(join(dir, 'raw.sqlite'));
    const insertBatch = raw.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row);
    });
    const rawRow = (i: number) => {
      const { tenant, streamId } = streamOf(i);
      return [uuidv7(), streamId, 'ApplicationSubmitted', JSON.stringify(payload(i)), JSON.stringify(metadata(tenant))];
    };
    const durability = `journal_mode=${store.db.pragma('journal_mode', { simple: true })}, synchronous=${
      ['OFF', 'NORMAL', 'FULL', 'EXTRA'][store.db.pragma('synchronous', { simple: true }) as number]
    } (both databases)`;

    const singles = await interleaved(
      (round) => appendSingles(store, single, round),
      (round) => {
        const { from, to } = share(single, round);
        for (let i = from; i < to; i++) insert.run(...rawRow(i));
      },
    );
    /** Batch `b`'s raw rows: its 100 events, all in the batch's stream as `appendBatches` appends them. */
    const rawBatchRows = (b: number) => {
      const { streamId } = streamOf(b);
      return Array.from({ length: 100 }, (_, k) => {
        const row = rawRow(b * 100 + k);
        row[1] = streamId;
        return row;
      });
    };
    const batched = await interleaved(
      (round) => appendBatches(store, batches, round),
      (round) => {
        const { from, to } = share(batches, round);
        for (let b = from; b < to; b++) insertBatch(rawBatchRows(b));
      },
    );
    const total = single + batches * 100;
    const select = raw.prepare('SELECT id, event_id, stream_id, type, data, metadata FROM raw_events WHERE id > ? ORDER BY id LIMIT 1000');
    const rawSelect = () => {
      let last = 0;
      for (;;) {
        const rows = select.all(last) as { id: number }[];
        if (rows.length === 0) return;
        last = (rows[rows.length - 1] as { id: number }).id;
      }
    };
    // Reads: every round reads everything.
    const reads = await interleaved(() => readEverything(store), rawSelect);
    const catchUps = await interleaved(() => catchUp(store, total), rawSelect);
    const rawReadParsed = await time(() => {
      let last = 0;
      for (;;) {
        const rows = select.all(last) as { id: number; data: string }[];
        if (rows.length === 0) return;
        for (const row of rows) JSON.parse(row.data);
        last = (rows[rows.length - 1] as { id: number }).id;
      }
    });
    const own = new Database(join(dir, 'events.sqlite'), { readonly: true });
    const ownSelect = own.prepare(`SELECT ${SELECT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 1000`).raw(true);
    const ownColumns = await interleaved(() => {
      let last = 0;
      for (;;) {
        const rows = ownSelect.all(last) as [number][];
        if (rows.length === 0) return;
        last = (rows[rows.length - 1] as [number])[0];
      }
    }, rawSelect);
    own.close();
    // The same single INSERTs into a table of our layout (a store's file, written with the driver),
    // beside the plain raw INSERT into a raw table of its own (the main one must keep the rows
    // the read rounds compare with ours).
    const layout = new SqliteEventStore({ filename: join(dir, 'layout.sqlite'), synchronous: 'FULL' });
    const { db: rawLayout, insert: rawLayoutInsert } = openRaw(join(dir, 'raw-layout.sqlite'));
    const layoutInsert = layout.db.prepare(INSERT_SQL);
    const layoutRow = layoutRows();
    const layoutAppend = layout.db.transaction((i: number) => {
      const row = layoutRow(i);
      // The SQLite adapter writes recorded_at itself, the column before the hash.
      row.splice(-1, 0, new Date().toISOString());
      layoutInsert.run(...row);
    });
    const layoutBatch = layout.db.transaction((b: number) => {
      const recordedAt = new Date().toISOString();
      for (let k = 0; k < 100; k++) {
        const row = layoutRow(b * 100 + k, streamOf(b));
        row.splice(-1, 0, recordedAt);
        layoutInsert.run(...row);
      }
    });
    const rawLayoutBatch = rawLayout.transaction((rows: unknown[][]) => {
      for (const row of rows) rawLayoutInsert.run(...row);
    });
    const layoutSingles = await interleaved(
      (round) => {
        const { from, to } = share(single, round);
        for (let i = from; i < to; i++) layoutAppend.immediate(i);
      },
      (round) => {
        const { from, to } = share(single, round);
        for (let i = from; i < to; i++) rawLayoutInsert.run(...rawRow(i));
      },
    );
    const layoutBatches = await interleaved(
      (round) => {
        const { from, to } = share(batches, round);
        for (let b = from; b < to; b++) layoutBatch.immediate(b);
      },
      (round) => {
        const { from, to } = share(batches, round);
        for (let b = from; b < to; b++) rawLayoutBatch(rawBatchRows(b));
      },
    );
    await layout.close();
    rawLayout.close();
    const hashMicros = chainCost();
    await store.close();
    raw.close();
    return {
      adapter: 'sqlite',
      durability,
      rawReadParsedPerSecond: rate(total, rawReadParsed),
      rawInsertOwnLayout: layoutShare(single, layoutSingles, 4),
      rawBatchOwnLayout: layoutShare(batches * 100, layoutBatches, 4),
      rawReadOwnColumns: {
        perSecond: rate(total * ROUNDS, ownColumns.oursMs),
        ofRawSelect: Math.round((ownColumns.rawMs / ownColumns.oursMs) * 1000) / 1000,
      },
      measures: adapterMeasures(single, batches, total, singles, batched, reads, catchUps),
      chain: chainShare(hashMicros, singles.oursMs, single),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const benchPostgres = async (scale: Scale, url: string): Promise<AdapterResult> => {
  const { single, batches } = SIZES[scale];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `tandem_bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    const store = new PostgresEventStore({ connectionString: dbUrl.toString() });
    await store.init();
    const raw = new pg.Client({ connectionString: dbUrl.toString() });
    await raw.connect();
    await raw.query(
      'CREATE TABLE raw_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL, type text NOT NULL, data json NOT NULL, metadata json NOT NULL)',
    );
    const settings = await raw.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method') ORDER BY name",
    );
    const durability = `${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')} (same server and database)`;
    const rawRow = (i: number) => {
      const { tenant, streamId } = streamOf(i);
      return [uuidv7(), streamId, 'ApplicationSubmitted', JSON.stringify(payload(i)), JSON.stringify(metadata(tenant))];
    };

    /** A round's share of single INSERTs through the raw driver, each its own statement and transaction. */
    const insertEach = (name: string, text: string, row: (i: number) => unknown[]) => async (round: number) => {
      const { from, to } = share(single, round);
      for (let i = from; i < to; i++) await raw.query({ name, text, values: row(i) });
    };
    const rawInsert = (table: string) => `INSERT INTO ${table} (event_id, stream_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)`;
    /** A round's share of batches of 100 rows through the raw driver, one INSERT of arrays (`unnest`) each. */
    const insertBatches = (name: string, text: string, rows: (b: number) => unknown[][]) => async (round: number) => {
      const { from, to } = share(batches, round);
      for (let b = from; b < to; b++) {
        const batch = rows(b);
        await raw.query({ name, text, values: (batch[0] as unknown[]).map((_, c) => batch.map((r) => r[c])) });
      }
    };
    const rawInsertBatch = (table: string) =>
      `INSERT INTO ${table} (event_id, stream_id, type, data, metadata) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::json[], $5::json[])`;
    const rawBatchRows = (b: number) => Array.from({ length: 100 }, (_, k) => rawRow(b * 100 + k));

    const singles = await interleaved((round) => appendSingles(store, single, round), insertEach('raw-insert', rawInsert('raw_events'), rawRow));
    const batched = await interleaved(
      (round) => appendBatches(store, batches, round),
      insertBatches('raw-insert-100', rawInsertBatch('raw_events'), rawBatchRows),
    );
    const total = single + batches * 100;
    const rawSelect = async () => {
      let last = '0';
      for (;;) {
        const { rows } = await raw.query<{ id: string }>({
          name: 'raw-select',
          text: 'SELECT id, event_id, stream_id, type, data, metadata FROM raw_events WHERE id > $1 ORDER BY id LIMIT 1000',
          values: [last],
        });
        if (rows.length === 0) return;
        last = (rows[rows.length - 1] as { id: string }).id;
      }
    };
    const reads = await interleaved(() => readEverything(store), rawSelect);
    const catchUps = await interleaved(() => catchUp(store, total), rawSelect);
    // The same single INSERTs into a copy of our table (its six indexes and defaults; not the
    // notify trigger, which measured free), beside the plain raw INSERT into a fresh raw table:
    // the floor our layout sets, with none of the adapter's code and no precondition.
    await raw.query('CREATE TABLE layout_events (LIKE tandem_events INCLUDING ALL)');
    await raw.query('CREATE TABLE raw_layout_events (LIKE raw_events INCLUDING ALL)');
    const layoutRow = layoutRows();
    const layoutSingles = await interleaved(
      insertEach(
        'layout-insert',
        `INSERT INTO layout_events (event_id, stream_id, stream_revision, tenant, tenant_seq, type, data, personal, actor, correlation_id,
           causation_id, occurred_at, schema_version, correlation_key, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING stream_revision, global_position, transaction_id::text`,
        layoutRow,
      ),
      insertEach('raw-layout-insert', rawInsert('raw_layout_events'), rawRow),
    );
    // Batches of 100 the same way, each batch's events in one stream as `appendBatches` sends them.
    const layoutBatches = await interleaved(
      insertBatches(
        'layout-insert-100',
        `INSERT INTO layout_events (event_id, stream_id, stream_revision, tenant, tenant_seq, type, data, personal, actor, correlation_id,
           causation_id, occurred_at, schema_version, correlation_key, hash)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::text[], $7::json[], $8::json[], $9::text[], $10::text[],
           $11::text[], $12::text[], $13::int[], $14::text[], $15::text[])
         RETURNING stream_revision, global_position, transaction_id::text`,
        (b) => Array.from({ length: 100 }, (_, k) => layoutRow(b * 100 + k, streamOf(b))),
      ),
      insertBatches('raw-layout-insert-100', rawInsertBatch('raw_layout_events'), rawBatchRows),
    );
    const hashMicros = chainCost();
    await raw.end();
    await store.close();
    return {
      adapter: 'postgres',
      durability,
      rawInsertOwnLayout: layoutShare(single, layoutSingles, 6),
      rawBatchOwnLayout: layoutShare(batches * 100, layoutBatches, 6),
      measures: adapterMeasures(single, batches, total, singles, batched, reads, catchUps),
      // Both adapters hash in Node at append time (core/hash.ts).
      chain: chainShare(hashMicros, singles.oursMs, single),
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
};

export const printAdapterResult = (result: AdapterResult): void => {
  console.log(`\n${result.adapter} — ${result.durability}`);
  console.table(
    result.measures.map((m) => ({
      operation: m.operation,
      events: m.events,
      'ours (events/s)': m.oursPerSecond,
      'raw driver (events/s)': m.rawPerSecond,
      ratio: m.ratio,
      goal: `≥ ${m.goal}`,
      met: m.met ? 'yes' : 'NO',
    })),
  );
  if (result.rawInsertOwnLayout) {
    const { perSecond, ofRawInsert, indexes } = result.rawInsertOwnLayout;
    console.log(
      `informational: raw single INSERTs into our table's layout (its ${indexes} indexes), one write transaction each, no adapter code = ${perSecond} events/s, ${ofRawInsert} of the plain raw INSERT in the same rounds (the layout's own ceiling, measured in rounds of its own)`,
    );
  }
  if (result.rawBatchOwnLayout) {
    const { perSecond, ofRawInsert, indexes } = result.rawBatchOwnLayout;
    console.log(
      `informational: raw INSERTs in batches of 100 into our table's layout (its ${indexes} indexes), one write transaction a batch, no adapter code = ${perSecond} events/s, ${ofRawInsert} of the plain raw batched INSERT in the same rounds (the layout's own ceiling for batches)`,
    );
  }
  const read = result.measures.find((m) => m.operation.startsWith('full read'));
  if (result.rawReadParsedPerSecond && read) {
    console.log(
      `informational: raw SELECT + JSON.parse(data) = ${result.rawReadParsedPerSecond} events/s; ours is ${(read.oursPerSecond / result.rawReadParsedPerSecond).toFixed(3)} of it (goals use the plain raw SELECT)`,
    );
  }
  if (result.rawReadOwnColumns && read) {
    const { perSecond, ofRawSelect } = result.rawReadOwnColumns;
    console.log(
      `informational: raw SELECT of our table's ${SELECT_COLUMNS.split(',').length} columns, nothing parsed = ${perSecond} events/s, ${ofRawSelect} of the plain raw SELECT in the same rounds (the most any reader of this layout could reach)`,
    );
  }
  console.log(`hash chain: ${result.chain.hashMicrosPerEvent} µs per event = ${(result.chain.shareOfSingleAppend * 100).toFixed(1)}% of a single append`);
};

export const runEventStoreBench = async (options: { scale: Scale; only?: string; databaseUrl?: string }): Promise<AdapterResult[]> => {
  const results: AdapterResult[] = [];
  if (!options.only || options.only === 'sqlite' || options.only === 'eventstore') {
    const r = await benchSqlite(options.scale);
    printAdapterResult(r);
    results.push(r);
  }
  if (!options.only || options.only === 'postgres' || options.only === 'eventstore') {
    const url = options.databaseUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const r = await benchPostgres(options.scale, url);
    printAdapterResult(r);
    results.push(r);
  }
  return results;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const scale = (arg('scale') ?? 'small') as Scale;
  await runEventStoreBench({ scale, ...(arg('only') ? { only: arg('only') as string } : {}) });
}
