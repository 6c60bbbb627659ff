import { type Column, columnsOf, type TableDef } from '../core/table';

export type Dialect = 'sqlite' | 'postgres';

const q = (name: string) => `"${name}"`;

const sqlType = (c: Column, dialect: Dialect): string => {
  switch (c.type) {
    case 'text':
      return 'text';
    case 'int':
      return 'integer';
    case 'real':
      return 'double precision';
    case 'bool':
      return dialect === 'sqlite' ? 'integer' : 'boolean';
    case 'json':
      return dialect === 'sqlite' ? 'json' : 'jsonb';
  }
};

/**
 * The declared name of an index. On SQLite a rebuilt table's index may carry it with `_alt`
 * instead (rebuild.ts, sqliteIndexNames): find a SQLite index by table and columns, not by name.
 */
export const indexName = (tableName: string, columns: readonly string[]) =>
  `${tableName}_${columns.map((c) => c.replace(/[A-Z]/g, (x) => x.toLowerCase())).join('_')}_index`;

/** CREATE TABLE for a read model, under its own name or another (`<name>__rebuild`). */
export const createTableSql = (table: TableDef, dialect: Dialect, name = table.name): string => {
  const cols = columnsOf(table).map((c) => `  ${q(c.field)} ${sqlType(c, dialect)} ${c.nullable && !c.primary ? 'null' : 'not null'}`);
  const pk = table.key.map((k) => q(columnsOf(table).find((c) => c.name === k)?.field as string));
  const constraint = dialect === 'postgres' ? `constraint ${q(`${name}_pkey`)} ` : '';
  return `create table ${q(name)} (\n${cols.join(',\n')},\n  ${constraint}primary key (${pk.join(', ')})\n);`;
};

/** CREATE INDEX for each declared index of a table, under its own name or another; the index names from `nameOf`. */
export const createIndexesSql = (
  table: TableDef,
  name = table.name,
  nameOf: (columns: readonly string[]) => string = (columns) => indexName(name, columns),
): string[] =>
  (table.indexes ?? []).map((columns) => {
    const fields = columns.map((k) => q(columnsOf(table).find((c) => c.name === k)?.field as string));
    return `create index ${q(nameOf(columns))} on ${q(name)} (${fields.join(', ')});`;
  });

/**
 * PostgreSQL statistics for the columns a table's key and indexes cover: what its queries filter
 * and sort on. A freshly rebuilt table has none, and until autovacuum analyses it the planner
 * guesses one row per program, sorting a 12,000-application program for every page (7–8 ms
 * instead of 0.7–0.9). Naming the columns skips the wide text ones: 117 ms instead of 513 for
 * the applications of 300k events.
 */
export const analyzeSql = (table: TableDef, name = table.name): string => {
  const names = new Set([...table.key, ...(table.indexes ?? []).flat()]);
  const fields = columnsOf(table)
    .filter((c) => names.has(c.name))
    .map((c) => q(c.field));
  return `analyze ${q(name)} (${fields.join(', ')})`;
};

/** The whole schema of the given tables, as the first migration holds it. */
export const schemaSql = (tables: readonly TableDef[], dialect: Dialect): string =>
  tables.map((t) => [createTableSql(t, dialect), ...createIndexesSql(t)].join('\n')).join('\n\n');
