import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openKeyStore, seedDemo } from '@tandem/domain';
import { type EventStore, openEventStore } from '@tandem/eventstore';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { comparableRow, fromDb, ReadModels, readModelTables, rebuild } from '@tandem/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));
const tandem = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, EVENTSTORE_URL: '' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

/** Where the store's checkpoints and commit times show: they belong to the store, not the history. */
const STORE_ASSIGNED: Record<string, string[]> = { audit_event: ['checkpoint', 'recordedAt'] };

/** Every read-model row, comparable across stores and dialects. */
const dump = async (db: ReadModels) => {
  const out: Record<string, string[]> = {};
  for (const table of readModelTables) {
    const rows = await db.execute(`select * from "${table.name}"`);
    out[table.name] = rows
      .map((raw) => {
        const row = comparableRow(table, fromDb(table, raw));
        for (const column of STORE_ASSIGNED[table.name] ?? []) delete row[column];
        return JSON.stringify(row);
      })
      .sort();
  }
  return out;
};

interface Side {
  store: string;
  readModels: string;
  drop: () => Promise<void>;
}

const sqliteSide = async (): Promise<Side> => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-transfer-'));
  return { store: `sqlite:${join(dir, 'events.sqlite')}`, readModels: `sqlite:${join(dir, 'readmodels.sqlite')}`, drop: async () => undefined };
};
const postgresSide = async (): Promise<Side> => {
  const scratch = await createScratchDatabase('cli_transfer');
  return { store: scratch.url, readModels: scratch.url, drop: scratch.drop };
};

const cases = [
  { name: 'SQLite to SQLite', from: sqliteSide, to: sqliteSide },
  { name: 'PostgreSQL to PostgreSQL', from: postgresSide, to: postgresSide },
  { name: 'SQLite to PostgreSQL', from: sqliteSide, to: postgresSide },
];

/** Rebuilds the side's read models from its store and returns every row. */
const project = async (side: Side) => {
  const store = await openEventStore(side.store);
  const db = await ReadModels.open(side.readModels);
  try {
    await rebuild({ store, keyStore: openKeyStore(store), readModels: db });
    return await dump(db);
  } finally {
    await db.close();
    await store.close();
  }
};

const heads = async (url: string) => {
  const store: EventStore = await openEventStore(url);
  try {
    return (await store.stats()).tenants.map((t) => ({ tenant: t.tenant, events: t.events, headHash: t.headHash }));
  } finally {
    await store.close();
  }
};

describe.each(cases)('tandem export and import, $name', ({ from, to }) => {
  let source: Side;
  let target: Side;
  let dir: string;

  beforeAll(async () => {
    source = await from();
    target = await to();
    dir = mkdtempSync(join(tmpdir(), 'tandem-cli-export-'));
    const store = await openEventStore(source.store);
    await seedDemo(store, openKeyStore(store), { now: '2026-02-15T09:00:00.000Z' });
    await store.close();
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it('exports each round table with a header, keys only when asked, and the events with their chain hashes', async () => {
    for (const tenant of ['vrt', 'lrrt']) {
      const exported = await tandem('export', '--tenant', tenant, '--store', source.store, '--out', join(dir, `${tenant}.jsonl`), '--include-keys');
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toMatch(new RegExp(`exported \\d+ events of "${tenant}" with their person keys`));
    }
    const withKeys = readFileSync(join(dir, 'vrt.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [header] = withKeys;
    const sourceHead = (await heads(source.store)).find((h) => h.tenant === 'vrt');
    expect(header).toMatchObject({ kind: 'tandem-export', version: 1, tenant: 'vrt', keys: true, events: sourceHead?.events, headHash: sourceHead?.headHash });
    const keys = withKeys.filter((l) => l.kind === 'key');
    expect(keys.length).toBeGreaterThan(0);
    expect(withKeys.filter((l) => !l.kind)).toHaveLength(sourceHead?.events ?? -1);

    const plain = await tandem('export', '--tenant', 'vrt', '--store', source.store);
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout.split('\n')[0] as string)).toMatchObject({ keys: false });
    expect(plain.stdout).not.toContain('"kind":"key"');
    for (const k of keys) expect(plain.stdout).not.toContain(k.key);
  });

  it('refuses a file altered after export, naming the line', async () => {
    const lines = readFileSync(join(dir, 'vrt.jsonl'), 'utf8').split('\n');
    const index = lines.findIndex((l) => l.includes('"type":"ApplicationScreened"'));
    lines[index] = (lines[index] as string).replace('"outcome":"eligible"', '"outcome":"ineligible"');
    const altered = join(dir, 'altered.jsonl');
    writeFileSync(altered, lines.join('\n'));
    const scratch = await sqliteSide();
    const refused = await tandem('import', altered, '--store', scratch.store);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`line ${index + 1}: event`);
    expect(refused.stderr).toContain('does not match its chain hash');
  });

  it('imports into an empty store with the same head hashes, and the rebuilt read models equal the original ones', async () => {
    for (const tenant of ['vrt', 'lrrt']) {
      const imported = await tandem('import', join(dir, `${tenant}.jsonl`), '--store', target.store);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`imported \\d+ events of "${tenant}" \\(\\d+ person keys, 0 erased persons\\); head [0-9a-f]{64}`));
    }
    const sort = (h: Awaited<ReturnType<typeof heads>>) => [...h].sort((a, b) => a.tenant.localeCompare(b.tenant));
    expect(sort(await heads(target.store))).toEqual(sort(await heads(source.store)));

    const [original, copy] = [await project(source), await project(target)];
    expect(Object.values(copy).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(100);
    expect(copy).toEqual(original);
  }, 120_000);

  it('refuses to import a round table the store already holds', async () => {
    const again = await tandem('import', join(dir, 'vrt.jsonl'), '--store', target.store);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/round table "vrt" already has \d+ events in this store/);
  });
});
