import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '@tandem/api';
import { openKeyStore, seedDemo } from '@tandem/domain';
import { type EventStore, openEventStore } from '@tandem/eventstore';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { Projector, ReadModels } from '@tandem/projections';
import { generateHistory } from '@tandem/projections/test-support';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));

/** Runs the CLI in `options.cwd` with `options.env`; a non-zero exit resolves too, with its code. */
const tandemWith =
  (options: { cwd?: string; env: NodeJS.ProcessEnv }) =>
  async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], options);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

/** Runs the CLI with the databases named on its command line only. */
const tandem = tandemWith({ env: { ...process.env, EVENTSTORE_URL: '', READMODELS_URL: '' } });

/** Seeds the demo and projects all of it, so that the stored checkpoint is the head. */
const seedAndProject = async (storeUrl: string, readModelsUrl: string): Promise<EventStore> => {
  const events = await openEventStore(storeUrl);
  const keyStore = openKeyStore(events);
  await seedDemo(events, keyStore, { now: new Date('2026-11-29T09:00:00Z') });
  const db = await ReadModels.open(readModelsUrl);
  const projector = new Projector({ store: events, keyStore, readModels: db });
  await projector.start();
  await projector.waitFor((await events.committedHead()) as string, 30_000);
  await projector.stop();
  await db.close();
  return events;
};

describe('tandem projections rebuild --verify on the demo data', () => {
  let store: string;
  let readModels: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-verify-'));
    store = `sqlite:${join(dir, 'events.sqlite')}`;
    readModels = `sqlite:${join(dir, 'readmodels.sqlite')}`;
    await (await seedAndProject(store, readModels)).close();
  }, 60_000);

  it('finds the rebuilt tables equal to the live ones, with its progress on standard error', async () => {
    const { code, stdout, stderr } = await tandem('projections', 'rebuild', '--verify', '--store', store, '--readmodels', readModels);
    expect(code).toBe(0);
    expect(stdout).toContain('verify: the rebuilt tables equal the live tables');
    expect(stdout).toMatch(/^[\d,]+ events in (\d+ ms|\d+\.\d s) \([\d,]+ events\/s\), checkpoint \d+$/m);
    expect(stderr).toMatch(/replay\s+\[[█░]+\] 100% \| [\d,]+\/[\d,]+ events \| [\d,]+ events\/s \| ETA (\d+s|—)/);
    // cli-progress printed an ETA it could not estimate as "LLs".
    expect(stderr).not.toContain('LLs');
  });

  it('prints every difference and exits 1 when a live row was changed behind the projector', async () => {
    const db = await ReadModels.open(readModels);
    await db.run(`update "application" set "name" = 'Tampered' where "application_id" = (select min("application_id") from "application")`);
    await db.close();
    const { code, stdout } = await tandem('projections', 'rebuild', '--verify', '--store', store, '--readmodels', readModels);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^application \S+: changed — name: live "Tampered" ≠ rebuilt "[^"]+"$/m);
  });
});

/** An event no projection reads: only the lag sees it. */
const probe = (store: EventStore) =>
  store.append('vrt/status-probe', [
    {
      type: 'StatusProbe',
      data: {},
      metadata: { tenant: 'vrt', actor: 'test', correlationId: 'status', causationId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 },
    },
  ]);

const status = async (storeUrl: string, readModelsUrl: string) => {
  const json = await tandem('projections', 'status', '--json', '--store', storeUrl, '--readmodels', readModelsUrl);
  const text = await tandem('projections', 'status', '--store', storeUrl, '--readmodels', readModelsUrl);
  expect(json.code, json.stderr).toBe(0);
  expect(text.code, text.stderr).toBe(0);
  return { json: JSON.parse(json.stdout) as Record<string, unknown>, lag: /^lag: +(.*)$/m.exec(text.stdout)?.[1] };
};

