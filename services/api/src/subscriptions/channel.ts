/**
 * A way past the iterator for values many channels share: the publisher renders a value once for
 * every channel with the same `key`, then writes the rendered bytes to each channel's socket in
 * one synchronous loop — no promise per subscriber.
 */
export interface DirectSink<T> {
  readonly key: string;
  /** The value encoded for every sink with this key, or null when it must go through the iterator (e.g. it has errors). */
  render(value: T): Promise<Buffer | null>;
  /** Sends an encoded value now; false when the socket is not keeping up (the iterator then delivers it, latest only). */
  write(encoded: Buffer): boolean;
}

/**
 * A push-to-pull async iterator for one subscriber. State payloads (board, dashboard) keep only
 * the latest undelivered value: a slow client skips intermediate states instead of queueing them.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;
  /** Set when the subscriber's socket takes frames directly; cleared when the channel ends. */
  sink: DirectSink<T> | null = null;

  constructor(
    private readonly latestOnly: boolean,
    private readonly maxQueue: number,
    private readonly onClose: () => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Whether a value written past the iterator now keeps the order: the consumer is waiting, so
   * nothing is queued and nothing it took earlier is still on its way out.
   */
  get idle(): boolean {
    return this.waiting !== null;
  }

  push(value: T): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting({ value, done: false });
    } else if (this.latestOnly) this.queue = [value];
    else if (this.queue.length < this.maxQueue) this.queue.push(value);
    else this.end();
  }

  /** Ends after the values already pushed have been taken. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.sink = null;
    this.onClose();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue = [];
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.queue = [];
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
