import { defineEntity, type EntitySchema, p } from '@mikro-orm/core';
import { columnsOf, type RowOf, type TableDef } from '../core/table';
import { readModelTables } from '../read-models/index';
import { indexName } from './ddl';

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());

const property = (c: ReturnType<typeof columnsOf>[number]) => {
  const base =
    c.type === 'text'
      ? p.text().columnType('text')
      : c.type === 'int'
        ? p.integer().columnType('integer')
        : c.type === 'real'
          ? p.double().columnType('double precision')
          : c.type === 'bool'
            ? p.boolean()
            : p.json<unknown>();
  const named = base.fieldName(c.field);
  return c.primary ? named.primary() : c.nullable ? named.nullable() : named;
};

const cache = new Map<TableDef, EntitySchema>();

/** The MikroORM entity of a read-model table (`defineEntity`, no class, no decorators). */
export const entityOf = <T extends TableDef>(table: T): EntitySchema<RowOf<T>> => {
  let schema = cache.get(table);
  if (!schema) {
    const properties = Object.fromEntries(columnsOf(table).map((c) => [c.name, property(c)]));
    const indexes = (table.indexes ?? []).map((columns) => ({ properties: [...columns], name: indexName(table.name, columns as string[]) }));
    schema = defineEntity({ name: pascal(table.name), tableName: table.name, properties, indexes } as never) as unknown as EntitySchema;
    cache.set(table, schema);
  }
  return schema as unknown as EntitySchema<RowOf<T>>;
};

/** Where each projector keeps its position; written in the same transaction as its changes. */
export const checkpointTable = {
  name: 'projection_checkpoints',
  columns: { name: 'text', checkpoint: 'text?', generation: 'int', updatedAt: 'text' },
  key: ['name'],
} as const satisfies TableDef;

/**
 * States of one program's replay at checkpoints, so an as-of query replays only the events after
 * the nearest one (`as-of.ts`). Not a projection: the replay writes it. It holds decrypted
 * personal data, so an erasure deletes the round table's rows and compacts the table.
 */
export const replaySnapshotTable = {
  name: 'program_replay_snapshot',
  columns: {
    tenant: 'text',
    programId: 'text',
    checkpoint: 'text',
    /** The latest recordedAt among the events replayed: the state is valid for as-of times from here on. */
    maxRecordedAt: 'text',
    events: 'int',
    /** Of the projections' code: a new version of Tandem does not reuse an older replay. */
    fingerprint: 'text',
    /** When the replay began: an erasure recorded after it (less a margin) makes the row stale. */
    createdAt: 'text',
    /** Last: SQLite reads a row's columns in order, and this one runs to tens of megabytes. */
    state: 'text',
  },
  key: ['tenant', 'programId', 'checkpoint', 'fingerprint'],
  personal: true,
} as const satisfies TableDef;

/** Tables beside the read models (not replayed by a rebuild). */
export const supportTables: readonly TableDef[] = [checkpointTable, replaySnapshotTable];

export const allEntities = (): EntitySchema[] => [...readModelTables, ...supportTables].map((t) => entityOf(t) as unknown as EntitySchema);
