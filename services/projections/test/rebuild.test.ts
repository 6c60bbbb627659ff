import { InMemoryKeyStore } from '@tandem/domain';
import { acceptsBystanders } from '@tandem/eventstore';
import { event, freshTenant } from '@tandem/eventstore/contract';
import { eventually } from '@tandem/eventstore/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexName } from '../src/db/ddl';
import { auditEventTable, listApplications, Projector, programAsOf, programSnapshot, readModelTables, rebuild } from '../src/index';
import { type Env, openEnv } from './support/env';
import { generateHistory, type HistorySummary } from './support/history';

// 50k events on SQLite in memory; files (whose rebuild writes on a thread of its own) and
// PostgreSQL replay smaller histories to keep the suite within minutes.
const variants = [
  { name: 'sqlite', kind: 'sqlite', file: false, size: 50_000 },
  { name: 'a sqlite file', kind: 'sqlite', file: true, size: 20_000 },
  { name: 'postgres', kind: 'postgres', file: false, size: 10_000 },
] as const;

describe.each(variants)('a rebuild of a generated history on $name', ({ kind, file, size }) => {
  let env: Env;
  let history: HistorySummary;
  const keyStore = new InMemoryKeyStore();

  beforeAll(async () => {
    env = await openEnv(kind, 'proj_rebuild', { file });
    history = await generateHistory(env.store, keyStore, { tenants: 3, programsPerTenant: 40, applicationsPerProgram: 120, maxEvents: size });
    const projector = new Projector({ store: env.store, keyStore, readModels: env.readModels, batchSize: 1_000 });
    await projector.start();
    expect(await projector.waitFor(history.lastCheckpoint as string, 110_000)).toBe(true);
    await projector.stop();
  });
  afterAll(async () => env?.close());

  it(`equals the live tables (${size.toLocaleString('en')} events)`, async () => {
    expect(history.events).toBeGreaterThanOrEqual(size);
    const progress: number[] = [];
    const result = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true, onProgress: (p) => progress.push(p.events) });
    expect(result.events).toBe(history.events);
    expect(progress.at(-1)).toBe(history.events);
    expect(result.differences).toEqual([]);
  });

  it('equals them too when many flushes run while the replay reads on, rows changing between them', async () => {
    const small = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true, pageSize: 300, flushRows: 1_000 });
    expect(small.events).toBe(history.events);
    expect(small.differences).toEqual([]);
  });

  it('reports every difference when a live row was changed behind the projector’s back', async () => {
    await env.readModels.run(`update "application" set "status" = 'tampered' where "application_id" = ?`, [`${history.programs[0]!.programId}-a1`]);
    await env.readModels.run(`delete from "output" where "output_id" in (select "output_id" from "output" order by "output_id" limit 1)`);
    const result = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true });
    expect(result.differences).toEqual([
      expect.objectContaining({ table: 'application', kind: 'changed', columns: [{ column: 'status', live: 'tampered', rebuilt: expect.any(String) }] }),
      expect.objectContaining({ table: 'output', kind: 'missing-in-live' }),
    ]);
  });

  it('swaps the rebuilt tables in, which repairs them, and as-of agrees with them', async () => {
    await rebuild({ store: env.store, keyStore, readModels: env.readModels });
    expect((await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true })).differences).toEqual([]);
    const { tenant, programId } = history.programs[1]!;
    const {
      checkpoint: _c,
      events: _e,
      replayed: _r,
      ...asOf
    } = await programAsOf(env.store, keyStore, tenant, programId, { checkpoint: history.lastCheckpoint as string });
    expect(asOf).toEqual(await programSnapshot(env.readModels, tenant, programId));
  });

  it('pages a program’s applications in submission order along its index, with statistics right after the swap', async () => {
    await rebuild({ store: env.store, keyStore, readModels: env.readModels });
    const { tenant, programId } = history.programs[1]!;
    const whole = await listApplications(env.readModels, { tenant, programId, limit: 1000 });
    expect(whole.length).toBe(120);
    const walked: typeof whole = [];
    for (let after: (typeof whole)[number] | undefined; ; ) {
      const page = await listApplications(env.readModels, {
        tenant,
        programId,
        limit: 50,
        ...(after ? { after: { submittedAt: after.submittedAt, applicationId: after.applicationId } } : {}),
      });
      walked.push(...page);
      if (page.length < 50) break;
      after = page.at(-1);
    }
    expect(walked.map((a) => a.applicationId)).toEqual(whole.map((a) => a.applicationId));
    expect(whole.every((a, i) => i === 0 || (whole[i - 1] as typeof a).submittedAt <= a.submittedAt)).toBe(true);

    const page = `select * from "application" where "tenant" = ? and "program_id" = ? and ("submitted_at", "application_id") > (?, ?) order by "submitted_at", "application_id" limit 51`;
    const params = [tenant, programId, whole[9]?.submittedAt, whole[9]?.applicationId];
    if (kind === 'sqlite') {
      const plan = (await env.readModels.execute<{ detail: string }>(`explain query plan ${page}`, params)).map((r) => r.detail).join('\n');
      expect(plan).toContain('application_tenant_programid_submittedat_applicationid_index');
      expect(plan).not.toContain('TEMP B-TREE');
    } else {
      // Rebuilt tables are new to autovacuum: the rebuild analyses them itself.
      const [stats] = await env.readModels.execute<{ last_analyze: string | null }>(
        `select last_analyze from pg_stat_user_tables where relname = 'application'`,
      );
      expect(stats?.last_analyze).not.toBeNull();
      const plan = (await env.readModels.execute<{ 'QUERY PLAN': string }>(`explain ${page}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('application_tenant_programid_submittedat_applicationid_index');
      expect(plan).not.toMatch(/Sort/);
    }
  });

  it('lets a projector started on the swapped-in tables stop at once, before it has subscribed', async () => {
    await rebuild({ store: env.store, keyStore, readModels: env.readModels });
    const projector = new Projector({ store: env.store, keyStore, readModels: env.readModels });
    await projector.start();
    // The rebuild's checkpoint is the head: nothing to wait for, so stop() comes before the subscription exists.
    expect(await projector.waitFor(history.lastCheckpoint as string, 1)).toBe(true);
    const stopped = await Promise.race([projector.stop().then(() => 'stopped'), new Promise((r) => setTimeout(r, 5_000, 'still running'))]);
    expect(stopped).toBe('stopped');
  });

  it('keeps every declared index through swaps and leaves no old or half-built table behind', async () => {
    const indexesNow = async () => {
      const rows =
        kind === 'sqlite'
          ? await env.readModels.execute<{ name: string; tbl: string }>(
              `select name, tbl_name as tbl from sqlite_schema where type = 'index' and sql is not null`,
            )
          : await env.readModels.execute<{ name: string; tbl: string }>(
              `select indexname as name, tablename as tbl from pg_indexes where schemaname = current_schema()`,
            );
      return new Map(rows.map((r) => [r.name, r.tbl]));
    };
    const tablesNow = async () =>
      (kind === 'sqlite'
        ? await env.readModels.execute<{ name: string }>(`select name from sqlite_schema where type = 'table'`)
        : await env.readModels.execute<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema()`)
      ).map((r) => r.name);
    const declaredNames = async () => {
      const indexes = await indexesNow();
      return readModelTables.flatMap((table) =>
        (table.indexes ?? []).map((columns) => {
          const declared = indexName(table.name, columns as string[]);
          // SQLite cannot rename an index: a rebuilt table's index has the declared name or the declared name with `_alt`.
          const name = [declared, `${declared}_alt`].find((n) => indexes.get(n) === table.name);
          expect(name, `${declared} on ${table.name}`).toBeDefined();
          return name;
        }),
      );
    };
    const before = await declaredNames();
    await rebuild({ store: env.store, keyStore, readModels: env.readModels });
    const after = await declaredNames();
    expect((await tablesNow()).filter((t) => t.endsWith('__rebuild') || t.endsWith('__retired'))).toEqual([]);
    if (kind === 'postgres') expect(after).toEqual(before);
    else expect(after.every((name, i) => name !== before[i])).toBe(true);
  });

  // Last: another round table's events change the tables' statistics, which the paging test's plan depends on.
  it('swaps in while events are appended and the live projector follows them: afterwards both agree, nothing lost or doubled', async () => {
    const projector = new Projector({ store: env.store, keyStore, readModels: env.readModels, batchSize: 200 });
    await projector.start();
    try {
      // Another round table's history, appended while the rebuild replays, catches up and swaps.
      const appending = generateHistory(env.store, keyStore, {
        prefix: 'during',
        tenants: 1,
        programsPerTenant: 4,
        applicationsPerProgram: 60,
        maxEvents: 2_000,
      });
      const result = await rebuild({ store: env.store, keyStore, readModels: env.readModels });
      const appended = await appending;
      expect(result.swapped).toBe(true);
      // It replayed some of them: the appends ran while it did.
      expect(result.events).toBeGreaterThan(history.events);
      expect(await projector.waitFor((await env.store.committedHead()) as string, 60_000)).toBe(true);
      const check = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true });
      expect(check.events).toBe(history.events + appended.events);
      expect(check.differences).toEqual([]);
    } finally {
      await projector.stop();
    }
  });
});

