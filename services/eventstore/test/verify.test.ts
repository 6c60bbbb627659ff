import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainVerification, type EventStore, type RecordedEvent, verifyTenantChain } from '../src/index';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { event, freshTenant } from './contract';
import { createScratchDatabase } from './support/postgres';

/** Direct access to the stored rows, bypassing the store: what an attacker with the database could do. */
interface Tamper {
  /** Runs one statement with `?` placeholders. */
  run(sql: string, params: unknown[]): Promise<void>;
  /** Swaps everything two rows of a tenant store except their places (position and tenant_seq). */
  swapContents(tenant: string, a: number, b: number): Promise<void>;
  /** Swaps the tenant_seq of two rows (each keeps its content and hash). */
  swapSequences(tenant: string, a: number, b: number): Promise<void>;
  close(): Promise<void>;
}

const CONTENT = [
  'event_id',
  'stream_id',
  'stream_revision',
  'type',
  'data',
  'personal',
  'actor',
  'correlation_id',
  'causation_id',
  'occurred_at',
  'schema_version',
  'correlation_key',
  'hash',
];

const sqliteTamper = (file: string): Tamper => {
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  return {
    run: async (sql, params) => void db.prepare(sql).run(...params),
    swapContents: async (tenant, a, b) => {
      const row = (seq: number) => db.prepare('SELECT * FROM events WHERE tenant = ? AND tenant_seq = ?').get(tenant, seq) as Record<string, unknown>;
      db.transaction(() => {
        const [ra, rb] = [row(a), row(b)];
        db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(ra.position, rb.position);
        const insert = db.prepare(`INSERT INTO events (${Object.keys(ra).join(', ')}) VALUES (${Object.keys(ra).map((k) => `@${k}`)})`);
        const swapped = (place: Record<string, unknown>, content: Record<string, unknown>) => ({
          ...place,
          ...Object.fromEntries(CONTENT.map((c) => [c, content[c]])),
        });
        insert.run(swapped(ra, rb));
        insert.run(swapped(rb, ra));
      })();
    },
    swapSequences: async (tenant, a, b) => {
      db.prepare('UPDATE events SET tenant_seq = CASE tenant_seq WHEN ? THEN ? ELSE ? END WHERE tenant = ? AND tenant_seq IN (?, ?)').run(
        a,
        b,
        a,
        tenant,
        a,
        b,
      );
    },
    close: async () => void db.close(),
  };
};

const postgresTamper = async (url: string): Promise<Tamper> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const inTransaction = async (work: () => Promise<void>) => {
    await client.query('BEGIN');
    try {
      await work();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };
  return {
    run: async (sql, params) => void (await client.query(numbered(sql), params)),
    swapContents: (tenant, a, b) =>
      inTransaction(async () => {
        const { rows } = await client.query(
          `SELECT transaction_id::text AS xid, global_position, tenant, tenant_seq, recorded_at, ${CONTENT.map((c) => (c === 'data' || c === 'personal' ? `${c}::text` : c)).join(', ')}
           FROM tandem_events WHERE tenant = $1 AND tenant_seq IN ($2, $3) ORDER BY tenant_seq`,
          [tenant, a, b],
        );
        const [ra, rb] = rows as Record<string, unknown>[];
        await client.query('DELETE FROM tandem_events WHERE tenant = $1 AND tenant_seq IN ($2, $3)', [tenant, a, b]);
        const columns = ['transaction_id', 'global_position', 'tenant', 'tenant_seq', 'recorded_at', ...CONTENT];
        for (const [place, content] of [
          [ra, rb],
          [rb, ra],
        ] as const) {
          const values = [place?.xid, place?.global_position, place?.tenant, place?.tenant_seq, place?.recorded_at, ...CONTENT.map((c) => content?.[c])];
          await client.query(
            `INSERT INTO tandem_events (${columns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ($1::xid8, ${columns
              .slice(1)
              .map((_, i) => `$${i + 2}`)
              .join(', ')})`,
            values,
          );
        }
      }),
    swapSequences: (tenant, a, b) =>
      inTransaction(async () => {
        // UNIQUE (tenant, tenant_seq) is checked row by row: park one row first.
        await client.query('UPDATE tandem_events SET tenant_seq = -1 WHERE tenant = $1 AND tenant_seq = $2', [tenant, a]);
        await client.query('UPDATE tandem_events SET tenant_seq = $3 WHERE tenant = $1 AND tenant_seq = $2', [tenant, b, a]);
        await client.query('UPDATE tandem_events SET tenant_seq = $2 WHERE tenant = $1 AND tenant_seq = -1', [tenant, b]);
      }),
    close: () => client.end(),
  };
};

