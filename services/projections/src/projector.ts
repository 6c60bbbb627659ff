import type { KeyStore } from '@tandem/domain';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '@tandem/eventstore';
import type { PoolClient } from 'pg';
import { ProjectionSet } from './core/engine';
import type { ReadModels } from './db/read-models-db';
import { projections as allProjections } from './read-models/index';
import { LiveWriter, readCheckpoint } from './writers/live-writer';

export interface ProjectorOptions {
  store: EventStore;
  keyStore: KeyStore;
  readModels: ReadModels;
  /** The checkpoint row's name (default `readmodels`). */
  name?: string;
  /** Events per transaction (default 500). */
  batchSize?: number;
  /** How often a follower tries to take the lock over and reads the position (default 500 ms). */
  followPollMs?: number;
  /** Whether to write at all; false makes a pure follower (default true). */
  write?: boolean;
  /** A batch failed (it is retried from the stored checkpoint); default: logged to stderr. */
  onError?: (error: Error) => void;
}

/** What a committed batch changed: the API publishes "changed" per tenant from it. */
export interface Commit {
  checkpoint: Checkpoint;
  tenants: string[];
  events: RecordedEvent[];
}

export interface Lag {
  /** The checkpoint the read models reflect. */
  position: Checkpoint | null;
  /** The store's head. */
  head: Checkpoint | null;
  caughtUp: boolean;
  /**
   * Behind, but no unapplied event can be read yet: they are committed, and an earlier
   * transaction still open on the database server hides them (PostgreSQL; see the event store's
   * `committedHead`). They are delivered when it ends.
   */
  heldBack: boolean;
  /** Age of the oldest event not yet applied (0 when caught up; null while `heldBack`), in ms. */
  ms: number | null;
  /** Commit time minus recording time of the last applied batch's last event, in ms. */
  lastBatchMs: number | null;
}

