import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from 'graphql';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * graphql-js `subscribe`, except that a payload object shared by many subscribers is executed
 * once per distinct operation text and variables: 5,000 subscribers of one board with the same
 * query cost one execution per commit. Safe because the subscription payload types resolve
 * from the payload alone (no per-viewer fields); per-viewer outcomes (a revoked role) arrive as
 * distinct payload objects and are executed on their own.
 */
export const sharedSubscribe = async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
  const source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${print(args.document)}`;
  const run = (payload: unknown): Result => {
    if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
    let byOperation = results.get(payload);
    if (!byOperation) {
      byOperation = new Map();
      results.set(payload, byOperation);
    }
    let result = byOperation.get(key);
    if (!result) {
      result = execute({ ...args, rootValue: payload });
      byOperation.set(key, result);
    }
    return result;
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

const results = new WeakMap<object, Map<string, Result>>();
