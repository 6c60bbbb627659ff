import type { Duplex } from 'node:stream';
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult, execute, print } from 'graphql';
import type { WebSocket } from 'ws';
import { Channel } from './channel';

/** Where a subscription's `next` messages go: its WebSocket, the TCP stream under it, and the id the client gave it. */
export interface Outlet {
  socket: WebSocket;
  stream: Duplex;
  id: string;
}

/**
 * Past this many bytes waiting in a socket's buffers, values go through the iterator again, whose
 * `await send` lets a slow client skip intermediate states instead of queueing every one.
 */
const MAX_BUFFERED = 64 * 1024;

/**
 * The start of a graphql-ws `next` message as one unmasked, unfragmented WebSocket text frame
 * (RFC 6455 §5.2): the frame header, then `{"id":…,"type":"next","payload":`. The rest of the
 * frame is the shared tail, `{"data":…}}`, the same bytes for every subscriber.
 */
const frameHead = (prefix: Buffer, tailLength: number): Buffer => {
  const length = prefix.length + tailLength;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const head = Buffer.allocUnsafe(header + prefix.length);
  head[0] = 0x81;
  if (header === 2) head[1] = length;
  else if (header === 4) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeUInt16BE(0, 2);
    head.writeUIntBE(length, 4, 6);
  }
  prefix.copy(head, header);
  return head;
};

const printed = new WeakMap<DocumentNode, string>();
const printedOf = (document: DocumentNode): string => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};

const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/** One execution per payload object and operation, however many subscribers share them. */
const executeShared = (args: ExecutionArgs, key: string, payload: object): Promise<ExecutionResult> => {
  let byOperation = results.get(payload);
  if (!byOperation) {
    byOperation = new Map();
    results.set(payload, byOperation);
  }
  let outcome = byOperation.get(key);
  if (!outcome) {
    outcome = Promise.resolve(execute({ ...args, rootValue: payload }));
    byOperation.set(key, outcome);
  }
  return outcome;
};

/**
 * graphql-js `subscribe`, except that a payload object shared by many subscribers is executed once
 * per distinct operation text and variables, and — when the subscription has an outlet — serialised
 * once and written to every socket as a graphql-ws `next` frame without a promise per subscriber
 * (see `DirectSink`). Safe because the subscription payload types resolve from the payload alone (no
 * per-viewer fields); per-viewer outcomes (a revoked role) arrive as distinct payload objects, go
 * through the iterator and are executed on their own.
 */
export const sharedSubscribe = async (args: ExecutionArgs, outlet?: Outlet): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
  const source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${printedOf(args.document)}`;
  // Without extensions (no permessage-deflate) ws writes every frame straight to the stream, so
  // writing whole frames there ourselves keeps them in order with the ones it sends.
  if (outlet && source instanceof Channel && outlet.socket.extensions === '') {
    const { socket, stream } = outlet;
    const prefix = Buffer.from(`{"id":${JSON.stringify(outlet.id)},"type":"next","payload":`);
    source.sink = {
      key,
      render: async (payload) => {
        if (typeof payload !== 'object' || payload === null) return null;
        const result = await executeShared(args, key, payload);
        return result.errors?.length || result.extensions ? null : Buffer.from(`${JSON.stringify({ data: result.data })}}`);
      },
      write: (tail) => {
        if (socket.readyState !== socket.OPEN) return true;
        if (socket.bufferedAmount > MAX_BUFFERED) return false;
        // The shared tail is not copied per subscriber: the kernel copies it from the one buffer.
        stream.cork();
        stream.write(frameHead(prefix, tail.length));
        stream.write(tail);
        stream.uncork();
        return true;
      },
    };
  }
  const run = (payload: unknown): Promise<ExecutionResult> | ExecutionResult =>
    typeof payload === 'object' && payload !== null ? executeShared(args, key, payload) : execute({ ...args, rootValue: payload });
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