describe('a rebuild on PostgreSQL beside live readers of the log', () => {
  let env: Env;
  const keyStore = new InMemoryKeyStore();
  beforeAll(async () => {
    env = await openEnv('postgres', 'proj_bystander');
    await generateHistory(env.store, keyStore, { tenants: 1, programsPerTenant: 2, applicationsPerProgram: 30, maxEvents: 500 });
  });
  afterAll(async () => env?.close());

  it('declares the transactions it writes in bystanders of the log: events appended while one is open are read at once', async () => {
    if (!acceptsBystanders(env.store)) throw new Error('the PostgreSQL event store accepts bystanders');
    const store = env.store;
    const nextId = async () =>
      BigInt((await env.readModels.execute<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x'))[0]?.x as string);
    const before = await nextId();
    await rebuild({ store, keyStore, readModels: env.readModels });
    // The rebuild's last transaction (an ANALYZE) is still on record: no later declaration has forgotten it.
    const declared = await env.readModels.execute<{ xid: string }>('select xid::text as xid from tandem_log_bystanders');
    expect(declared.some((row) => BigInt(row.xid) >= before)).toBe(true);

    // A transaction held open as a flush's is: an append meanwhile is read while it is still open.
    const tenant = freshTenant();
    let seen = false;
    await env.readModels.nativeTransaction(
      async (run) => {
        await run('create table bystander_probe (n int)', []);
        const { checkpoint } = await store.append(`${tenant}/program-p`, [event(tenant, 'Appended', {})]);
        seen = await eventually(async () => ((await store.headCheckpoint()) ?? '') >= checkpoint);
        await run('drop table bystander_probe', []);
      },
      { onBegin: (client) => store.declareBystander(client) },
    );
    expect(seen).toBe(true);
  });
});

describe('a rebuild of SQLite files', () => {
  let env: Env;
  const keyStore = new InMemoryKeyStore();
  beforeAll(async () => {
    env = await openEnv('sqlite', 'proj_audit_sql', { file: true });
  });
  afterAll(async () => env?.close());

  it('makes the audit index in SQL from the log as the handler makes it, whatever the program id comes from', async () => {
    const tenant = freshTenant();
    const keyed = (key: string) => ({ metadata: { correlationKey: key } }) as Parameters<typeof event>[3];
    await env.store.appendMany([
      { streamId: `${tenant}/program-p1`, events: [event(tenant, 'NotedInAudit', { n: 1 }, keyed('p1')), event(tenant, 'NotedInAudit', { n: 2 })] },
      { streamId: `${tenant}/program-p2`, events: [event(tenant, 'NotedInAudit', { n: 3 }, keyed(''))] },
      { streamId: `${tenant}/application-a1`, events: [event(tenant, 'NotedInAudit', { n: 4 }, keyed('p3'))] },
      { streamId: `${tenant}/application-a2`, events: [event(tenant, 'NotedInAudit', { n: 5 })] },
      { streamId: `${tenant}/programme-x`, events: [event(tenant, 'NotedInAudit', { n: 6 })] },
    ]);
    const projector = new Projector({ store: env.store, keyStore, readModels: env.readModels });
    await projector.start();
    expect(await projector.waitFor((await env.store.headCheckpoint()) as string, 10_000)).toBe(true);
    await projector.stop();
    const programIds = (await env.readModels.rows(auditEventTable)).filter((r) => r.tenant === tenant).map((r) => r.programId);
    expect(programIds).toEqual(['p1', 'p1', 'p2', 'p3', null, null]);

    // Verify replays up to the live checkpoint on the writer thread, the audit rows made in SQL.
    const verified = await rebuild({ store: env.store, keyStore, readModels: env.readModels, verify: true, pageSize: 2 });
    expect(verified.differences).toEqual([]);
  });
});
