// An in-memory stand-in for the parts of @kurrent/kurrentdb-client the adapter uses, written to
// what KurrentDB documents: one ordered log, (commit, prepare) positions where the events of one
// write share the commit position, readAll starting *at* a position, subscriptions starting
// *after* one, idempotent re-appends at an explicit revision, StreamNotFound on missing streams.
// It lets the adapter's own logic (read-back, replays, sealing, paging, subscription batching) run
// without a server; it proves nothing about the real server — the contract suite does that.
import { Readable } from 'node:stream';
import {
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type JSONEventData,
  type Position,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from '../src/kurrentdb/kurrentdb-event-store';

interface Stored {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string | null;
  position: Position;
  created: Date;
}

const before = (a: Position, b: Position) => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

export class FakeKurrentClient {
  readonly log: Stored[] = [];
  readonly calls: string[] = [];
  multiStream = false;
  private offset = 1000n;
  private readonly live = new Set<() => void>();

  private resolved(e: Stored): AllStreamResolvedEvent {
    return {
      event: {
        streamId: e.streamId,
        id: e.id,
        revision: e.revision,
        type: e.type,
        data: JSON.parse(e.data),
        metadata: e.metadata === null ? undefined : JSON.parse(e.metadata),
        isJson: true,
        created: e.created,
        position: e.position,
      },
      commitPosition: e.position.commit,
    } as AllStreamResolvedEvent;
  }

  private streamEvents(streamId: string) {
    return this.log.filter((e) => e.streamId === streamId);
  }

  private passes(e: Stored, filter?: Filter): boolean {
    if (!filter) return true;
    const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
    return 'prefixes' in filter ? filter.prefixes.some((p) => subject.startsWith(p)) : new RegExp(filter.regex).test(subject);
  }

  appendToStream = async (streamId: string, events: JSONEventData | JSONEventData[], options: { streamState?: AppendStreamState } = {}) => {
    this.calls.push(`append ${streamId}`);
    const list = Array.isArray(events) ? events : [events];
    const existing = this.streamEvents(streamId);
    const current = existing.length === 0 ? null : BigInt(existing.length - 1);
    const state = options.streamState ?? 'any';
    if (state !== 'any' && state !== 'stream_exists') {
      // Idempotent re-append at the same place: the same ids right after the expected revision.
      const start = state === 'no_stream' ? 0 : Number(state) + 1;
      const there = existing.slice(start, start + list.length);
      if (there.length === list.length && there.every((e, i) => e.id === list[i]?.id)) {
        return { success: true, nextExpectedRevision: BigInt(start + list.length - 1), position: (there[0] as Stored).position };
      }
    }
    const ok = state === 'any' || (state === 'no_stream' ? current === null : state === 'stream_exists' ? current !== null : current === state);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected: state, current: current ?? 'no_stream' });
    const commit = this.offset;
    let revision = current ?? -1n;
    for (const [i, e] of list.entries()) {
      revision += 1n;
      this.log.push({
        streamId,
        id: e.id,
        revision,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: e.metadata === undefined ? null : JSON.stringify(e.metadata),
        position: { commit, prepare: commit + BigInt(i) * 7n },
        created: new Date(),
      });
    }
    this.offset += 1000n;
    for (const wake of this.live) wake();
    return { success: true, nextExpectedRevision: revision, position: { commit, prepare: commit } };
  };

  multiStreamAppend = async (requests: { streamName: string; events: JSONEventData[]; expectedState: AppendStreamState }[]) => {
    this.calls.push('multiStreamAppend');
    if (!this.multiStream) throw new UnsupportedError('multiStreamAppend', '25.1');
    const responses = [];
    for (const r of requests) {
      const result = await this.appendToStream(r.streamName, r.events, { streamState: r.expectedState });
      responses.push({ streamName: r.streamName, revision: result.nextExpectedRevision });
    }
    return { position: 0n, responses };
  };

  readStream = (
    streamId: string,
    options: { fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint; direction?: 'forwards' | 'backwards' } = {},
  ) => {
    this.calls.push(`readStream ${streamId}`);
    const self = this;
    return (async function* () {
      const events = self.streamEvents(streamId);
      if (events.length === 0) throw new StreamNotFoundError(undefined, streamId);
      const backwards = options.direction === 'backwards';
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      let list = backwards ? [...events].reverse() : events;
      if (typeof from === 'bigint') list = list.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
      for (const e of list.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield self.resolved(e);
    })();
  };

  readAll = (
    options: { fromPosition?: 'start' | 'end' | Position; maxCount?: number | bigint; direction?: 'forwards' | 'backwards'; filter?: Filter } = {},
  ) => {
    this.calls.push('readAll');
    const self = this;
    return (async function* () {
      const backwards = options.direction === 'backwards';
      const from = options.fromPosition ?? (backwards ? 'end' : 'start');
      let list = (backwards ? [...self.log].reverse() : self.log).filter((e) => self.passes(e, options.filter));
      if (typeof from === 'object') list = list.filter((e) => (backwards ? !before(from, e.position) : !before(e.position, from)));
      for (const e of list.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield self.resolved(e);
    })();
  };

  subscribeToAll = (options: { fromPosition?: 'start' | 'end' | Position; filter?: Filter } = {}, readable: { highWaterMark?: number } = {}) => {
    this.calls.push('subscribeToAll');
    const self = this;
    const from = options.fromPosition ?? 'start';
    let next = from === 'end' ? this.log.length : from === 'start' ? 0 : this.log.findIndex((e) => before(from, e.position));
    if (next < 0) next = this.log.length;
    let stream: Readable | null = null;
    const pump = () => {
      while (stream && next < self.log.length) {
        const e = self.log[next++] as Stored;
        if (self.passes(e, options.filter) && !stream.push(self.resolved(e))) return;
      }
    };
    stream = new Readable({ objectMode: true, highWaterMark: readable.highWaterMark ?? 16, read: pump });
    const wake = pump;
    this.live.add(wake);
    const subscription = stream;
    return Object.assign(subscription, {
      unsubscribe: async () => {
        self.live.delete(wake);
        subscription.push(null);
      },
    });
  };

  dispose = async () => {
    this.calls.push('dispose');
  };

  asClient(): KurrentClient {
    return this as unknown as KurrentClient;
  }
}

/** A client every call of which fails the test: proves nothing reached the network. */
export const untouchableClient = (): KurrentClient => {
  const fail = () => {
    throw new Error('the adapter called KurrentDB');
  };
  return {
    appendToStream: fail,
    multiStreamAppend: fail,
    readStream: fail,
    readAll: fail,
    subscribeToAll: fail,
    dispose: async () => undefined,
  } as unknown as KurrentClient;
};
