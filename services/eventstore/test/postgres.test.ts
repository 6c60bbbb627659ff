import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../src/index';
import { NAMED_STATEMENTS, PostgresEventStore } from '../src/postgres/postgres-event-store';
import { describeEventStoreContract, event, freshTenant } from './contract';
import { createScratchDatabase, eventually } from './support/postgres';

const scratch = await createScratchDatabase('tandem_es');
afterAll(() => scratch.drop());

describeEventStoreContract('PostgreSQL', () => ({
  url: scratch.url,
  atomicMultiStream: true,
  open: async () => {
    const store = new PostgresEventStore({ connectionString: scratch.url });
    await store.init();
    return store;
  },
}));

describe('PostgreSQL: gap-safe global order', () => {
  let store: PostgresEventStore;
  let raw: pg.Client;
  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: scratch.url });
    await store.init();
    raw = new pg.Client({ connectionString: scratch.url });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.end();
    await store.close();
  });

  it('delivers a transaction held open across the switch from catch-up to live exactly once, in the order readAll and checkpoints agree on', async () => {
    const tenant = freshTenant();
    const other = freshTenant();
    const start = await store.headCheckpoint();
    for (let i = 0; i < 5; i++) await store.append(`${tenant}/program-g`, [event(tenant, 'Early', { i })]);

    // A writer takes its sequence value and xid, then stalls before committing.
    await raw.query('BEGIN');
    const late = event(other, 'Late', { i: 'late' });
    await store.appendWithin(raw, `${other}/program-late`, [{ ...late, eventId: '0190f0c0-0000-7000-8000-000000000001' }]);

    const received: RecordedEvent[] = [];
    const subscription = store.subscribe({ from: start, batchSize: 3 }, (events) => {
      received.push(...events.filter((e) => e.metadata.tenant === tenant || e.metadata.tenant === other));
    });
    await subscription.caughtUp;
    expect(received.map((e) => e.type)).toEqual(['Early', 'Early', 'Early', 'Early', 'Early']);

    // Later writers commit while the first is still open: they must not overtake it.
    for (let i = 0; i < 3; i++) await store.append(`${tenant}/program-g`, [event(tenant, 'AfterLate', { i })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((e) => e.type !== 'Early')).toEqual([]);

    await raw.query('COMMIT');
    const deadline = Date.now() + 10_000;
    while (received.length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await subscription.stop();

    expect(received.map((e) => e.type)).toEqual(['Early', 'Early', 'Early', 'Early', 'Early', 'Late', 'AfterLate', 'AfterLate', 'AfterLate']);
    const checkpoints = received.map((e) => e.checkpoint);
    expect([...checkpoints].sort()).toEqual(checkpoints);
    const all = [...(await store.readAll({ tenant, limit: 100 })), ...(await store.readAll({ tenant: other, limit: 100 }))].sort((a, b) =>
      a.checkpoint < b.checkpoint ? -1 : 1,
    );
    expect(all.map((e) => e.eventId)).toEqual(received.map((e) => e.eventId));
    // The late event's sequence value is lower than the events it is delivered before.
    const lateEvent = received.find((e) => e.type === 'Late') as RecordedEvent;
    expect(received.filter((e) => e.type === 'AfterLate').every((e) => e.globalPosition > lateEvent.globalPosition)).toBe(true);
  });
});

describe('PostgreSQL: the visible and the committed head', () => {
  it('tells them apart while a transaction open in another database of the cluster holds visibility back', async () => {
    const elsewhere = await createScratchDatabase('tandem_es_elsewhere');
    const open = new pg.Client({ connectionString: elsewhere.url });
    await open.connect();
    const store = new PostgresEventStore({ connectionString: scratch.url });
    try {
      await open.query('BEGIN');
      await open.query('SELECT pg_current_xact_id()');
      const tenant = freshTenant();
      const { checkpoint } = await store.append(`${tenant}/program-h`, [event(tenant, 'Committed', {})]);
      expect(await store.committedHead()).toBe(checkpoint);
      const visible = await store.headCheckpoint();
      expect(visible === null || visible < checkpoint, `the visible head ${visible} is not behind ${checkpoint}`).toBe(true);
      expect((await store.readAll({ tenant })).map((e) => e.type)).toEqual([]);

      await open.query('COMMIT');
      // Other test files may hold transactions open too: the visible head catches up once they end.
      const deadline = Date.now() + 30_000;
      while (((await store.headCheckpoint()) ?? '') < checkpoint && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await store.readAll({ tenant })).map((e) => e.checkpoint)).toEqual([checkpoint]);
    } finally {
      await open.end();
      await store.close();
      await elsewhere.drop();
    }
  });
});

