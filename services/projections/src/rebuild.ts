import type { SqlEntityManager } from '@mikro-orm/sql';
import type { KeyStore } from '@tandem/domain';
import { acceptsBystanders, type BystanderClient, type Checkpoint, type EventStore, hasSqlEnvelopes, type RecordedEvent } from '@tandem/eventstore';
import { ProjectionSet, RowState, toProjectionEvents } from './core/engine';
import { comparableRow, keyString, type TableDef } from './core/table';
import { analyzeSql, createIndexesSql, createTableSql, indexName } from './db/ddl';
import type { ReadModels } from './db/read-models-db';
import { auditEventTable, auditProjection, auditRowsSql } from './read-models/audit.projection';
import { projections as allProjections, readModelTables } from './read-models/index';
import { COPY_ROWS, flushBulk, ormSink, planFlush, rebuildName, runStatements, type Statement } from './writers/bulk-writer';
import { lockCheckpoint, writeCheckpoint } from './writers/live-writer';

export interface RebuildProgress {
  events: number;
  /** Events in the store when the rebuild started (null when unknown). */
  total: number | null;
  checkpoint: Checkpoint | null;
  phase: 'replay' | 'catch-up' | 'index' | 'analyze' | 'verify' | 'swap' | 'retire' | 'done';
}

export interface RebuildOptions {
  store: EventStore;
  keyStore: KeyStore;
  readModels: ReadModels;
  name?: string;
  /** Compare the rebuilt tables with the live ones instead of swapping them in. */
  verify?: boolean;
  /** Events read per page (default 2,000: see REBUILD_PAGE_EVENTS). */
  pageSize?: number;
  /** Changed rows kept before a flush (default 50,000). */
  flushRows?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface Difference {
  table: string;
  key: string;
  kind: 'missing-in-rebuild' | 'missing-in-live' | 'changed';
  columns?: { column: string; live: unknown; rebuilt: unknown }[];
}

export interface RebuildResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  checkpoint: Checkpoint | null;
  swapped: boolean;
  differences: Difference[] | null;
}

/**
 * Replays the whole log into fresh `<table>__rebuild` tables with the same projections (the bulk
 * writer: final row states per stretch, multi-row INSERTs, no unit of work), then either swaps
 * them in — renames in one transaction that also moves the checkpoint, so readers never see a
 * missing table and the live projector continues after it; SQLite's old tables are dropped after
 * that (retireTables) — or, with `verify`, compares them with the live tables at the live
 * checkpoint and reports every difference. No transaction or write lock is held for long (see
 * REBUILD_COMMIT_ROWS, finishTables and sqliteIndexNames).
 */
