import type { SqlEntityManager } from '@mikro-orm/sql';
import type { RowState } from '../core/engine';
import { PIECE_BYTES } from '../core/pieces';
import { type ColumnType, columnsOf, type Row, type TableDef } from '../core/table';
import type { NativeRun, ReadModels } from '../db/read-models-db';
import { toDbValues } from '../db/read-models-db';

export const rebuildName = (table: TableDef) => `${table.name}__rebuild`;

const quoted = (table: TableDef) => columnsOf(table).map((c) => `"${c.field}"`);

/** Rows per multi-row INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const rowsPerStatement = (table: TableDef, db: ReadModels) =>
  Math.max(1, Math.min(db.dialect === 'sqlite' ? 500 : 1000, Math.floor(30_000 / columnsOf(table).length)));

/** Where the bulk writer sends statements: the driver itself (replay) or MikroORM's transaction (the swap). */
export type Sink = NativeRun;

export const ormSink =
  (db: ReadModels, em: SqlEntityManager): Sink =>
  async (sql, params) => {
    await db.run(sql, params, em);
  };

/**
 * One statement of a flush, its parameters already taken from the rows (so later changes to them
 * do not leak in): SQL with parameters, or (PostgreSQL) a COPY with the rows as COPY text.
 */
export type Statement = ({ sql: string; params: unknown[]; copy?: undefined } | { sql: string; copy: string[] }) & {
  /** Rows it writes: runStatements commits between statements every `commitRows`. */
  rows: number;
  /** The table it writes (a rebuild runs different tables' statements on different connections). */
  table: TableDef;
};

/**
 * Rows per COPY statement: a flush's COPY of 50,000 new rows is cut into statements of this many,
 * so that runStatements can commit between them (see its `commitRows`).
 */
export const COPY_ROWS = 10_000;

const COPY_SPECIAL = /[\\\t\n\r]/;

/** Text as PostgreSQL's COPY text format writes it: backslash, tab and line breaks escaped. */
const copyText = (text: string): string =>
  COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;

/**
 * A value of a column of this type as COPY text writes it (`\N` for null), the value toDbValues
 * gives PostgreSQL: JSON as its text, booleans as true or false. Numbers need no escaping.
 */
const copyField = (type: ColumnType, value: unknown): string => {
  if (value === null || value === undefined) return '\\N';
  switch (type) {
    case 'json':
      return copyText(JSON.stringify(value));
    case 'bool':
      return value ? 'true' : 'false';
    case 'int':
    case 'real':
      return typeof value === 'number' ? String(value) : copyText(String(value));
    default:
      return copyText(typeof value === 'string' ? value : String(value));
  }
};

/**
 * Rows known to be new in the target table into PostgreSQL with COPY: 216–225k rows/s against
 * 82–90k for multi-row INSERTs of the same audit rows. Only rows that a plain INSERT would write
 * (append-only rows, rows a rebuild has not written yet) go this way, so nothing changes but
 * the speed.
 */
const copyStatement = (table: TableDef, into: string, rows: readonly Row[], out: Statement[]): void => {
  const sql = `copy "${into}" (${quoted(table).join(', ')}) from stdin`;
  const columns = columnsOf(table);
  const n = columns.length;
  // Each field straight from the row by its column's type, into one reused array joined per line:
  // 25% less time than the row's database values (toDbValues) mapped to text (400k rows, 410 ms
  // against 550). Concatenating the fields instead of joining them took 820 ms.
  const fields: string[] = new Array(n);
  for (let from = 0; from < rows.length; from += COPY_ROWS) {
    const to = Math.min(rows.length, from + COPY_ROWS);
    const copy: string[] = [];
    let piece = '';
    for (let i = from; i < to; i++) {
      const row = rows[i] as Row;
      for (let c = 0; c < n; c++) {
        const column = columns[c] as (typeof columns)[number];
        fields[c] = copyField(column.type, row[column.name]);
      }
      piece += `${fields.join('\t')}\n`;
      // Pieces of PIECE_BYTES instead of 1,000 rows (up to 600 KB): a 300k-event PostgreSQL rebuild
      // took 11.2 s on average against 11.8 s over seven alternating pairs (runs vary by ±15% here).
      if (piece.length >= PIECE_BYTES) {
        copy.push(piece);
        piece = '';
      }
    }
    if (piece.length > 0) copy.push(piece);
    out.push({ sql, copy, rows: to - from, table });
  }
};

/** What a multi-row INSERT does with a row whose key is already there: fail, replace it, or leave it. */
type OnConflict = 'fail' | 'update' | 'ignore';

/** Multi-row INSERT (…ON CONFLICT DO UPDATE or DO NOTHING) of final row states into `into`, bypassing the unit of work. */
const insertStatements = (db: ReadModels, table: TableDef, into: string, rows: readonly Row[], onConflict: OnConflict, out: Statement[]): void => {
  if (rows.length === 0) return;
  const cols = quoted(table);
  const one = `(${cols.map(() => '?').join(', ')})`;
  const keyFields = `(${columnsOf(table)
    .filter((c) => c.primary)
    .map((c) => `"${c.field}"`)
    .join(', ')})`;
  const conflict =
    onConflict === 'update'
      ? ` on conflict ${keyFields} do update set ${columnsOf(table)
          .filter((c) => !c.primary)
          .map((c) => `"${c.field}" = excluded."${c.field}"`)
          .join(', ')}`
      : onConflict === 'ignore'
        ? ` on conflict ${keyFields} do nothing`
        : '';
  const per = rowsPerStatement(table, db);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const row of chunk) toDbValues(table, row, db.dialect, params);
    out.push({ sql: `insert into "${into}" (${cols.join(', ')}) values ${chunk.map(() => one).join(', ')}${conflict}`, params, rows: chunk.length, table });
  }
};