describe('tandem projections status', () => {
  it('says caught up, then how old the oldest unapplied event is (SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-status-'));
    const storeUrl = `sqlite:${join(dir, 'events.sqlite')}`;
    const readModelsUrl = `sqlite:${join(dir, 'readmodels.sqlite')}`;
    const events = await seedAndProject(storeUrl, readModelsUrl);
    try {
      const before = await status(storeUrl, readModelsUrl);
      expect(before.json).toMatchObject({ caughtUp: true, heldBack: false, ms: 0 });
      expect(before.lag).toBe('caught up');

      const { checkpoint } = await probe(events);
      const after = await status(storeUrl, readModelsUrl);
      expect(after.json).toMatchObject({ caughtUp: false, heldBack: false, head: checkpoint, ms: expect.any(Number) });
      expect(after.lag).toMatch(/^behind, oldest unapplied event \d+ ms old$/);
    } finally {
      await events.close();
    }
  }, 60_000);

  it('says why it cannot age committed events that an open transaction in another database hides (PostgreSQL)', async () => {
    const scratch = await createScratchDatabase('cli_status');
    const elsewhere = await createScratchDatabase('cli_status_other');
    const open = new pg.Client({ connectionString: elsewhere.url });
    const events = await seedAndProject(scratch.url, scratch.url);
    try {
      await open.connect();
      // A write transaction anywhere on the server holds back what readers see (pg_snapshot_xmin).
      await open.query('BEGIN');
      await open.query('SELECT pg_current_xact_id()');
      const { checkpoint } = await probe(events);
      const held = await status(scratch.url, scratch.url);
      expect(held.json).toMatchObject({ caughtUp: false, heldBack: true, head: checkpoint, ms: null });
      expect(held.lag).toBe('behind: committed events not readable yet, an earlier transaction on the database server is still open');

      await open.query('COMMIT');
      // Other test files may hold transactions open too: wait until the probe can be read.
      const deadline = Date.now() + 30_000;
      while (((await events.headCheckpoint()) ?? '') < checkpoint && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const readable = await status(scratch.url, scratch.url);
      expect(readable.json).toMatchObject({ caughtUp: false, heldBack: false, ms: expect.any(Number) });
    } finally {
      await open.end();
      await events.close();
      await elsewhere.drop();
      await scratch.drop();
    }
  }, 120_000);
});

describe('tandem projections configured as the server is, by DATABASE_URL alone', () => {
  it('opens the PostgreSQL read models the server opens, not a SQLite file of its own', async () => {
    const scratch = await createScratchDatabase('cli_database_url');
    const events = await seedAndProject(scratch.url, scratch.url);
    await events.close();
    // A folder with no data in it: the embedded default would appear here as ./data.
    const cwd = mkdtempSync(join(tmpdir(), 'tandem-cli-database-url-'));
    const { EVENTSTORE_URL, READMODELS_URL, KURRENTDB_URL, TANDEM_DATA_DIR, ...rest } = process.env;
    const env = { ...rest, DATABASE_URL: scratch.url };
    const cli = tandemWith({ cwd, env });
    try {
      const server = loadConfig({ DATABASE_URL: scratch.url });
      expect(server).toMatchObject({ eventStoreUrl: scratch.url, readModelsUrl: scratch.url });

      const status = await cli('projections', 'status');
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(`read models: ${server.readModelsUrl}`);
      expect(status.stdout).toMatch(/^lag: +caught up$/m);
      // An empty variable counts as unset, as the server's configuration counts it.
      const empty = await tandemWith({ cwd, env: { ...env, EVENTSTORE_URL: '', READMODELS_URL: '', KURRENTDB_URL: '', TANDEM_DATA_DIR: '' } })(
        'projections',
        'status',
      );
      expect(empty.code, empty.stderr).toBe(0);
      expect(empty.stdout).toBe(status.stdout);

      const verify = await cli('projections', 'rebuild', '--verify');
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toContain('verify: the rebuilt tables equal the live tables');
      expect(existsSync(join(cwd, 'data'))).toBe(false);
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

describe('tandem projections rebuild stopped by Ctrl-C', () => {
  it('exits 130 saying that nothing was swapped in, the live tables untouched, and the next rebuild completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-interrupt-'));
    const storeUrl = `sqlite:${join(dir, 'events.sqlite')}`;
    const readModelsUrl = `sqlite:${join(dir, 'readmodels.sqlite')}`;
    const events = await openEventStore(storeUrl);
    const history = await generateHistory(events, openKeyStore(events), { tenants: 2, programsPerTenant: 40, applicationsPerProgram: 120, maxEvents: 60_000 });
    await events.close();

    const child = spawn(process.execPath, [bin, 'projections', 'rebuild', '--store', storeUrl, '--readmodels', readModelsUrl], {
      env: { ...process.env, EVENTSTORE_URL: '', READMODELS_URL: '' },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // The first page is replayed: stop it there, with most of the history still to go.
      if (/replay/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const [code] = await once(child, 'exit');
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted: nothing was swapped in, the live tables are as they were; the next rebuild drops the half-built tables');
    expect(stdout).not.toContain('swapped in');
    const stopped = await status(storeUrl, readModelsUrl);
    expect(stopped.json).toMatchObject({ position: null, generation: 0 });

    const again = await tandem('projections', 'rebuild', '--store', storeUrl, '--readmodels', readModelsUrl);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${history.events.toLocaleString('en')} events in`);
    const verified = await tandem('projections', 'rebuild', '--verify', '--store', storeUrl, '--readmodels', readModelsUrl);
    expect(verified.stdout).toContain('verify: the rebuilt tables equal the live tables');
    const db = await ReadModels.open(readModelsUrl);
    try {
      const left = await db.execute<{ name: string }>(`select name from sqlite_schema where name like '%\\_\\_rebuild' escape '\\'`);
      expect(left).toEqual([]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
