import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/tandem.js', import.meta.url));

describe('tandem start', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s drains, closes the stores and exits 0',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-start-'));
      child = spawn(process.execPath, [bin, 'start'], {
        // As on a developer's machine: under NODE_ENV=test (Vitest's) Apollo leaves signals alone anyway.
        env: {
          ...process.env,
          NODE_ENV: 'development',
          TANDEM_DATA_DIR: dir,
          PORT: '0',
          EVENTSTORE_URL: '',
          READMODELS_URL: '',
          DATABASE_URL: '',
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          lines.push(line);
          const found = /Tandem is running at (http:\/\/\S+)/.exec(line);
          if (found) resolve(found[1] as string);
        });
        child?.once('exit', (code, sig) => reject(new Error(`tandem start ended before it was ready (${code ?? sig}): ${lines.join('\n')}`)));
      });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // The embedded store is open: SQLite keeps its write-ahead log beside the file.
      expect(existsSync(join(dir, 'events.sqlite-wal'))).toBe(true);

      const exited = once(child, 'exit');
      child.kill(signal);
      const [code, signalCode] = await exited;
      expect({ code, signalCode }).toEqual({ code: 0, signalCode: null });
      expect(lines).toContain(`${signal}: draining requests and closing…`);
      // Closed, not killed: the last connection to close checkpoints the log and removes it.
      expect(existsSync(join(dir, 'events.sqlite-wal'))).toBe(false);
      expect(existsSync(join(dir, 'readmodels.sqlite-wal'))).toBe(false);
    },
    60_000,
  );
});
