import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from 'graphql';

/**
 * A result serialised once and sent to many sockets: graphql-ws is handed `{ data: marker }`
 * and the socket's `send` (see `expandShared`) splices the pre-encoded JSON in place of the
 * marker, so 5,000 subscribers cost one JSON.stringify and one UTF-8 encoding per commit.
 */
interface Shared {
  marker: string;
  json: Buffer;
}

const MARKER = '__tandem_shared_';
const registry = new Map<string, { json: Buffer; at: number }>();
let sequence = 0;
let sweeper: NodeJS.Timeout | null = null;

const register = (shared: Shared) => {
  registry.set(shared.marker, { json: shared.json, at: Date.now() });
  sweeper ??= setInterval(() => {
    const old = Date.now() - 60_000;
    for (const [marker, entry] of registry) if (entry.at < old) registry.delete(marker);
    if (registry.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  }, 30_000).unref();
};

/** The frame to send for a graphql-ws message text: the message itself, or the shared result spliced in. */
export const expandShared = (text: string): string | Buffer => {
  const start = text.indexOf(`"${MARKER}`);
  if (start < 0) return text;
  const end = text.indexOf('"', start + 1) + 1;
  const entry = registry.get(text.slice(start + 1, end - 1));
  if (!entry) return text;
  return Buffer.concat([Buffer.from(text.slice(0, start)), entry.json, Buffer.from(text.slice(end))]);
};

type Outcome = ExecutionResult | Shared;
const results = new WeakMap<object, Map<string, Promise<Outcome>>>();

const executeOnce = async (args: ExecutionArgs, payload: unknown): Promise<Outcome> => {
  const result = await execute({ ...args, rootValue: payload });
  // Results with errors (a revoked role) are per subscriber; only clean data is shared.
  if (result.errors?.length || result.extensions) return result;
  return { marker: `${MARKER}${++sequence}__`, json: Buffer.from(JSON.stringify(result.data)) };
};

/**
 * graphql-js `subscribe`, except that a payload object shared by many subscribers is executed
 * and serialised once per distinct operation text and variables. Safe because the subscription
 * payload types resolve from the payload alone (no per-viewer fields); per-viewer outcomes (a
 * revoked role) arrive as distinct payload objects and are executed on their own.
 */
export const sharedSubscribe = async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
  const source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${print(args.document)}`;
  const run = async (payload: unknown): Promise<ExecutionResult> => {
    if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
    let byOperation = results.get(payload);
    if (!byOperation) {
      byOperation = new Map();
      results.set(payload, byOperation);
    }
    let outcome = byOperation.get(key);
    if (!outcome) {
      outcome = executeOnce(args, payload);
      byOperation.set(key, outcome);
    }
    const done = await outcome;
    if (!('marker' in done)) return done;
    register(done);
    return { data: done.marker as unknown as Record<string, unknown> };
  };
  // A hand-written iterator, not an async generator: `return()` must end a subscriber that is
  // waiting for its next event at once (a generator would queue it behind the pending next()).
  const iterator: AsyncGenerator<ExecutionResult> = {
    async next() {
      const step = await source.next();
      if (step.done) return { value: undefined, done: true };
      return { value: await run(step.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    async [Symbol.asyncDispose]() {
      await source.return?.();
    },
  };
  return iterator;
};
