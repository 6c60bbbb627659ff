/**
 * The small table schema every writer understands. One declaration gives the MikroORM entity
 * (`db/entities.ts`), the DDL of both dialects (`db/ddl.ts`), the row type the API reads, and
 * the shapes the in-memory writer keeps in Maps.
 */

export type ColumnType = 'text' | 'int' | 'real' | 'bool' | 'json';
export type ColumnSpec = ColumnType | `${ColumnType}?`;

export interface TableDef<Columns extends Record<string, ColumnSpec> = Record<string, ColumnSpec>> {
  name: string;
  columns: Columns;
  /** Primary key columns, tenant first. */
  key: readonly string[];
  /** Secondary indexes (column lists). */
  indexes?: readonly (readonly string[])[];
  /** Rows are only ever inserted (the audit index): the bulk writer never caches them. */
  appendOnly?: boolean;
  /** Rows belong to one program (`programId` column): time travel computes them. */
  programScoped?: boolean;
  /** Holds decrypted personal data: after an erasure it is compacted so no old copy stays on disk. */
  personal?: boolean;
}

type Base<S extends ColumnSpec> = S extends `${infer T}?` ? T : S;
type JsOf<T> = T extends 'text' ? string : T extends 'int' | 'real' ? number : T extends 'bool' ? boolean : unknown;
type ValueOf<S extends ColumnSpec> = S extends `${string}?` ? JsOf<Base<S>> | null : JsOf<Base<S>>;

/** The row a table holds, in JavaScript values (JSON columns parsed). */
export type RowOf<T extends TableDef> = { [K in keyof T['columns']]: ValueOf<T['columns'][K]> };

export type Value = string | number | boolean | null | unknown;
export type Row = Record<string, Value>;
export type Key = Record<string, string | number>;

export const defineTable = <const Columns extends Record<string, ColumnSpec>>(
  def: TableDef<Columns> & { key: readonly (keyof Columns & string)[]; indexes?: readonly (readonly (keyof Columns & string)[])[] },
): TableDef<Columns> => def;

export interface Column {
  name: string;
  /** snake_case column name in the database. */
  field: string;
  type: ColumnType;
  nullable: boolean;
  primary: boolean;
}

export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const columnCache = new WeakMap<TableDef, Column[]>();

export const columnsOf = (table: TableDef): Column[] => {
  let cols = columnCache.get(table);
  if (!cols) {
    cols = Object.entries(table.columns).map(([name, spec]) => ({
      name,
      field: snake(name),
      type: spec.replace('?', '') as ColumnType,
      nullable: spec.endsWith('?'),
      primary: table.key.includes(name),
    }));
    columnCache.set(table, cols);
  }
  return cols;
};

/** The key's columns joined with a unit separator: how row states index rows. */
export const keyString = (table: TableDef, key: Key | Row): string => {
  const k = table.key;
  // The common shapes without an intermediate array (a replay builds millions of these).
  if (k.length === 2) return `${key[k[0] as string]}\u001f${key[k[1] as string]}`;
  if (k.length === 1) return String(key[k[0] as string]);
  if (k.length === 3) return `${key[k[0] as string]}\u001f${key[k[1] as string]}\u001f${key[k[2] as string]}`;
  return k.map((c) => String(key[c])).join('\u001f');
};

const defaultFor = (c: Column): Value =>
  c.nullable ? null : c.type === 'int' || c.type === 'real' ? 0 : c.type === 'bool' ? false : c.type === 'json' ? [] : '';

type RowMaker = (key: Key, values: Row | undefined, defaults: readonly Value[]) => Row;

const rowMakers = new WeakMap<TableDef, { make: RowMaker; defaults: Value[] }>();

/**
 * A new row: each column from the key, else from `values` (when not undefined), else its default
 * (a fresh array for a JSON column that cannot be null). One object literal per table, built
 * with `new Function` from the table's own declared column names: spreading a default row and
 * assigning the values and the key onto it made three copies, and a rebuild makes one row per
 * event for the audit index alone.
 */
export const newRow = (table: TableDef, key: Key, values?: Row): Row => {
  let maker = rowMakers.get(table);
  if (!maker) {
    const defaults: Value[] = [];
    const fields = columnsOf(table).map((c, i) => {
      const name = JSON.stringify(c.name);
      defaults.push(defaultFor(c));
      const fallback = c.type === 'json' && !c.nullable ? '[]' : `d[${i}]`;
      const fromValues = `(v === undefined || v[${name}] === undefined ? ${fallback} : v[${name}])`;
      return `${name}: ${c.primary ? `(k[${name}] !== undefined ? k[${name}] : ${fromValues})` : fromValues}`;
    });
    const make = new Function('k', 'v', 'd', `return { ${fields.join(', ')} };`) as RowMaker;
    rowMakers.set(table, (maker = { make, defaults }));
  }
  return maker.make(key, values, maker.defaults);
};

/** A row change against a declared table; the only thing projections produce. */
export type RowChange =
  /** Insert the row, or merge `values` into it when it exists. */
  | { table: TableDef; op: 'upsert'; key: Key; values: Row }
  /** Merge `values` into the row when it exists; nothing otherwise. */
  | { table: TableDef; op: 'patch'; key: Key; values: Row }
  | { table: TableDef; op: 'delete'; key: Key }
  /** Add numbers to columns, creating the row at zero first. */
  | { table: TableDef; op: 'increment'; key: Key; values: Record<string, number> };

/** The one place row-change semantics live: every writer calls it on its own row state. */
export const applyChange = (current: Row | undefined, change: RowChange): Row | undefined => {
  switch (change.op) {
    // A row belongs to the row state that holds it, so a change may update it in place.
    case 'upsert':
      return current ? Object.assign(current, change.values) : newRow(change.table, change.key, change.values);
    case 'patch':
      return current ? Object.assign(current, change.values) : undefined;
    case 'delete':
      return undefined;
    case 'increment': {
      const row = current ?? newRow(change.table, change.key);
      const values = change.values;
      for (const column in values) row[column] = ((row[column] as number | null) ?? 0) + (values[column] as number);
      return row;
    }
  }
};

/** Stable JSON (sorted keys): how rows compare across databases (PostgreSQL jsonb reorders keys). */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** A row in the form rows are compared in (verify, tests): JSON columns canonical, numbers rounded. */
export const comparableRow = (table: TableDef, row: Row): Record<string, string | number | boolean | null> => {
  const out: Record<string, string | number | boolean | null> = {};
  for (const c of columnsOf(table)) {
    const v = row[c.name];
    if (v === null || v === undefined) out[c.name] = null;
    else if (c.type === 'json') out[c.name] = canonicalJson(v);
    else if (c.type === 'real') out[c.name] = Math.round((v as number) * 1e9) / 1e9;
    else out[c.name] = v as string | number | boolean;
  }
  return out;
};