export const insertRows = async (
  db: ReadModels,
  sink: Sink,
  table: TableDef,
  into: string,
  rows: readonly Row[],
  upsert: boolean,
  copy = false,
): Promise<void> => {
  const statements: Statement[] = [];
  if (copy && !upsert && db.dialect === 'postgres') copyStatement(table, into, rows, statements);
  else insertStatements(db, table, into, rows, upsert ? 'update' : 'fail', statements);
  await runStatements(sink, statements);
};

/**
 * Runs the statements in order. With `commitRows`, a sink that can commit midway (the native
 * runner on PostgreSQL) commits whenever that many rows have been written since its last commit:
 * see rebuild's REBUILD_COMMIT_ROWS for why.
 */
export const runStatements = async (sink: Sink, statements: readonly Statement[], commitRows = Number.POSITIVE_INFINITY): Promise<void> => {
  let uncommitted = 0;
  for (const statement of statements) {
    if (uncommitted >= commitRows && sink.commit) {
      await sink.commit();
      uncommitted = 0;
    }
    if (statement.copy === undefined) await sink(statement.sql, statement.params);
    else if (sink.copy) await sink.copy(statement.sql, statement.copy);
    else throw new Error(`this runner cannot COPY: plan the flush without copy to run "${statement.sql}"`);
    uncommitted += statement.rows;
  }
};

/** How a flush may write. */
export interface FlushOptions {
  /** The runner can COPY (PostgreSQL's native runner): rows known to be new go by COPY. */
  copy?: boolean;
  /**
   * Keys of the rows this rebuild has written so far, per table (kept up to date by the flush):
   * with `copy`, a row of a table that is not append-only is new when its key is not among them.
   */
  written?: Map<TableDef, Set<string>>;
  /**
   * Rows of append-only tables whose key is already there are left as they are (ON CONFLICT DO
   * NOTHING) instead of failing the flush: the live writer's choice, as its query builder's was.
   */
  ignoreExisting?: boolean;
}

/**
 * The bulk writer's flush, planned: every row a stretch of the replay changed, as its final
 * state, in multi-row statements into the `__rebuild` tables, with the values copied out now.
 * Rows of append-only tables leave the state; the others stay, since the replay looks them up
 * again. The statements may then run while the replay goes on.
 */
export const planFlush = (
  db: ReadModels,
  state: RowState,
  target: (table: TableDef) => string = rebuildName,
  options: FlushOptions = {},
): { statements: Statement[]; rows: number } => {
  const statements: Statement[] = [];
  const copy = options.copy === true && db.dialect === 'postgres';
  let count = 0;
  // Rows set aside (RowState's appendAside) are new rows of append-only tables, as a plain INSERT
  // would write them.
  for (const [table, aside] of state.appended) {
    if (aside.length === 0) continue;
    if (copy) copyStatement(table, target(table), aside, statements);
    else insertStatements(db, table, target(table), aside, options.ignoreExisting ? 'ignore' : 'fail', statements);
    count += aside.length;
    state.appended.set(table, []);
  }
  for (const [table, keys] of state.dirty) {
    const rows = state.rows.get(table) as Map<string, Row | null>;
    // Rows new to the target go by COPY: every row of an append-only table, others not yet written.
    let seen: Set<string> | undefined;
    if (copy && !table.appendOnly && options.written) {
      seen = options.written.get(table);
      if (!seen) options.written.set(table, (seen = new Set()));
    }
    const allNew = copy && table.appendOnly;
    const fresh: Row[] = [];
    const upserts: Row[] = [];
    const deletes: string[] = [];
    for (const k of keys) {
      const row = rows.get(k);
      if (!row) deletes.push(k);
      else if (allNew) fresh.push(row);
      else if (seen && !seen.has(k)) {
        seen.add(k);
        fresh.push(row);
      } else upserts.push(row);
    }
    if (fresh.length > 0) copyStatement(table, target(table), fresh, statements);
    insertStatements(db, table, target(table), upserts, !table.appendOnly ? 'update' : options.ignoreExisting ? 'ignore' : 'fail', statements);
    const keyCols = columnsOf(table).filter((c) => c.primary);
    for (const k of deletes) {
      statements.push({
        sql: `delete from "${target(table)}" where ${keyCols.map((c) => `"${c.field}" = ?`).join(' and ')}`,
        params: k.split('\u001f'),
        rows: 1,
        table,
      });
    }
    count += fresh.length + upserts.length + deletes.length;
    keys.clear();
    if (table.appendOnly) rows.clear();
  }
  return { statements, rows: count };
};

/**
 * Plans and runs a flush (see planFlush and runStatements); COPY where the sink can, a commit every
 * `commitRows` where it can commit midway.
 */
export const flushBulk = async (
  db: ReadModels,
  sink: Sink,
  state: RowState,
  target: (table: TableDef) => string = rebuildName,
  options: Omit<FlushOptions, 'copy'> & { commitRows?: number } = {},
): Promise<number> => {
  const { commitRows, ...flush } = options;
  const { statements, rows } = planFlush(db, state, target, { ...flush, copy: sink.copy !== undefined });
  await runStatements(sink, statements, commitRows);
  return rows;
};