export const rebuild = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { store, keyStore, readModels: db } = options;
  const name = options.name ?? 'readmodels';
  const pageSize = options.pageSize ?? REBUILD_PAGE_EVENTS;
  const flushRows = options.flushRows ?? 50_000;
  const set = new ProjectionSet(allProjections);
  const tables = readModelTables;
  const started = performance.now();
  // The count alone: stats() also counts streams, types and tenants (0.4–0.6 s at 300k events on PostgreSQL).
  const total = await store.countEvents().catch(() => null);
  const progress = (phase: RebuildProgress['phase'], events: number, checkpoint: Checkpoint | null) =>
    options.onProgress?.({ events, total, checkpoint, phase });

  for (const table of tables) {
    await db.run(`drop table if exists "${rebuildName(table)}"`);
    if (db.dialect === 'sqlite') await db.run(`drop table if exists "${retiredName(table)}"`);
  }
  // SQLite's indexes are kept up during the load, PostgreSQL's built after it (see sqliteIndexNames
  // and finishTables).
  const indexNames = db.dialect === 'sqlite' ? await sqliteIndexNames(db) : null;
  for (const table of tables) {
    await db.run(createTableSql(table, db.dialect, rebuildName(table)));
    if (!indexNames) continue;
    for (const sql of createIndexesSql(table, rebuildName(table), (columns) => indexNames(table, columns))) await db.run(sql);
  }

  // Verify compares at the live checkpoint: replay only up to it.
  const live = await db.transactional((em) => lockCheckpoint(db, name, em));
  const until = options.verify ? live.checkpoint : null;
  // The audit index's rows, one an event, are set aside rather than kept by key (see RowState).
  const state = new RowState(undefined, true, true);
  let cursor: Checkpoint | null = null;
  let events = 0;

  // A flush's statements run while the replay goes on; flushes still run one after another, in
  // order. On PostgreSQL the server works on them in its own process, and the append-only tables'
  // statements (the audit index, a row an event) run on a connection of their own, so that it works
  // on both halves at once; each table stays on one connection, so its statements still run in
  // order. SQLite's driver works in the calling thread: a file database's flushes run on a writer
  // thread of their own (see BackgroundWriter).
  // A SQLite log beside read models in a SQLite file: the writer thread attaches the log and makes
  // the audit index there, one row an event, a page of events a statement (auditRowsSql), and the
  // replay leaves the audit projection out: 1M events in 10.4–10.5 s against 11.75–12.0 s, with 14%
  // less CPU (see docs/architecture.md, "The audit index from SQL"). The phases that write on this
  // thread (the locked catch-up, verify) replay it as before.
  const log = db.dialect === 'sqlite' && hasSqlEnvelopes(store) ? store : null;
  const background = await db.openBackgroundWriter(log ? { attach: { schema: LOG_SCHEMA, file: log.file } } : {});
  const auditSql = background && log ? auditRowsSql(log.envelopesSql(LOG_SCHEMA), rebuildName(auditEventTable)) : null;
  const replayed = auditSql ? new ProjectionSet(allProjections.filter((p) => p !== auditProjection)) : set;
  /** Pages replayed without their audit rows since the last flush: after `from`, up to `to`. */
  let auditPages: { from: Checkpoint | null; to: Checkpoint; events: number }[] = [];
  let auditPending = 0;
  // The flushes' transactions never append: readers of a PostgreSQL log need not wait for them.
  const onBegin = acceptsBystanders(store) ? (client: BystanderClient) => store.declareBystander(client) : undefined;
  const startFlush = (statements: Statement[]): Promise<void>[] => {
    const parts = db.dialect === 'postgres' ? [statements.filter((s) => !s.table.appendOnly), statements.filter((s) => s.table.appendOnly)] : [statements];
    return parts
      .filter((mine) => mine.length > 0)
      .map((mine) => {
        const flush = background
          ? background.write(mine, REBUILD_COMMIT_ROWS)
          : db.nativeTransaction((run) => runStatements(run, mine, REBUILD_COMMIT_ROWS), { onBegin });
        // A failed flush fails the rebuild at the next await of `writing`, not as an unhandled rejection.
        flush.catch(() => undefined);
        return flush;
      });
  };
  let writing: Promise<void>[] = [];
  /** Rows written to the `__rebuild` tables so far: the rest are new there and may be COPYed. */
  const written = new Map<TableDef, Set<string>>();
  /** Plans a flush of the rows changed since the last one and starts it once the last one is done. */
  const flush = async () => {
    // The native runner COPYs on PostgreSQL.
    const { statements } = planFlush(db, state, rebuildName, { copy: true, written });
    if (auditSql) for (const page of auditPages) statements.push({ sql: auditSql, params: [page.from, page.to], rows: page.events, table: auditEventTable });
    auditPages = [];
    auditPending = 0;
    await Promise.all(writing);
    writing = startFlush(statements);
  };
  const replay = async (to: Checkpoint | null, em?: SqlEntityManager): Promise<void> => {
    if (options.verify && to === null) return;
    // The next page is read while this one is applied.
    let next: Promise<RecordedEvent[]> = store.readAll({ from: cursor, to, limit: pageSize });
    for (;;) {
      const page = await next;
      if (page.length === 0) return;
      const from = cursor;
      cursor = (page[page.length - 1] as RecordedEvent).checkpoint;
      const more = page.length === pageSize;
      if (more) next = store.readAll({ from: cursor, to, limit: pageSize });
      if (auditSql && !em) {
        await replayed.apply(await toProjectionEvents(page, keyStore), state);
        auditPages.push({ from, to: cursor, events: page.length });
        auditPending += page.length;
      } else await set.apply(await toProjectionEvents(page, keyStore), state);
      events += page.length;
      if (state.changedCount() + auditPending >= flushRows) {
        if (em) await flushBulk(db, ormSink(db, em), state);
        else await flush();
      }
      progress(em ? 'catch-up' : 'replay', events, cursor);
      if (!more) return;
      // SQLite reads synchronously: without a turn of the event loop between pages, timers (a
      // progress bar's redraw when standard error is not a terminal) would wait for the whole replay.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const flushAll = async () => {
    await flush();
    await Promise.all(writing);
  };
  try {
    await replay(until);
    await flushAll();

    if (db.dialect === 'postgres' && !options.verify) await finishTables(db, tables, state, onBegin, (phase) => progress(phase, events, cursor));

    // What was appended during the replay is caught up before the swap locks the checkpoint (the
    // live projector waits on that lock), so that the locked part replays only the last seconds.
    if (!options.verify) {
      await replay(null);
      await flushAll();
    }
  } finally {
    await background?.close();
  }

  let differences: Difference[] | null = null;
  let checkpoint: Checkpoint | null = null;
  await db.transactional(async (em) => {
    const current = await lockCheckpoint(db, name, em);
    if (options.verify) {
      // The live projector may have moved on since: bring the rebuild to the same checkpoint.
      await replay(current.checkpoint, em);
      await flushBulk(db, ormSink(db, em), state);
      progress('verify', events, cursor);
      differences = [];
      for (const table of tables) differences.push(...(await compareTable(db, em, table)));
      checkpoint = current.checkpoint;
      return;
    }
    await replay(null, em);
    await flushBulk(db, ormSink(db, em), state);
    progress('swap', events, cursor);
    checkpoint = cursor !== null && (current.checkpoint === null || cursor > current.checkpoint) ? cursor : current.checkpoint;
    for (const table of tables) await swapTable(db, em, table);
    await writeCheckpoint(db, name, { checkpoint, generation: current.generation + 1 }, em);
  });
  if (options.verify) for (const table of tables) await db.run(`drop table if exists "${rebuildName(table)}"`);
  else if (db.dialect === 'sqlite') {
    progress('retire', events, cursor);
    await retireTables(db, tables);
  }
  progress('done', events, cursor);
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds, checkpoint, swapped: !options.verify, differences };
};