/** Two tenants' realistic histories, interleaved: several streams, personal parts, correlation keys, one cross-tenant multi-stream append. */
const seed = async (store: EventStore, tenants: [string, string]): Promise<void> => {
  for (let round = 0; round < 3; round++) {
    for (const tenant of tenants) {
      await store.append(`${tenant}/program-${round}`, [
        event(
          tenant,
          'ProgramDrafted',
          { programId: `${tenant}-${round}`, title: `Mentorship “${round}” — ü` },
          { metadata: { correlationKey: `p${round}` } as never },
        ),
        event(tenant, 'ApplicationWindowOpened', { opensAt: '2026-12-01' }, { metadata: { correlationKey: `p${round}` } as never }),
      ]);
      await store.append(`${tenant}/application-${round}`, [
        event(
          tenant,
          'ApplicationSubmitted',
          { programId: `${tenant}-${round}`, answers: { goals: 'line\nbreak "quoted"' } },
          { personal: { personId: `p-${round}`, ciphertext: 'AAEC' } },
        ),
      ]);
    }
  }
  await store.appendMany(tenants.map((tenant) => ({ streamId: `${tenant}/matching-run`, events: [event(tenant, 'MatchingRunStarted', { runId: 'r1' })] })));
};

const EVENTS_PER_TENANT = 10;

const databases = [
  {
    name: 'SQLite',
    setup: async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'tandem-verify-')), 'events.sqlite');
      return { store: new SqliteEventStore({ filename: file }) as EventStore, tamper: sqliteTamper(file), drop: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL',
    setup: async () => {
      const scratch = await createScratchDatabase('tandem_verify');
      const store = new PostgresEventStore({ connectionString: scratch.url });
      await store.init();
      return { store: store as EventStore, tamper: await postgresTamper(scratch.url), drop: scratch.drop };
    },
  },
];

/**
 * The tenant's events once all are readable. PostgreSQL hands out events only below the oldest
 * transaction still open in the cluster, and another test file's may be (CI once read 5 of 10).
 */
