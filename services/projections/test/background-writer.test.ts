import { event } from '@tandem/eventstore/contract';
import type { SqliteEventStore } from '@tandem/eventstore/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowState } from '../src/core/engine';
import { createTableSql } from '../src/db/ddl';
import { auditEventTable } from '../src/index';
import type { BackgroundWriter } from '../src/writers/background-writer';
import { planFlush } from '../src/writers/bulk-writer';
import { type Env, openEnv } from './support/env';

const into = `${auditEventTable.name}__background_test`;

/** A flush's statements for audit rows `from`..`to` - 1 of tenant t. */
const auditFlush = (env: Env, from: number, to: number) => {
  const state = new RowState();
  for (let i = from; i < to; i++) {
    state.apply({
      table: auditEventTable,
      op: 'upsert',
      key: { tenant: 't', checkpoint: String(i).padStart(20, '0') },
      values: {
        eventId: `e${i}`,
        type: 'ApplicationSubmitted',
        streamId: `t/application-${i}`,
        streamRevision: 0,
        programId: 'p',
        actor: 'a',
        correlationId: `c${i}`,
        occurredAt: '2026-11-30T00:00:00.000Z',
        recordedAt: '2026-11-30T00:00:00.000Z',
      },
    });
  }
  return planFlush(env.readModels, state, () => into).statements;
};

describe('the background writer on a SQLite file', () => {
  let env: Env;
  let writer: BackgroundWriter;
  const count = async () => (await env.readModels.execute<{ n: number }>(`select count(*) as n from "${into}"`))[0]?.n;

  beforeAll(async () => {
    env = await openEnv('sqlite', 'proj_background', { file: true });
    await env.readModels.run(createTableSql(auditEventTable, 'sqlite', into));
    writer = (await env.readModels.openBackgroundWriter()) as BackgroundWriter;
  });
  afterAll(async () => {
    await writer?.close();
    await env?.close();
  });

  it('is there only for a file: not for an in-memory database', async () => {
    expect(writer).not.toBeNull();
    const memory = await openEnv('sqlite');
    try {
      expect(await memory.readModels.openBackgroundWriter()).toBeNull();
    } finally {
      await memory.close();
    }
  });

  it('attaches another file for its statements to read, under a plain schema name only', async () => {
    await expect(env.readModels.openBackgroundWriter({ attach: { schema: 'log"; --', file: ':memory:' } })).rejects.toThrow(/not a plain schema name/);
    const reader = (await env.readModels.openBackgroundWriter({ attach: { schema: 'other', file: env.storeUrl.slice('sqlite:'.length) } })) as BackgroundWriter;
    try {
      await env.store.append('t/program-p', [event('t', 'Noted', {})]);
      const copied = `${into}_from_other`;
      await env.readModels.run(`create table "${copied}" (event_id text)`);
      await reader.write([{ sql: `insert into "${copied}" select event_id from other.events`, params: [], rows: 1, table: auditEventTable }]);
      expect(await env.readModels.execute(`select count(*) as n from "${copied}"`)).toEqual([{ n: 1 }]);
    } finally {
      await reader.close();
    }
  });

  it('leaves the attached file to its own writers while it writes', async () => {
    const log = (env.store as SqliteEventStore).db;
    const reader = (await env.readModels.openBackgroundWriter({ attach: { schema: 'other', file: env.storeUrl.slice('sqlite:'.length) } })) as BackgroundWriter;
    const busyTimeout = log.pragma('busy_timeout', { simple: true });
    log.pragma('busy_timeout = 0');
    try {
      const table = `${auditEventTable.name}__long_write`;
      await env.readModels.run(`create table "${table}" (n int)`);
      // One statement that reads the attached file and writes this one's for a second or so.
      const long = `insert into "${table}" with recursive r(n) as (select 1 union all select n + 1 from r where n < 2000000)
        select n from r, (select count(*) from other.events)`;
      let done = false;
      const writing = reader.write([{ sql: long, params: [], rows: 1, table: auditEventTable }]).finally(() => {
        done = true;
      });
      let tries = 0;
      let busy = 0;
      while (!done) {
        try {
          log.exec('begin immediate');
          log.exec('rollback');
        } catch {
          busy++;
        }
        tries++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writing;
      expect(tries).toBeGreaterThan(10);
      expect(busy).toBe(0);
    } finally {
      log.pragma(`busy_timeout = ${busyTimeout}`);
      await reader.close();
    }
  });

  it('writes flushes in the order given, readable from this thread once each is done', async () => {
    const first = writer.write(auditFlush(env, 0, 1_200), 500);
    const second = writer.write(auditFlush(env, 1_200, 2_000), 500);
    await first;
    expect(await count()).toBeGreaterThanOrEqual(1_200);
    await second;
    expect(await count()).toBe(2_000);
  });

  it('fails a flush with the database’s own message and writes none of it, then goes on with the next', async () => {
    const statements = [...auditFlush(env, 2_000, 2_100), ...auditFlush(env, 0, 1)];
    await expect(writer.write(statements)).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await count()).toBe(2_000);
    await writer.write(auditFlush(env, 2_000, 2_100));
    expect(await count()).toBe(2_100);
  });

  it('waits for what was sent before it closes, and refuses writes after', async () => {
    const last = writer.write(auditFlush(env, 2_100, 3_000));
    await writer.close();
    await last;
    expect(await count()).toBe(3_000);
    await expect(writer.write(auditFlush(env, 3_000, 3_001))).rejects.toThrow(/closed/);
  });
});
