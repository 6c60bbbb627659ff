import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type EventStore, type NewEvent, openEventStore } from '@tandem/eventstore';
import type { SqliteEventStore } from '@tandem/eventstore/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));
/** Runs the CLI; resolves with its exit code and output whatever the code. */
const tandem = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, EVENTSTORE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const event = (tenant: string, type: string, data: unknown): NewEvent => ({
  type,
  data,
  metadata: { tenant, actor: 'coordinator-1', correlationId: 'c', causationId: null, occurredAt: '2026-11-29T10:00:00.000Z', schemaVersion: 1 },
});

describe('tandem audit verify', () => {
  let url: string;
  let store: EventStore;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tandem-cli-audit-')), 'events.sqlite');
    url = `sqlite:${file}`;
    store = await openEventStore(url);
    for (const tenant of ['vrt', 'lrrt']) {
      await store.append(`${tenant}/program-2026`, [event(tenant, 'ProgramDrafted', { programId: '2026' }), event(tenant, 'ApplicationWindowOpened', {})]);
      await store.append(`${tenant}/application-1`, [event(tenant, 'ApplicationSubmitted', { programId: '2026' })]);
    }
  });
  afterAll(() => store.close());

  it('prints OK with the event count and head hash and exits 0 on an untouched chain', async () => {
    const head = (await store.stats()).tenants.find((t) => t.tenant === 'vrt')?.headHash as string;
    const ok = await tandem('audit', 'verify', '--tenant', 'vrt', '--store', url);
    expect(ok).toMatchObject({ code: 0, stdout: `OK: 3 events, head ${head}\n` });
    const json = await tandem('audit', 'verify', '--tenant', 'vrt', '--store', url, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ tenant: 'vrt', status: 'ok', events: 3, headHash: head });
  });

  it('exits 1 with the place and problem once a row was altered in the database', async () => {
    // Straight into the table, past the store: what someone with the file could do.
    (store as SqliteEventStore).db.prepare('UPDATE events SET data = \'{"programId":"forged"}\' WHERE tenant = \'vrt\' AND tenant_seq = 2').run();
    const broken = await tandem('audit', 'verify', '--tenant', 'vrt', '--store', url);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN: altered at place 2 \(event [0-9a-f-]{36} in vrt\/program-2026, checkpoint \d+\); 1 events before it verified$/m);
    const json = await tandem('audit', 'verify', '--tenant', 'vrt', '--store', url, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ tenant: 'vrt', status: 'broken', problem: 'altered', at: { tenantSequence: 2 }, verifiedBefore: 1 });
    expect((await tandem('audit', 'verify', '--tenant', 'lrrt', '--store', url)).code).toBe(0);
  });

  it('requires --tenant', async () => {
    const missing = await tandem('audit', 'verify', '--store', url);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--tenant');
  });
});