const visible = async (store: EventStore, tenant: string): Promise<RecordedEvent[]> => {
  for (let attempt = 0; ; attempt++) {
    const events = await store.readAll({ tenant });
    if (events.length >= EVENTS_PER_TENANT || attempt === 200) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.each(databases)('verifyTenantChain on $name', ({ setup }) => {
  let store: EventStore;
  let tamper: Tamper;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, tamper, drop } = await setup());
  });
  afterAll(async () => {
    await tamper?.close();
    await store?.close();
    await drop?.();
  });

  /** Two fresh tenants with seeded chains; returns them and the first tenant's events by place. */
  const chains = async () => {
    const tenants: [string, string] = [freshTenant(), freshTenant()];
    await seed(store, tenants);
    const events = await visible(store, tenants[0]);
    await visible(store, tenants[1]);
    expect(events.map((e) => e.tenantSequence)).toEqual(Array.from({ length: EVENTS_PER_TENANT }, (_, i) => i + 1));
    const at = (seq: number) => events.find((e) => e.tenantSequence === seq) as RecordedEvent;
    return { tenant: tenants[0], other: tenants[1], at };
  };

  const expectOk = async (tenant: string) => {
    const result = await verifyTenantChain(store, tenant);
    const head = (await store.stats()).tenants.find((t) => t.tenant === tenant);
    expect(result).toEqual({ status: 'ok', events: EVENTS_PER_TENANT, headHash: head?.headHash });
  };

  it('reports an untouched chain OK with the head hash stats shows, and reports progress', async () => {
    const { tenant, other } = await chains();
    await expectOk(tenant);
    await expectOk(other);
    const progress: [number, number | undefined][] = [];
    const paged = await verifyTenantChain(store, tenant, { pageSize: 3, onProgress: (n, total) => progress.push([n, total]) });
    expect(paged.status).toBe('ok');
    expect(progress).toEqual([
      [3, 10],
      [6, 10],
      [9, 10],
      [10, 10],
    ]);
    expect(await verifyTenantChain(store, 'nobody')).toEqual({ status: 'ok', events: 0, headHash: '0'.repeat(64) });
  });

  it('reports an altered event’s data at exactly its place', async () => {
    const { tenant, other, at } = await chains();
    await tamper.run('UPDATE {table} SET data = ? WHERE tenant = ? AND tenant_seq = ?'.replace('{table}', table(store)), ['{"programId":"forged"}', tenant, 5]);
    const result = await verifyTenantChain(store, tenant, { pageSize: 4 });
    expect(result).toMatchObject({
      status: 'broken',
      problem: 'altered',
      at: { tenantSequence: 5, eventId: at(5).eventId, streamId: at(5).streamId, checkpoint: at(5).checkpoint },
      verifiedBefore: 4,
    });
    await expectOk(other);
  });

  it('reports an altered actor (envelope) at its place', async () => {
    const { tenant, at } = await chains();
    await tamper.run(`UPDATE ${table(store)} SET actor = ? WHERE tenant = ? AND tenant_seq = ?`, ['someone-else', tenant, 1]);
    expect(await verifyTenantChain(store, tenant)).toMatchObject({ status: 'broken', problem: 'altered', at: { tenantSequence: 1, eventId: at(1).eventId } });
  });

  it('reports a deleted event as missing at its place', async () => {
    const { tenant, other } = await chains();
    await tamper.run(`DELETE FROM ${table(store)} WHERE tenant = ? AND tenant_seq = ?`, [tenant, 7]);
    const result = await verifyTenantChain(store, tenant, { pageSize: 2 });
    expect(result).toMatchObject({
      status: 'broken',
      problem: 'missing',
      at: { tenantSequence: 7, eventId: null, streamId: null, checkpoint: null },
      verifiedBefore: 6,
    });
    await expectOk(other);
  });

  it('reports two events whose places were swapped as reordered at the first place', async () => {
    const { tenant, other, at } = await chains();
    await tamper.swapSequences(tenant, 3, 8);
    const result = await verifyTenantChain(store, tenant, { pageSize: 2 });
    expect(result).toMatchObject({ status: 'broken', problem: 'reordered', at: { tenantSequence: 3, eventId: at(8).eventId }, verifiedBefore: 2 });
    expect((result as { detail: string }).detail).toContain(at(3).eventId);
    await expectOk(other);
  });

  it('reports two rows whose contents were swapped as reordered at the first place', async () => {
    const { tenant, other, at } = await chains();
    await tamper.swapContents(tenant, 4, 6);
    const result = await verifyTenantChain(store, tenant);
    expect(result).toMatchObject({ status: 'broken', problem: 'reordered', at: { tenantSequence: 4, eventId: at(6).eventId }, verifiedBefore: 3 });
    await expectOk(other);
  });

  it('reports a rewritten hash at the next link, whose hash was computed from the old one', async () => {
    const { tenant, at } = await chains();
    await tamper.run(`UPDATE ${table(store)} SET hash = ? WHERE tenant = ? AND tenant_seq = ?`, ['f'.repeat(64), tenant, 10]);
    expect(await verifyTenantChain(store, tenant)).toMatchObject({ status: 'broken', problem: 'altered', at: { tenantSequence: 10, eventId: at(10).eventId } });
  });
});

const table = (store: EventStore) => (store.kind === 'sqlite' ? 'events' : 'tandem_events');

describe('verifyTenantChain on a store without readTenantChain (KurrentDB’s path)', () => {
  it('recomputes from the read events and reports events not sealed yet', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    const tenants: [string, string] = [freshTenant(), freshTenant()];
    await seed(store, tenants);
    const tenant = tenants[0];
    const head = (await store.stats()).tenants.find((t) => t.tenant === tenant)?.headHash;
    /** The store as KurrentDB shows it: events read through readAll, the last three not sealed yet. */
    const sealedUpTo = (sealed: number): EventStore =>
      ({
        kind: 'kurrentdb',
        readAll: async (options) => (await store.readAll(options)).map((e) => (e.tenantSequence > sealed ? { ...e, tenantSequence: 0, hash: null } : e)),
        stats: () => store.stats(),
      }) as Partial<EventStore> as EventStore;
    expect(await verifyTenantChain(sealedUpTo(100), tenant)).toEqual<ChainVerification>({ status: 'ok', events: EVENTS_PER_TENANT, headHash: head as string });
    const events = await store.readAll({ tenant });
    const result = await verifyTenantChain(sealedUpTo(7), tenant, { pageSize: 4 });
    expect(result).toMatchObject({ status: 'broken', problem: 'unsealed', at: { tenantSequence: 8, eventId: events[7]?.eventId }, verifiedBefore: 7 });
    expect((result as { detail: string }).detail).toMatch(/^3 events are not sealed yet/);
    await store.close();
  });
});