/**
 * Events a rebuild reads per page. Pages of 5,000 outlived a young-generation collection more
 * often and were collected as old objects: with the audit index made in SQL, 1M-event SQLite
 * rebuilds averaged 9.4 s with pages of 2,000 against 9.9 s with 5,000 (eight and thirteen runs,
 * 0.2–0.4 s of CPU less a run); PostgreSQL's 300k-event rebuilds did not move (5.9–6.2 s against
 * 5.9–6.6). See docs/architecture.md.
 */
const REBUILD_PAGE_EVENTS = 2_000;

/** The schema name under which the SQLite writer thread attaches the event log. */
const LOG_SCHEMA = 'tandem_log';

/**
 * Rows a rebuild's flush writes per transaction. On PostgreSQL, readers of the event log see only
 * events below the oldest transaction still open anywhere on the server, so every transaction the
 * rebuild held open held the live projector back: with whole flushes of 50,000 rows in one
 * transaction, 400–550 ms each, live updates stalled that long again and again during a
 * 300k-event rebuild (p99 804–832 ms, against 14 before it). The rebuild's transactions now
 * declare themselves bystanders of the log (PostgresEventStore.declareBystander), which readers do
 * not wait for: with 10,000 rows a transaction the lag's p99 went from 1.4 s to 0.25–0.5 s. A whole
 * flush per transaction measured no faster (15.4–16.5 s against 16.0–17.3 s at 300k events), so the
 * size stays that of a COPY statement, so that a COPY of new rows never runs past a commit.
 * SQLite's writer thread commits as often, so that it holds the file's write lock (which the live
 * projector waits for) no longer.
 */
