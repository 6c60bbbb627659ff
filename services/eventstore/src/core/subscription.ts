import type { Checkpoint, ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription, SubscriptionHandler } from './types';

/** What an adapter gives the shared catch-up-then-live loop. */
export interface SubscriptionSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Resolves when something may have been committed after `after`, or after `timeoutMs`, or when
   * `signal` aborts. Spurious wake-ups are fine: the loop reads again.
   */
  waitForChange(after: Checkpoint | null, timeoutMs: number, signal: AbortSignal, filter: ReadAllOptions): Promise<void>;
}

const DEFAULT_BATCH = 500;
const IDLE_WAIT_MS = 1_000;

/**
 * Catch-up then live over `readAll`: the loop reads pages after the last handled checkpoint,
 * hands each to the handler (awaited: back-pressure), and sleeps on the adapter's wake-up when
 * nothing is left. Exactly-once across restarts is the caller's part: store the checkpoint with
 * the handler's effects and pass it back as `from`.
 */
export const pollingSubscription = (source: SubscriptionSource, options: SubscribeOptions, handler: SubscriptionHandler): Subscription => {
  const abort = new AbortController();
  let checkpoint: Checkpoint | null = options.from ?? null;
  let resolveCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => {
    resolveCaughtUp = resolve;
  });
  const batchSize = options.batchSize ?? DEFAULT_BATCH;

  const filter: ReadAllOptions = {
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.types ? { types: options.types } : {}),
    ...(options.correlationKey ? { correlationKey: options.correlationKey } : {}),
  };

  const run = async (): Promise<void> => {
    let live = false;
    while (!abort.signal.aborted) {
      const page = await source.readAll({ ...filter, from: checkpoint, limit: batchSize });
      if (abort.signal.aborted) break;
      if (page.length > 0) {
        await handler(page);
        checkpoint = (page[page.length - 1] as RecordedEvent).checkpoint;
        if (page.length === batchSize) continue;
      }
      if (!live) {
        live = true;
        options.onCaughtUp?.(checkpoint);
        resolveCaughtUp();
      }
      await source.waitForChange(checkpoint, IDLE_WAIT_MS, abort.signal, filter);
    }
  };

  const done = run();
  // Never leave `caughtUp` hanging when the loop dies before catching up.
  done.then(resolveCaughtUp, resolveCaughtUp);

  return {
    get checkpoint() {
      return checkpoint;
    },
    caughtUp,
    done,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
};

/** Sleeps `ms` or until `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