describe('PostgreSQL: bystanders', () => {
  it('lets readers and subscribers past a transaction open in another database that declared it will not append', async () => {
    const elsewhere = await createScratchDatabase('tandem_es_bystander');
    const open = new pg.Client({ connectionString: elsewhere.url });
    await open.connect();
    const store = new PostgresEventStore({ connectionString: scratch.url });
    const tenant = freshTenant();
    const received: string[] = [];
    const subscription = store.subscribe({ tenant }, (events) => {
      received.push(...events.map((e) => e.checkpoint));
    });
    try {
      await subscription.caughtUp;
      await open.query('BEGIN');
      await open.query('CREATE TABLE rows_of_a_rebuild (n int)');
      expect(await store.declareBystander(open)).toBe(true);
      expect(await store.declareBystander(open)).toBe(true);
      const { checkpoint } = await store.append(`${tenant}/program-b`, [event(tenant, 'Appended', {})]);
      // The declared transaction stays open throughout: readers must not wait for it.
      expect(await eventually(async () => ((await store.headCheckpoint()) ?? '') >= checkpoint)).toBe(true);
      expect((await store.readAll({ tenant })).map((e) => e.checkpoint)).toEqual([checkpoint]);
      expect(await eventually(async () => received.length === 1)).toBe(true);
      expect(received).toEqual([checkpoint]);
      expect((await open.query<{ n: string }>("SELECT current_setting('application_name') AS n")).rows[0]?.n).toMatch(/^tandem-bystander-/);
      await open.query('COMMIT');
      expect((await open.query<{ n: string }>("SELECT current_setting('application_name') AS n")).rows[0]?.n).not.toMatch(/^tandem-bystander-/);
    } finally {
      await subscription.stop();
      await open.end();
      await store.close();
      await elsewhere.drop();
    }
  });

  it('records nothing for a client outside a transaction, and forgets bystanders that ended', async () => {
    const store = new PostgresEventStore({ connectionString: scratch.url });
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      // Outside a transaction the id belongs to the declaring statement alone, which has ended.
      expect(await store.declareBystander(client)).toBe(false);
      await client.query('BEGIN');
      expect(await store.declareBystander(client)).toBe(true);
      const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const declared = rows[0]?.xid as string;
      await client.query('COMMIT');
      const recorded = async () => (await store.pool.query('SELECT 1 FROM tandem_log_bystanders WHERE xid = $1::xid8', [declared])).rowCount === 1;
      expect(await recorded()).toBe(true);
      // The next declaration forgets the ended ones, once every transaction older than them has ended.
      await client.query('BEGIN');
      expect(await eventually(async () => (await store.declareBystander(client)) && !(await recorded()))).toBe(true);
      await client.query('COMMIT');
    } finally {
      await client.end();
      await store.close();
    }
  });
});

describe('PostgreSQL: waking subscribers in other processes', () => {
  const notificationsDuring = async (work: (store: PostgresEventStore, raw: pg.Client) => Promise<void>): Promise<number> => {
    const store = new PostgresEventStore({ connectionString: scratch.url });
    const listener = new pg.Client({ connectionString: scratch.url });
    const raw = new pg.Client({ connectionString: scratch.url });
    await Promise.all([store.init(), listener.connect(), raw.connect()]);
    let received = 0;
    listener.on('notification', (n) => {
      if (n.channel === 'tandem_events') received++;
    });
    await listener.query('LISTEN tandem_events');
    try {
      await work(store, raw);
      // A round trip on the listener's connection after the work: notifications sent before it have arrived.
      for (let i = 0; i < 50 && received === 0; i++) await listener.query('SELECT pg_sleep(0.01)');
      return received;
    } finally {
      await Promise.all([store.close(), listener.end(), raw.end()]);
    }
  };

  it('notifies tandem_events after a single append and after a multi-stream append commit', async () => {
    const tenant = freshTenant();
    expect(await notificationsDuring((store) => store.append(`${tenant}/program-n`, [event(tenant, 'Noted', {})]).then(() => undefined))).toBeGreaterThan(0);
    expect(
      await notificationsDuring((store) =>
        store
          .appendMany([
            { streamId: `${tenant}/program-m1`, events: [event(tenant, 'Noted', {})] },
            { streamId: `${tenant}/program-m2`, events: [event(tenant, 'Noted', {})] },
          ])
          .then(() => undefined),
      ),
    ).toBeGreaterThan(0);
  });

  it('notifies for an append inside a caller’s transaction only when the caller commits', async () => {
    const tenant = freshTenant();
    const rolledBack = await notificationsDuring(async (store, raw) => {
      await raw.query('BEGIN');
      await store.appendWithin(raw, `${tenant}/program-r`, [event(tenant, 'Noted', {})]);
      await raw.query('ROLLBACK');
    });
    expect(rolledBack).toBe(0);
    const committed = await notificationsDuring(async (store, raw) => {
      await raw.query('BEGIN');
      await store.appendWithin(raw, `${tenant}/program-c`, [event(tenant, 'Noted', {})]);
      await raw.query('COMMIT');
    });
    expect(committed).toBeGreaterThan(0);
  });
});

