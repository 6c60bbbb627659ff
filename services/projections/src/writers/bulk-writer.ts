import type { SqlEntityManager } from '@mikro-orm/sql';
import type { RowState } from '../core/engine';
import { columnsOf, type Row, type TableDef } from '../core/table';
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

/** One statement of a flush, its parameters already taken from the rows (so later changes to them do not leak in). */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Multi-row INSERT (…ON CONFLICT DO UPDATE) of final row states into `into`, bypassing the unit of work. */
const insertStatements = (db: ReadModels, table: TableDef, into: string, rows: readonly Row[], upsert: boolean, out: Statement[]): void => {
  if (rows.length === 0) return;
  const cols = quoted(table);
  const one = `(${cols.map(() => '?').join(', ')})`;
  const keyFields = columnsOf(table).filter((c) => c.primary);
  const conflict = upsert
    ? ` on conflict (${keyFields.map((c) => `"${c.field}"`).join(', ')}) do update set ${columnsOf(table)
        .filter((c) => !c.primary)
        .map((c) => `"${c.field}" = excluded."${c.field}"`)
        .join(', ')}`
    : '';
  const per = rowsPerStatement(table, db);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const row of chunk) toDbValues(table, row, db.dialect, params);
    out.push({ sql: `insert into "${into}" (${cols.join(', ')}) values ${chunk.map(() => one).join(', ')}${conflict}`, params });
  }
};

export const insertRows = async (db: ReadModels, sink: Sink, table: TableDef, into: string, rows: readonly Row[], upsert: boolean): Promise<void> => {
  const statements: Statement[] = [];
  insertStatements(db, table, into, rows, upsert, statements);
  await runStatements(sink, statements);
};

export const runStatements = async (sink: Sink, statements: readonly Statement[]): Promise<void> => {
  for (const { sql, params } of statements) await sink(sql, params);
};

/**
 * The bulk writer's flush, planned: every row a stretch of the replay changed, as its final
 * state, in multi-row statements into the `__rebuild` tables, with the values copied out now.
 * Rows of append-only tables leave the state; the others stay, since the replay looks them up
 * again. The statements may then run while the replay goes on.
 */
export const planFlush = (db: ReadModels, state: RowState, target: (table: TableDef) => string = rebuildName): { statements: Statement[]; rows: number } => {
  const statements: Statement[] = [];
  let written = 0;
  for (const [table, keys] of state.dirty) {
    const rows = state.rows.get(table) as Map<string, Row | null>;
    const upserts: Row[] = [];
    const deletes: string[] = [];
    for (const k of keys) {
      const row = rows.get(k);
      if (row) upserts.push(row);
      else deletes.push(k);
    }
    insertStatements(db, table, target(table), upserts, !table.appendOnly, statements);
    const keyCols = columnsOf(table).filter((c) => c.primary);
    for (const k of deletes) {
      statements.push({ sql: `delete from "${target(table)}" where ${keyCols.map((c) => `"${c.field}" = ?`).join(' and ')}`, params: k.split('\u001f') });
    }
    written += upserts.length + deletes.length;
    keys.clear();
    if (table.appendOnly) rows.clear();
  }
  return { statements, rows: written };
};

/** Plans and runs a flush (see planFlush). */
export const flushBulk = async (db: ReadModels, sink: Sink, state: RowState, target: (table: TableDef) => string = rebuildName): Promise<number> => {
  const { statements, rows } = planFlush(db, state, target);
  await runStatements(sink, statements);
  return rows;
};