type Waiter = { checkpoint: Checkpoint; resolve: (reached: boolean) => void; timer: NodeJS.Timeout };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows the event store from its checkpoint and applies batches to the read models, each in one
 * transaction with the checkpoint. On PostgreSQL one process per database writes at a time (a
 * session advisory lock, taken over when its holder's session dies); the others follow: they read
 * the position from the checkpoint table, so `waitFor` and `onCommit` work in every process.
 */
export class Projector {
  readonly name: string;
  private readonly writer: LiveWriter;
  private readonly batchSize: number;
  private readonly followPollMs: number;
  private subscription: Subscription | null = null;
  private lockClient: PoolClient | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(commit: Commit) => void>();
  /** The batch being written, while one is. */
  private batch: Promise<unknown> | null = null;
  private positionValue: Checkpoint | null = null;
  private lastBatchMs: number | null = null;
  private roleValue: 'writer' | 'follower' | 'stopped' = 'stopped';
  private wake: (() => void) | null = null;
  /** The last error a batch or the lock raised (the loop retries). */
  lastError: Error | null = null;

  constructor(private readonly options: ProjectorOptions) {
    this.name = options.name ?? 'readmodels';
    this.batchSize = options.batchSize ?? 500;
    this.followPollMs = options.followPollMs ?? 500;
    this.writer = new LiveWriter(options.readModels, new ProjectionSet(allProjections), options.keyStore, this.name);
  }

  get position(): Checkpoint | null {
    return this.positionValue;
  }

  get role(): 'writer' | 'follower' | 'stopped' {
    return this.roleValue;
  }

  /** Starts following; resolves once the role is settled and the stored position is known. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.positionValue = (await readCheckpoint(this.options.readModels, this.name)).checkpoint;
    const settled = await this.tryBecomeWriter();
    this.roleValue = settled ? 'writer' : 'follower';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.subscription?.stop();
    await this.loop;
    await this.releaseLock();
    this.roleValue = 'stopped';
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(this.reached(w.checkpoint));
    }
    this.waiters = [];
  }

  /** Resolves true when the read models reflect `checkpoint`, false after `timeoutMs`. */
  waitFor(checkpoint: Checkpoint, timeoutMs = 5_000): Promise<boolean> {
    if (this.reached(checkpoint)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        checkpoint,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(this.reached(checkpoint));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      this.wake?.();
    });
  }

  /** Resolves once no batch is being written (at once when none is): background work in the same process waits for it to stay out of the projector's way. */
  async idle(): Promise<void> {
    while (this.batch) await this.batch.catch(() => undefined);
  }

  /** Calls `listener` after every committed batch (writer) or observed advance (follower). */
  onCommit(listener: (commit: Commit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lag(): Promise<Lag> {
    // Committed but not yet readable (PostgreSQL, an earlier transaction still open) is still behind.
    const head = await this.options.store.committedHead();
    const position = this.positionValue;
    const caughtUp = head === null || (position !== null && position >= head);
    let ms: number | null = 0;
    if (!caughtUp) {
      const [next] = await this.options.store.readAll({ from: position, limit: 1 });
      ms = next ? Math.max(0, Date.now() - Date.parse(next.recordedAt)) : null;
    }
    return { position, head, caughtUp, heldBack: ms === null, ms, lastBatchMs: this.lastBatchMs };
  }

  private reached(checkpoint: Checkpoint): boolean {
    return this.positionValue !== null && this.positionValue >= checkpoint;
  }

  private advance(checkpoint: Checkpoint | null, events: RecordedEvent[]): void {
    if (checkpoint === null || (this.positionValue !== null && checkpoint <= this.positionValue)) return;
    this.positionValue = checkpoint;
    this.waiters = this.waiters.filter((w) => {
      if (!this.reached(w.checkpoint)) return true;
      clearTimeout(w.timer);
      w.resolve(true);
      return false;
    });
    if (this.listeners.size > 0) {
      const commit: Commit = { checkpoint, tenants: [...new Set(events.map((e) => e.metadata.tenant))], events };
      for (const listener of this.listeners) listener(commit);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.roleValue === 'writer') await this.write();
      else await this.follow();
    }
  }

  /** Writes until stopped or until the subscription fails (then retries from the stored checkpoint). */
  private async write(): Promise<void> {
    const from = (await readCheckpoint(this.options.readModels, this.name).catch(() => ({ checkpoint: this.positionValue }))).checkpoint;
    // stop() may have come while the checkpoint was read: it found no subscription to stop, so none may start.
    if (!this.running) return;
    this.advance(from, []);
    this.subscription = this.options.store.subscribe({ from: this.positionValue, batchSize: this.batchSize }, async (events) => {
      if (!this.running) return;
      const batch = this.writer.apply(events);
      this.batch = batch;
      const { checkpoint, applied } = await batch.finally(() => {
        this.batch = null;
      });
      const last = events[events.length - 1];
      if (last) this.lastBatchMs = Date.now() - Date.parse(last.recordedAt);
      this.advance(checkpoint, applied);
      // SQLite work is synchronous underneath: give timers and I/O a turn between batches.
      await new Promise((resolve) => setImmediate(resolve));
    });
    try {
      await this.subscription.done;
    } catch (error) {
      this.lastError = error as Error;
      (this.options.onError ?? ((e) => console.error(`projector ${this.name}: ${e.message}; retrying`)))(error as Error);
      if (this.running) await sleep(200);
    } finally {
      this.subscription = null;
    }
  }

  /** Reads the position the writer stored; takes the lock over when the writer's session ends. */
  private async follow(): Promise<void> {
    const before = this.positionValue;
    try {
      const stored = (await readCheckpoint(this.options.readModels, this.name)).checkpoint;
      if (stored !== null && (before === null || stored > before)) {
        const events = this.listeners.size > 0 ? await this.eventsBetween(before, stored) : [];
        this.advance(stored, events);
      }
      if (await this.tryBecomeWriter()) {
        this.roleValue = 'writer';
        return;
      }
    } catch (error) {
      this.lastError = error as Error;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.waiters.length > 0 ? Math.min(50, this.followPollMs) : this.followPollMs);
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wake = null;
  }

  private async eventsBetween(from: Checkpoint | null, to: Checkpoint): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (let cursor = from; ; ) {
      const page = await this.options.store.readAll({ from: cursor, to, limit: 1000 });
      out.push(...page);
      if (page.length < 1000) return out;
      cursor = (page[page.length - 1] as RecordedEvent).checkpoint;
    }
  }

  /** SQLite: the one process that opens the file writes. PostgreSQL: whoever holds the advisory lock. */
  private async tryBecomeWriter(): Promise<boolean> {
    if (this.options.write === false) return false;
    const db = this.options.readModels;
    if (db.dialect !== 'postgres') return true;
    if (!this.lockClient) {
      const pool = await (db.connection as unknown as { getNativeClient(): Promise<{ connect(): Promise<PoolClient> }> }).getNativeClient();
      this.lockClient = await pool.connect();
      this.lockClient.on('error', (error) => this.lostLock(error));
    }
    const { rows } = await this.lockClient.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`tandem_projector:${this.name}`]);
    return rows[0]?.locked === true;
  }

  /** The lock's session died: stop writing; another process takes over (or this one, later). */
  private lostLock(error: Error): void {
    this.lastError = error;
    const client = this.lockClient;
    this.lockClient = null;
    client?.release(error);
    if (this.roleValue === 'writer') {
      this.roleValue = 'follower';
      void this.subscription?.stop();
    }
  }

  private async releaseLock(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = null;
    if (!client) return;
    try {
      await client.query('select pg_advisory_unlock_all()');
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }
}