const REBUILD_COMMIT_ROWS = COPY_ROWS;

/** Index builds and ANALYZEs run on this many connections at once. */
const FINISH_WORKERS = 2;

/**
 * PostgreSQL: the `__rebuild` tables' indexes and then their statistics, each CREATE INDEX and each
 * ANALYZE in a transaction of its own, declared a bystander of the event log (see
 * REBUILD_COMMIT_ROWS), on two connections that take the next statement when done, largest table
 * first. A CREATE INDEX holds its transaction open for the whole build (2.3–2.6 s for the audit
 * index at 1M events), and before bystanders that held every reader of the event log back: live
 * updates stalled for up to 2.8 s during a 1M-event rebuild (p99 1.9–2.3 s), so the indexes were
 * kept up during the load instead, which made rebuilds 7% slower. Declared, the builds no longer
 * hold readers back, and building after the load is faster again: 1M-event rebuilds in 51.6–54.4 s
 * against 54.2–58.6 s (three alternating pairs; the builds 6.7–7.2 s of it), with the same live
 * lag while another process rebuilds 300k events (p99 367 against 329 ms, max 466 against 495).
 */
const finishTables = async (
  db: ReadModels,
  tables: readonly TableDef[],
  state: RowState,
  onBegin: ((client: BystanderClient) => Promise<unknown>) | undefined,
  progress: (phase: 'index' | 'analyze') => void,
): Promise<void> => {
  const size = (table: TableDef) => (table.appendOnly ? Number.MAX_SAFE_INTEGER : (state.rows.get(table)?.size ?? 0));
  const largestFirst = [...tables].sort((a, b) => size(b) - size(a));
  const onTwoConnections = async (statements: string[]) => {
    const worker = async () => {
      for (let sql = statements.shift(); sql !== undefined; sql = statements.shift()) {
        const statement = sql;
        await db.nativeTransaction((run) => run(statement, []), { onBegin });
      }
    };
    await Promise.all(Array.from({ length: FINISH_WORKERS }, worker));
  };
  progress('index');
  await onTwoConnections(largestFirst.flatMap((table) => createIndexesSql(table, rebuildName(table))));
  progress('analyze');
  await onTwoConnections(largestFirst.map((table) => analyzeSql(table, rebuildName(table))));
};

/** `<table>__retired`: a live table that a SQLite swap renamed away; retireTables drops it. */
const retiredName = (table: TableDef) => `${table.name}__retired`;

/**
 * SQLite cannot rename an index, so a rebuilt table keeps the index names it was built with: the
 * declared name (indexName) where no index has it, else the declared name with `_alt`. A live
 * table's index names therefore alternate between the two from one rebuild to the next, and a
 * migration that drops or changes an index of a SQLite database must find it by table and
 * columns (`pragma index_list`), not by name. The indexes used to be built inside the swap: 2.6 s
 * at 1M events, during which the live projector waited for the write lock.
 */
const sqliteIndexNames = async (db: ReadModels): Promise<(table: TableDef, columns: readonly string[]) => string> => {
  const taken = new Set((await db.execute<{ name: string }>(`select name from sqlite_schema where type = 'index'`)).map((r) => r.name));
  return (table, columns) => {
    const declared = indexName(table.name, columns);
    return taken.has(declared) ? `${declared}_alt` : declared;
  };
};

