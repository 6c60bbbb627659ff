import type { RecordedEvent } from '@tandem/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionSet, RowState, toProjectionEvents } from '../src/core/engine';
import type { ProjectionEvent } from '../src/core/projection';
import { comparableRow, type Key, keyString, type Row, type TableDef } from '../src/core/table';
import { checkInComplianceTable, projections, readModelTables } from '../src/index';
import { type Env, openEnv } from './support/env';
import { generateHistory } from './support/history';

/** Every row of a row state, comparable, by table name. */
const contents = (rows: Map<TableDef, Map<string, Row | null>>) =>
  Object.fromEntries(
    readModelTables
      .filter((table) => !table.appendOnly)
      .map((table) => [
        table.name,
        [...(rows.get(table)?.entries() ?? [])]
          .filter(([, row]) => row !== null)
          .map(([k, row]) => [k, comparableRow(table, row as Row)] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ]),
  );

describe('the projection engine', () => {
  let env: Env;
  let events: ProjectionEvent[];

  beforeAll(async () => {
    env = await openEnv('sqlite', 'proj_engine');
    await generateHistory(env.store, env.keyStore, { tenants: 2, programsPerTenant: 1, applicationsPerProgram: 30 });
    const recorded: RecordedEvent[] = await env.store.readAll({ limit: 100_000 });
    events = await toProjectionEvents(recorded, env.keyStore);
  });
  afterAll(async () => env?.close());

  it('reads the rows a handler needs and runs the event again, applying each change once, as with every row in memory', async () => {
    const set = new ProjectionSet(projections);
    const inMemory = new RowState();
    expect(set.apply(events, inMemory)).toBeUndefined(); // nothing to await with every row in memory

    // The live writer's shape, at its worst: batches of 7 events, each with a row state that knows
    // nothing and reads every row it meets from the rows the batches before it wrote.
    const stored = new Map<TableDef, Map<string, Row | null>>();
    let reads = 0;
    for (let from = 0; from < events.length; from += 7) {
      const batchReads: string[] = [];
      const state = new RowState(async (table: TableDef, key: Key) => {
        batchReads.push(`${table.name}:${keyString(table, key)}`);
        const row = stored.get(table)?.get(keyString(table, key));
        return row ? structuredClone(row) : undefined;
      });
      await set.apply(events.slice(from, from + 7), state);
      // The state remembers what it read, present or absent: a row is read once a batch.
      expect(new Set(batchReads).size).toBe(batchReads.length);
      reads += batchReads.length;
      for (const [table, rows] of state.rows) {
        if (table.appendOnly) continue;
        let into = stored.get(table);
        if (!into) stored.set(table, (into = new Map()));
        for (const [k, row] of rows) into.set(k, row);
      }
    }

    expect(events.length).toBeGreaterThan(500);
    expect(reads).toBeGreaterThan(events.length / 2);
    expect(contents(stored)).toEqual(contents(inMemory.rows));
    // Increments are where a handler run twice would show: check-in compliance counts every check-in once.
    const compliance = [...(inMemory.rows.get(checkInComplianceTable)?.values() ?? [])] as Row[];
    const scheduled = events.filter((e) => e.type === 'CheckInScheduled').length;
    expect(scheduled).toBeGreaterThan(0);
    expect(compliance.reduce((n, row) => n + (row.scheduled as number), 0)).toBe(scheduled);
  });

  it('passes on an error a handler throws', async () => {
    const boom = new Error('handler failed');
    const set = new ProjectionSet([
      ...projections,
      {
        name: 'failing',
        tables: [],
        handlers: {
          PairConfirmed: () => {
            throw boom;
          },
        },
      },
    ]);
    const confirmed = events.findIndex((e) => e.type === 'PairConfirmed');
    expect(confirmed).toBeGreaterThan(0);
    const state = new RowState(async () => undefined);
    await expect(set.apply(events.slice(0, confirmed + 1), state)).rejects.toBe(boom);
  });
});
