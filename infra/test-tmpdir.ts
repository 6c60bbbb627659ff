import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = 'tandem-test-';

/**
 * A test run's temporary files (SQLite stores, the data of the servers tests start, browser
 * profiles) go into one folder of the run's own, removed when the run ends. Each package's Vitest
 * config spreads this into `test`: the folder is made when the config loads, every test process
 * gets it as TMPDIR (which `os.tmpdir()` reads, as do the processes tests start), and this file's
 * global setup removes it at the end. Before, each `npm test` left about 200 folders in /tmp
 * (300 MB after a day of runs). TMPDIR set by a global setup alone does not reach the test
 * processes, which are started before it runs.
 */
export const testTmpdir = (): { env: { TMPDIR: string }; globalSetup: string[] } => ({
  env: { TMPDIR: mkdtempSync(join(tmpdir(), PREFIX)) },
  globalSetup: [fileURLToPath(import.meta.url)],
});

/** Vitest calls this with the project; the teardown it returns removes the run's folder. */
export default function setup(project: { config: { env?: Record<string, string | undefined> } }): () => void {
  return () => {
    const dir = project.config.env?.TMPDIR;
    if (dir && basename(dir).startsWith(PREFIX)) rmSync(dir, { recursive: true, force: true });
  };
}
