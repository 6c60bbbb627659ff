import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openKeyStore, seedDemo } from '@tandem/domain';
import { openEventStore } from '@tandem/eventstore';
import { Projector, ReadModels } from '@tandem/projections';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));

/** Runs the CLI; a non-zero exit resolves too, with its code. */
const tandem = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, EVENTSTORE_URL: '', READMODELS_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('tandem projections rebuild --verify on the demo data', () => {
  let store: string;
  let readModels: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-verify-'));
    store = `sqlite:${join(dir, 'events.sqlite')}`;
    readModels = `sqlite:${join(dir, 'readmodels.sqlite')}`;
    const events = await openEventStore(store);
    const keyStore = openKeyStore(events);
    await seedDemo(events, keyStore, { now: new Date('2026-11-29T09:00:00Z') });
    const db = await ReadModels.open(readModels);
    const projector = new Projector({ store: events, keyStore, readModels: db });
    await projector.start();
    await projector.waitFor((await events.committedHead()) as string, 30_000);
    await projector.stop();
    await db.close();
    await events.close();
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
