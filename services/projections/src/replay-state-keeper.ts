import type { KeyStore } from '@tandem/domain';
import type { EventStore, RecordedEvent } from '@tandem/eventstore';
import { ERASURE_MARGIN_MS, lastErasureOf, programKey, storedStateEvents, storeReplayStates } from './as-of';
import type { ReadModels } from './db/read-models-db';
import { auditEventTable } from './read-models/audit.projection';

/** The keeper's slices, unless told otherwise (see AsOfOptions.slicing). */
export const KEEPER_SLICE_MS = 10;

export interface ReplayStateKeeperOptions {
  store: EventStore;
  keyStore: KeyStore;
  readModels: ReadModels;
  /** Events between stored states (default 5,000, as programAsOf). */
  snapshotEvery?: number;
  /** The least time between two runs (default 60 s): a run replays what large programs gained since the one before, beside the projector. */
  intervalMs?: number;
  /** Whether the states include the audit index (default false: the API's as-of answers skip it). */
  audit?: boolean;
  /** A turn of the event loop whenever the work has run this long (default KEEPER_SLICE_MS; see AsOfOptions.slicing). */
  sliceMs?: number;
  /** Resolves when the projector has no batch in hand (Projector.idle): the keeper waits for it at every turn, so that it takes only what the projector leaves. */
  idle?: () => Promise<void>;
  /** Whether this process should do the work now (the API: while its projector is the one writing, so that one process of several does it). */
  active?: () => boolean;
  onError?: (error: unknown) => void;
  /** After each program brought up to date: what it took (the server logs it). */
  onKept?: (kept: KeptProgram) => void;
}

export interface KeptProgram {
  tenant: string;
  programId: string;
  /** The program's events, and how many of them this run replayed (the rest came from its newest stored state). */
  events: number;
  replayed: number;
  ms: number;
}

interface Program {
  tenant: string;
  programId: string;
  /** Events of the program seen so far (counted from the audit index at start, then from commits). */
  events: number;
  /** Events it had when its states were last brought up to date (those read by its correlation key, as answers read them). */
  kept: number;
}

/**
 * Keeps each large program's replay states (see programAsOf) up to date ahead of the questions, so
 * that an auditor's first as-of answer starts from a stored state near the moment. Without it the
 * first answer replays the program and stores its states on the way: 1.8–3.0 s for a program of
 * 100k events, where the later ones take 90–200 ms. It works in slices and waits for the
 * projector's batches after each (see AsOfOptions.slicing), so that live updates go first.
 *
 * At start it counts each program's events from the audit index; then the projector's commits
 * count on (`noteCommit`). A program is brought up to date once it has `snapshotEvery` events more
 * than its newest stored state (or than when it was last brought up to date), at most once every
 * `intervalMs`, one program at a time, largest backlog first. Stored states hold decrypted personal
 * data, and an erasure makes its round table's states stale (see usableStates): the keeper leaves
 * a round table alone until ERASURE_MARGIN_MS after its latest erasure, while the erased person's
 * key may still be readable, then stores its states again, the stale ones deleted first.
 */
export class ReplayStateKeeper {
  private readonly programs = new Map<string, Program>();
  private readonly every: number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastRunAt = 0;
  private stopped = false;
  /** Programs brought up to date, and events replayed for them, since start. */
  readonly stats = { runs: 0, programs: 0, replayed: 0 };

  constructor(private readonly options: ReplayStateKeeperOptions) {
    this.every = options.snapshotEvery ?? 5_000;
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /**
   * Counts the programs' events and starts a first run. A count that fails is reported to
   * `onError` and left out (the commits count on), so that the server starts without the keeper's
   * head start rather than not at all.
   */
  async start(): Promise<void> {
    const counts = await this.options.readModels
      .execute<{ tenant: string; program_id: string; events: number | string }>(
        `select "tenant", "program_id", count(*) as "events" from "${auditEventTable.name}" where "program_id" is not null group by "tenant", "program_id"`,
      )
      .catch((error: unknown) => {
        this.options.onError?.(error);
        return [];
      });
    for (const row of counts)
      this.programs.set(programKey(row.tenant, row.program_id), { tenant: row.tenant, programId: row.program_id, events: Number(row.events), kept: 0 });
    this.schedule();
  }

  /** The projector's committed events: the programs they belong to grow. */
  noteCommit(events: readonly RecordedEvent[]): void {
    let grown = false;
    for (const e of events) {
      const programId = e.metadata.correlationKey;
      if (!programId) continue;
      const key = programKey(e.metadata.tenant, programId);
      let program = this.programs.get(key);
      if (!program) this.programs.set(key, (program = { tenant: e.metadata.tenant, programId, events: 0, kept: 0 }));
      program.events += 1;
      if (program.events - program.kept >= this.every) grown = true;
    }
    if (grown) this.schedule();
  }

  /** Brings every program that is `snapshotEvery` events or more ahead of its states up to date now; resolves when done. */
  async runNow(): Promise<void> {
    if (this.running) await this.running;
    await this.begin((error) => {
      throw error;
    });
  }

  /** Ends the current program's run and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.running) return;
    const wait = Math.max(0, this.lastRunAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      // A run started meanwhile (runNow) covers it; commits after that schedule again.
      if (this.running) return;
      this.begin((error) => this.options.onError?.(error));
    }, wait);
    this.timer.unref();
  }

  /** One run; a run that left programs for later (a recent erasure) schedules the next. */
  private begin(onError: (error: unknown) => void): Promise<void> {
    const running = this.run().then(
      (deferred) => {
        this.running = null;
        if (deferred) this.schedule();
      },
      (error) => {
        this.running = null;
        onError(error);
      },
    );
    this.running = running;
    return running;
  }

  /** Returns whether it left a program for later. */
  private async run(): Promise<boolean> {
    this.lastRunAt = Date.now();
    if (this.options.active && !this.options.active()) return false;
    this.stats.runs += 1;
    const { store, keyStore, readModels } = this.options;
    const audit = this.options.audit ?? false;
    const stored = await storedStateEvents(readModels, { audit });
    const behind = [...this.programs.entries()]
      .map(([key, program]) => ({ program, backlog: program.events - Math.max(program.kept, stored.get(key) ?? 0) }))
      .filter((p) => p.backlog >= this.every)
      .sort((a, b) => b.backlog - a.backlog);
    let deferred = false;
    const erasures = new Map<string, number | null>();
    for (const { program } of behind) {
      if (this.stopped) return false;
      if (!erasures.has(program.tenant)) erasures.set(program.tenant, await lastErasureOf(readModels, program.tenant));
      const erased = erasures.get(program.tenant);
      if (erased != null && Date.now() < erased + ERASURE_MARGIN_MS) {
        deferred = true;
        continue;
      }
      const started = performance.now();
      const result = await storeReplayStates(store, keyStore, program.tenant, program.programId, readModels, {
        audit,
        snapshotEvery: this.every,
        slicing: { ms: this.options.sliceMs ?? KEEPER_SLICE_MS, ...(this.options.idle ? { pause: this.options.idle } : {}) },
      });
      program.kept = result.events;
      program.events = Math.max(program.events, result.events);
      this.stats.programs += 1;
      this.stats.replayed += result.replayed;
      this.options.onKept?.({
        tenant: program.tenant,
        programId: program.programId,
        events: result.events,
        replayed: result.replayed,
        ms: performance.now() - started,
      });
    }
    return deferred;
  }
}