describe('PostgreSQL: plans that do not depend on statistics', () => {
  /** The node types and index names of an EXPLAIN (FORMAT JSON) plan. */
  const planNodes = (plan: unknown): string[] => {
    const found: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'Index Name' || key === 'Node Type') found.push(String(value));
          walk(value);
        }
      }
    };
    walk(plan);
    return found;
  };

  it('keeps every named statement on its index in generic plans made on a new, never analysed table (the chain head by tenant_seq)', async () => {
    const fresh = await createScratchDatabase('tandem_es_plan');
    const store = new PostgresEventStore({ connectionString: fresh.url });
    const client = new pg.Client({ connectionString: fresh.url });
    const tenant = freshTenant();
    const id = '0190f0c0-0000-7000-8000-0000000000ff';
    // Sample arguments; only the plans are looked at (EXPLAIN without ANALYZE runs nothing).
    const probes: Record<keyof typeof NAMED_STATEMENTS, string> = {
      APPEND_ONE: `'${id}', '${tenant}/s', 3, '${tenant}', 40, 'T', '{}', null, 'a', 'c', null, '2026-11-29T00:00:00.000Z', 1, null, 'h', 'g'`,
      APPEND_MANY: `ARRAY['${id}']::uuid[], '${tenant}/s', 3, '${tenant}', 40, ARRAY['T'], ARRAY['{}']::json[], ARRAY[null]::json[], ARRAY['a'], ARRAY['c'],
                    ARRAY[null]::text[], ARRAY['2026-11-29T00:00:00.000Z'], ARRAY[1], ARRAY[null]::text[], ARRAY['h'], 'g'`,
      LOOKUP: `'${tenant}/s', '${tenant}'`,
      STREAM_REVISION: `'${tenant}/s'`,
    };
    try {
      await store.init();
      await client.connect();
      await client.query('ALTER TABLE tandem_events SET (autovacuum_enabled = false)');
      await client.query('SET plan_cache_mode = force_generic_plan');
      for (const [name, statement] of Object.entries(NAMED_STATEMENTS)) await client.query(`PREPARE ${name} AS ${statement.text}`);
      const plans = async () => {
        const out: Record<string, string[]> = {};
        for (const [name, args] of Object.entries(probes)) {
          const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE ${name}(${args})`);
          out[name] = planNodes(rows[0]['QUERY PLAN']);
        }
        return out;
      };
      const empty = await plans();
      for (let i = 0; i < 200; i++) await store.append(`${tenant}/s-${i % 20}`, [event(tenant, 'Filled', { i })]);
      const filled = await plans();
      const { rows } = await client.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = 'tandem_events'");
      expect(rows[0]?.reltuples).toBe(-1);
      for (const each of [empty, filled]) {
        for (const [name, plan] of Object.entries(each)) {
          expect(plan, name).not.toContain('Seq Scan');
          expect(plan, name).not.toContain('tandem_events_tenant');
        }
        for (const name of ['APPEND_ONE', 'APPEND_MANY', 'LOOKUP']) expect(each[name], name).toContain('tandem_events_tenant_seq_key');
      }
    } finally {
      await client.end();
      await store.close();
      await fresh.drop();
    }
  });
});