/** Readers keep seeing the old tables until the swap commits (WAL on SQLite, MVCC on PostgreSQL). */
const swapTable = async (db: ReadModels, em: SqlEntityManager, table: TableDef): Promise<void> => {
  const fresh = rebuildName(table);
  if (db.dialect === 'postgres') {
    await db.run(`drop table if exists "${table.name}"`, [], em);
    await db.run(`alter table "${fresh}" rename to "${table.name}"`, [], em);
    await db.run(`alter table "${table.name}" rename constraint "${fresh}_pkey" to "${table.name}_pkey"`, [], em);
    for (const columns of table.indexes ?? []) {
      await db.run(`alter index "${indexName(fresh, columns as string[])}" rename to "${indexName(table.name, columns as string[])}"`, [], em);
    }
    return;
  }
  // Renamed away rather than dropped here: dropping 1M events' tables took 2.4 s, all of it inside the swap.
  if (await sqliteTableExists(db, table.name, em)) await db.run(`alter table "${table.name}" rename to "${retiredName(table)}"`, [], em);
  await db.run(`alter table "${fresh}" rename to "${table.name}"`, [], em);
};

const sqliteTableExists = async (db: ReadModels, name: string, em?: SqlEntityManager): Promise<boolean> =>
  (await db.execute(`select 1 from sqlite_schema where type = 'table' and name = ?`, [name], em)).length > 0;

/** Rows a step of retireTables deletes. */
const RETIRE_ROWS = 10_000;

/**
 * Drops the tables a SQLite swap renamed away, in steps short enough for the live projector's
 * writes to get in between. A table that holds personal data goes with `secure_delete` on, which
 * overwrites every page it frees, so each index goes on its own, then the rows RETIRE_ROWS at a
 * time, then the empty table. The others hold nothing an erasure must reach (the audit index, most
 * of the rows): they are dropped at once on a connection of their own without `secure_delete`,
 * which at 300k events took the audit index's retirement from 1.1 s to 0.1 s.
 */
const retireTables = async (db: ReadModels, tables: readonly TableDef[]): Promise<void> => {
  const plain = await db.openSqliteConnection(['busy_timeout = 30000', 'secure_delete = OFF']);
  try {
    for (const table of tables) {
      const retired = retiredName(table);
      if (!(await sqliteTableExists(db, retired))) continue;
      // Not the primary key's own index (no SQL): it goes with the table.
      const indexes = await db.execute<{ name: string }>(`select name from sqlite_schema where type = 'index' and tbl_name = ? and sql is not null`, [retired]);
      if (plain && !table.personal) {
        for (const { name } of indexes) plain.exec(`drop index "${name}"`);
        plain.exec(`drop table "${retired}"`);
        continue;
      }
      for (const { name } of indexes) await db.run(`drop index "${name}"`);
      while ((await db.run(`delete from "${retired}" where rowid in (select rowid from "${retired}" limit ${RETIRE_ROWS})`)) > 0);
      await db.run(`drop table "${retired}"`);
    }
  } finally {
    plain?.close();
  }
};

/** Every row that differs between the live table and its rebuilt twin. */
export const compareTable = async (db: ReadModels, em: SqlEntityManager, table: TableDef): Promise<Difference[]> => {
  const liveRows = await db.rows(table, { em });
  const rebuilt = await db.rows(table, { from: rebuildName(table), em });
  const out: Difference[] = [];
  const byKey = new Map(rebuilt.map((r) => [keyString(table, r), r]));
  for (const row of liveRows) {
    const key = keyString(table, row);
    const other = byKey.get(key);
    byKey.delete(key);
    if (!other) {
      out.push({ table: table.name, key, kind: 'missing-in-rebuild' });
      continue;
    }
    const a = comparableRow(table, row);
    const b = comparableRow(table, other);
    const columns = Object.keys(a)
      .filter((c) => a[c] !== b[c])
      .map((c) => ({ column: c, live: a[c], rebuilt: b[c] }));
    if (columns.length > 0) out.push({ table: table.name, key, kind: 'changed', columns });
  }
  for (const key of byKey.keys()) out.push({ table: table.name, key, kind: 'missing-in-live' });
  return out;
};
