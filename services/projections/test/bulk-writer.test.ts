import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowState } from '../src/core/engine';
import { comparableRow, type Row } from '../src/core/table';
import { createTableSql } from '../src/db/ddl';
import { applicationTable, auditEventTable } from '../src/index';
import { flushBulk, planFlush, runStatements } from '../src/writers/bulk-writer';
import { type Env, kinds, openEnv } from './support/env';

/** Text that COPY's text format must escape, or could mistake for its own markers. */
const AWKWARD = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '\\.', 'naïve “quotes”', ''];

describe.each(kinds)('the bulk writer on %s', (kind) => {
  let env: Env;
  const into = (table: { name: string }) => `${table.name}__bulk_test`;

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_bulk');
    for (const table of [auditEventTable, applicationTable]) {
      await env.readModels.run(`drop table if exists "${into(table)}"`);
      await env.readModels.run(createTableSql(table, env.readModels.dialect, into(table)));
    }
  });
  afterAll(async () => env?.close());

  it('writes rows with awkward text, nulls and JSON exactly, first as new rows, then as changes to them', async () => {
    const state = new RowState();
    AWKWARD.forEach((text, i) => {
      state.apply({
        table: auditEventTable,
        op: 'upsert',
        key: { tenant: 't', checkpoint: String(i) },
        values: {
          eventId: `e${i}`,
          type: text,
          streamId: `t/${text}`,
          streamRevision: i,
          programId: i % 2 ? null : text,
          actor: text,
          correlationId: text,
          occurredAt: text,
          recordedAt: text,
        },
      });
      state.apply({
        table: applicationTable,
        op: 'upsert',
        key: { tenant: 't', applicationId: `a${i}` },
        values: {
          programId: 'p',
          name: text,
          email: i % 2 ? null : text,
          topics: [text, 'plain'],
          answers: { [text]: text, nested: { list: [text, null, 1.5, true] } },
          tier: i,
        },
      });
    });
    // Append-only rows leave the state when flushed: what they were is kept here.
    const auditRows = [...state.existing(auditEventTable)].map((r) => ({ ...r }));
    const written = new Map();
    const plan = planFlush(env.readModels, state, into, { copy: true, written });
    if (kind === 'postgres') expect(plan.statements.filter((s) => s.copy !== undefined)).toHaveLength(2);
    else expect(plan.statements.every((s) => s.copy === undefined)).toBe(true);
    await env.readModels.nativeTransaction((run) => runStatements(run, plan.statements));

    // The same application rows again, changed: now they exist, so they go as upserts.
    for (let i = 0; i < AWKWARD.length; i++) {
      state.apply({ table: applicationTable, op: 'patch', key: { tenant: 't', applicationId: `a${i}` }, values: { status: `changed ${AWKWARD[i]}` } });
    }
    await env.readModels.nativeTransaction((run) => flushBulk(env.readModels, run, state, into, { written }));

    for (const table of [auditEventTable, applicationTable]) {
      const stored = await env.readModels.rows(table, { from: into(table) });
      const expected = table === auditEventTable ? auditRows : [...state.existing(table)];
      const comparable = (rows: Row[]) => rows.map((r) => comparableRow(table, r)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(stored).toHaveLength(AWKWARD.length);
      expect(comparable(stored)).toEqual(comparable(expected));
    }
  });

  it('writes the rows a rebuild sets aside (append-only tables) as it writes keyed ones, and forgets them', async () => {
    const state = new RowState(undefined, true, true);
    for (let i = 0; i < 3; i++) {
      state.apply({
        table: auditEventTable,
        op: 'upsert',
        key: { tenant: 'aside', checkpoint: String(i).padStart(20, '0') },
        values: { eventId: `aside${i}`, type: AWKWARD[i] as string, streamId: 't/s', streamRevision: i, actor: 'a', correlationId: 'c' },
      });
    }
    state.apply({ table: applicationTable, op: 'upsert', key: { tenant: 'aside', applicationId: 'a' }, values: { programId: 'p', name: 'A' } });
    // Set aside: not in the keyed rows, still among the rows that exist, counted as changed.
    expect(state.rows.get(auditEventTable)).toBeUndefined();
    expect([...state.existing(auditEventTable)].map((r) => r.eventId)).toEqual(['aside0', 'aside1', 'aside2']);
    expect(state.changedCount()).toBe(4);

    const plan = planFlush(env.readModels, state, into, { copy: true, written: new Map() });
    expect(plan.rows).toBe(4);
    await env.readModels.nativeTransaction((run) => runStatements(run, plan.statements));
    expect(state.changedCount()).toBe(0);
    expect([...state.existing(auditEventTable)]).toEqual([]);
    const stored = await env.readModels.rows(auditEventTable, { from: into(auditEventTable), where: `"tenant" = ?`, params: ['aside'] });
    expect(stored.map((r) => [r.eventId, r.type, r.streamRevision])).toEqual([
      ['aside0', AWKWARD[0], 0],
      ['aside1', AWKWARD[1], 1],
      ['aside2', AWKWARD[2], 2],
    ]);
  });

  it('leaves an append-only row that is already there as it is when told to (the live writer), and fails on it otherwise', async () => {
    const auditRow = (type: string) => {
      const state = new RowState();
      state.apply({
        table: auditEventTable,
        op: 'upsert',
        key: { tenant: 't', checkpoint: 'again' },
        values: { eventId: 'again', type, streamId: 't/s', streamRevision: 0, actor: 'a', correlationId: 'c' },
      });
      return state;
    };
    const flush = (state: RowState, ignoreExisting: boolean) =>
      env.readModels.nativeTransaction((run) => runStatements(run, planFlush(env.readModels, state, into, { ignoreExisting }).statements));
    await flush(auditRow('First'), false);
    await flush(auditRow('Second'), true);
    await expect(flush(auditRow('Third'), false)).rejects.toThrow();
    const stored = await env.readModels.rows(auditEventTable, { from: into(auditEventTable), where: `"event_id" = ?`, params: ['again'] });
    expect(stored.map((r) => r.type)).toEqual(['First']);
  });

  it('cuts a large COPY into statements of 10,000 rows and commits between them when asked to', async () => {
    const state = new RowState();
    const n = 25_000;
    for (let i = 0; i < n; i++) {
      state.apply({
        table: auditEventTable,
        op: 'upsert',
        key: { tenant: 't', checkpoint: String(i).padStart(20, '0') },
        values: { eventId: `big${i}`, type: 'T', streamId: 't/s', streamRevision: i, actor: 'a', correlationId: 'c' },
      });
    }
    const plan = planFlush(env.readModels, state, into, { copy: true });
    if (kind === 'postgres') expect(plan.statements.map((s) => s.rows)).toEqual([10_000, 10_000, 5_000]);
    await env.readModels.nativeTransaction((run) => runStatements(run, plan.statements, 10_000));
    const table = into(auditEventTable);
    const [count] = await env.readModels.execute<{ n: number | string }>(`select count(*) as n from "${table}" where "event_id" like 'big%'`);
    expect(Number(count?.n)).toBe(n);
    if (kind === 'postgres') {
      // Each transaction's rows carry its id (xmin): three statements, three commits.
      const [row] = await env.readModels.execute<{ n: number }>(`select count(distinct xmin::text)::int as n from "${table}" where "event_id" like 'big%'`);
      expect(row?.n).toBe(3);
    }
  });
});
