import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type EventStore, type NewEvent, openEventStore } from '@tandem/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));
const tandem = (...args: string[]) => run(process.execPath, [bin, ...args], { env: { ...process.env, EVENTSTORE_URL: '' } });

const event = (tenant: string, type: string, data: unknown): NewEvent => ({
  type,
  data,
  metadata: { tenant, actor: 'coordinator-1', correlationId: 'c', causationId: null, occurredAt: '2026-11-29T10:00:00.000Z', schemaVersion: 1 },
});

describe('tandem events', () => {
  let url: string;
  let store: EventStore;
  beforeAll(async () => {
    url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'tandem-cli-')), 'events.sqlite')}`;
    store = await openEventStore(url);
    await store.append('vrt/program-2026', [event('vrt', 'ProgramDrafted', { programId: '2026' }), event('vrt', 'ApplicationWindowOpened', {})]);
    await store.append('lrrt/program-2026', [event('lrrt', 'ProgramDrafted', { programId: '2026' })]);
  });
  afterAll(() => store.close());

  it('stats counts events, streams and types and shows each tenant’s chain head', async () => {
    const { stdout } = await tandem('events', 'stats', '--store', url);
    expect(stdout).toMatch(/events:\s+3/);
    expect(stdout).toMatch(/streams:\s+2/);
    expect(stdout).toMatch(/^vrt\s+2 {2}[0-9a-f]{64}$/m);
    expect(stdout).toMatch(/^ProgramDrafted\s+2$/m);
    const json = JSON.parse((await tandem('events', 'stats', '--store', url, '--json')).stdout);
    expect(json.tenants.map((t: { tenant: string }) => t.tenant)).toEqual(['lrrt', 'vrt']);
    expect(json.types).toContainEqual({ type: 'ProgramDrafted', events: 2 });
  });

  it('tail prints only the tenant’s events, then follows new ones live', async () => {
    const { stdout } = await tandem('events', 'tail', '--tenant', 'vrt', '--no-follow', '--store', url);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stdout).toContain('vrt/program-2026@0  ProgramDrafted  by coordinator-1');
    expect(stdout).not.toContain('lrrt');

    const child = spawn(process.execPath, [bin, 'events', 'tail', '--tenant', 'vrt', '-n', '1', '--store', url]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const until = async (text: string) => {
        const deadline = Date.now() + 20_000;
        while (!out.includes(text)) {
          if (Date.now() > deadline) throw new Error(`tail never printed ${text}; got:\n${out}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      await until('ApplicationWindowOpened');
      await store.append('lrrt/program-2026', [event('lrrt', 'ApplicationWindowOpened', {})]);
      await store.append('vrt/application-1', [event('vrt', 'ApplicationSubmitted', { role: 'mentee' })]);
      await until('ApplicationSubmitted');
      expect(out).not.toContain('lrrt');
      expect(out).not.toContain('ProgramDrafted');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('explains a store URL it does not understand', async () => {
    const error = await tandem('events', 'stats', '--store', 'mysql://db').catch((e: { stderr: string; code: number }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('use sqlite:<file>, postgres://… or kurrentdb://…');
  });
});
