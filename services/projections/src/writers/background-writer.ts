import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Statement } from './bulk-writer';

/** The better-sqlite3 that MikroORM's SQLite driver loads: two SQLite libraries in one process would break each other's file locks. */
const sqliteDriverPath = () => createRequire(fileURLToPath(import.meta.resolve('@mikro-orm/sqlite'))).resolve('better-sqlite3');

/** How a bulk connection to a SQLite file is set up, on this thread or the writer's. */
export const SQLITE_BULK_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 30000', 'secure_delete = ON'];

/**
 * A rebuild's SQLite writes on a thread of their own, with their own connection to the file, so
 * that they run on the second core while this thread replays: better-sqlite3 works in the calling
 * thread, and the flushes were a third of a rebuild's main-thread time. `write` runs its
 * statements in one transaction there (committing every `commitRows` rows, as the PostgreSQL
 * runner does); writes run one after another, in the order given. The thread is plain JavaScript
 * (sqlite-bulk-worker.mjs), so that it starts without a TypeScript loader.
 */
export class BackgroundWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private next = 0;
  private last: Promise<void> = Promise.resolve();
  private failed: Error | null = null;

  /**
   * `attach` names another SQLite file that the thread's connection attaches (under a plain schema
   * name) for its statements to read, e.g. the event log's (a rebuild's audit index: see rebuild.ts).
   */
  constructor(filename: string, options: { attach?: { schema: string; file: string } } = {}) {
    if (options.attach && !/^[a-z_][a-z0-9_]*$/i.test(options.attach.schema)) throw new Error(`"${options.attach.schema}" is not a plain schema name`);
    this.worker = new Worker(new URL('./sqlite-bulk-worker.mjs', import.meta.url), {
      workerData: { filename, driverPath: sqliteDriverPath(), pragmas: SQLITE_BULK_PRAGMAS, attach: options.attach ?? null },
      // Plain JavaScript: none of this process's loaders (tsx) are needed there.
      execArgv: [],
    });
    this.worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(error));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the SQLite writer thread exited (code ${code})`)));
  }

  private fail(error: Error) {
    this.failed ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  write(statements: readonly Statement[], commitRows = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    const plain = statements.map((s) => {
      if (s.copy !== undefined) throw new Error(`SQLite has no COPY: plan the flush without copy to run "${s.sql}"`);
      return { sql: s.sql, params: s.params, rows: s.rows };
    });
    const written = new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, statements: plain, commitRows });
    });
    this.last = written.catch(() => undefined);
    return written;
  }

  /** Waits for the writes sent so far, then ends the thread and its connection. */
  async close(): Promise<void> {
    if (this.failed) return;
    await this.last;
    this.failed = new Error('the SQLite writer thread is closed');
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ statements: null });
    await exited;
  }
}
