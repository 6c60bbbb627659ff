import 'reflect-metadata';
import type { RecordedEvent } from '@tandem/eventstore';
import type { Commit, ReadModels } from '@tandem/projections';
import { READERS } from '../commands/command';
import type { Services } from '../core/context';
import { forbidden } from '../core/errors';
import type { Application, Dashboard, MatchBoard } from '../read/read.types';
import { AccessCheck } from './access-check';
import { Channel } from './channel';
import { applicationsOfPairs, liveApplications, liveDashboard, liveMatchBoard } from './live-read-models';

export type LiveKind = 'board' | 'applications' | 'dashboard';

export interface MatchBoardChangePayload {
  tenant: string;
  programId: string;
  checkpoint: string;
  eventTypes: string[];
  board: MatchBoard;
}

export interface ApplicationsChangePayload {
  tenant: string;
  programId: string;
  checkpoint: string;
  eventTypes: string[];
  applicationIds: string[];
  applications: Application[];
}

export interface DashboardChangePayload {
  tenant: string;
  programId: string;
  checkpoint: string;
  dashboard: Dashboard;
}

/** Delivered instead of a payload when the subscriber lost its role: the resolver throws it, then the subscription ends. */
export class Revoked {
  readonly error = forbidden('your role in this round table was revoked; the subscription has ended');
}

export type LivePayload = MatchBoardChangePayload | ApplicationsChangePayload | DashboardChangePayload | Revoked;

interface Subscriber {
  kind: LiveKind;
  accountId: string;
  channel: Channel<LivePayload>;
}

interface Pending {
  checkpoint: string;
  eventTypes: Set<string>;
  applicationIds: Set<string>;
  /** Ended pairs, whose applications changed too (looked up when delivering). */
  endedPairIds: Set<string>;
}

interface Topic {
  tenant: string;
  programId: string;
  subscribers: Set<Subscriber>;
  pending: Pending | null;
  draining: boolean;
  lastBoard: string | null;
  lastDashboard: string | null;
}

const programOf = (event: RecordedEvent): string | null => {
  if (event.metadata.correlationKey) return event.metadata.correlationKey;
  const match = /\/program-(.+)$/.exec(event.streamId);
  return match ? (match[1] as string) : null;
};

const APPLICATION_ID_FIELDS = ['applicationId', 'mentorApplicationId', 'menteeApplicationId'] as const;

const applicationIdsOf = (event: RecordedEvent): string[] => {
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return [];
  const ids: string[] = [];
  for (const field of APPLICATION_ID_FIELDS) if (typeof data[field] === 'string') ids.push(data[field] as string);
  for (const field of ['applicationIds', 'menteeApplicationIds']) {
    const list = data[field];
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.push(id);
  }
  return ids;
};

export interface LiveStats {
  subscribers: number;
  topics: number;
  /** Read-model queries run to build payloads (one per changed program per commit, not per subscriber). */
  computations: number;
}

/**
 * Fans the projector's commits out to GraphQL subscribers. Every API process runs a projector
 * that writes or follows the shared read models, and each calls `publish` after a batch is
 * committed, so each process serves its own subscribers without a broker. Per (tenant, program)
 * the payload is computed once per commit — bursts coalesce while a computation runs — and the
 * subscriber's role is re-checked before each delivery. Subscribers whose socket takes frames
 * directly (see `DirectSink`) get the payload encoded once and written in one synchronous loop;
 * the others, and any that are behind, through their iterator.
 */
export class LivePublisher {
  private readonly topics = new Map<string, Topic>();
  private readonly access: AccessCheck;
  private computations = 0;
  private subscriberCount = 0;
  private closed = false;

  constructor(
    private readonly services: Pick<Services, 'accounts' | 'readModels'>,
    options: { roleTtlMs?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.access = new AccessCheck(services, options.roleTtlMs);
    this.onError = options.onError ?? (() => undefined);
  }

  private readonly onError: (error: unknown) => void;

  get stats(): LiveStats {
    return { subscribers: this.subscriberCount, topics: this.topics.size, computations: this.computations };
  }

  subscribe(kind: LiveKind, tenant: string, programId: string, accountId: string): AsyncIterableIterator<LivePayload> {
    const key = `${tenant}\u0000${programId}`;
    let topic = this.topics.get(key);
    if (!topic) {
      topic = { tenant, programId, subscribers: new Set(), pending: null, draining: false, lastBoard: null, lastDashboard: null };
      this.topics.set(key, topic);
    }
    const owner = topic;
    const subscriber: Subscriber = {
      kind,
      accountId,
      channel: new Channel<LivePayload>(kind !== 'applications', 1000, () => {
        if (owner.subscribers.delete(subscriber)) this.subscriberCount--;
        if (owner.subscribers.size === 0 && !owner.draining && this.topics.get(key) === owner) this.topics.delete(key);
      }),
    };
    if (this.closed) subscriber.channel.end();
    else {
      topic.subscribers.add(subscriber);
      this.subscriberCount++;
    }
    return subscriber.channel;
  }

  /** Called with each commit of the projector (after the read models committed it). */
  publish(commit: Commit): void {
    if (this.closed || this.topics.size === 0) return;
    for (const event of commit.events) {
      const programId = programOf(event);
      if (!programId) continue;
      const topic = this.topics.get(`${event.metadata.tenant}\u0000${programId}`);
      if (!topic) continue;
      topic.pending ??= { checkpoint: commit.checkpoint, eventTypes: new Set(), applicationIds: new Set(), endedPairIds: new Set() };
      topic.pending.checkpoint = commit.checkpoint;
      topic.pending.eventTypes.add(event.type);
      for (const id of applicationIdsOf(event)) topic.pending.applicationIds.add(id);
      if (event.type === 'PairEnded') topic.pending.endedPairIds.add((event.data as { pairId: string }).pairId);
    }
    for (const topic of this.topics.values()) if (topic.pending && !topic.draining) void this.drain(topic);
  }

  /** Ends every subscription (server shutdown). */
  close(): void {
    this.closed = true;
    for (const topic of this.topics.values()) for (const s of [...topic.subscribers]) s.channel.end();
    this.topics.clear();
  }

  private async drain(topic: Topic): Promise<void> {
    topic.draining = true;
    try {
      while (topic.pending && topic.subscribers.size > 0) {
        const pending = topic.pending;
        topic.pending = null;
        await this.deliver(topic, pending).catch(this.onError);
      }
    } finally {
      topic.draining = false;
      topic.pending = null;
      if (topic.subscribers.size === 0 && this.topics.get(`${topic.tenant}\u0000${topic.programId}`) === topic) {
        this.topics.delete(`${topic.tenant}\u0000${topic.programId}`);
      }
    }
  }

  private async deliver(topic: Topic, pending: Pending): Promise<void> {
    const db = this.services.readModels as ReadModels;
    const { tenant, programId } = topic;
    const wanted = new Set([...topic.subscribers].map((s) => s.kind));
    const payloads = new Map<LiveKind, LivePayload>();
    const eventTypes = [...pending.eventTypes];
    const jobs: Promise<void>[] = [];
    if (wanted.has('board')) {
      jobs.push(
        liveMatchBoard(db, tenant, programId).then((board) => {
          this.computations++;
          const json = JSON.stringify(board);
          if (json === topic.lastBoard) return;
          topic.lastBoard = json;
          payloads.set('board', { tenant, programId, checkpoint: pending.checkpoint, eventTypes, board });
        }),
      );
    }
    if (wanted.has('dashboard')) {
      jobs.push(
        liveDashboard(db, tenant, programId).then((dashboard) => {
          this.computations++;
          const json = JSON.stringify(dashboard);
          if (json === topic.lastDashboard) return;
          topic.lastDashboard = json;
          payloads.set('dashboard', { tenant, programId, checkpoint: pending.checkpoint, dashboard });
        }),
      );
    }
    if (wanted.has('applications') && (pending.applicationIds.size > 0 || pending.endedPairIds.size > 0)) {
      jobs.push(
        (async () => {
          const ended = await applicationsOfPairs(db, tenant, [...pending.endedPairIds]);
          const ids = [...new Set([...pending.applicationIds, ...ended])];
          const applications = await liveApplications(db, tenant, programId, ids);
          this.computations++;
          payloads.set('applications', { tenant, programId, checkpoint: pending.checkpoint, eventTypes, applicationIds: ids, applications });
        })(),
      );
    }
    await Promise.all(jobs);
    if (payloads.size === 0) return;

    const byAccount = new Map<string, Subscriber[]>();
    for (const s of topic.subscribers) {
      if (!payloads.has(s.kind)) continue;
      const list = byAccount.get(s.accountId);
      if (list) list.push(s);
      else byAccount.set(s.accountId, [s]);
    }
    const recipients: Subscriber[] = [];
    await Promise.all(
      [...byAccount].map(async ([accountId, subscribers]) => {
        if (await this.access.allowed(accountId, tenant, READERS)) for (const s of subscribers) recipients.push(s);
        else
          for (const s of subscribers) {
            s.channel.push(new Revoked());
            s.channel.end();
          }
      }),
    );

    // Encoded once per kind and operation, then written to every socket in one synchronous loop.
    const encodings = new Map<LiveKind, Map<string, Promise<Buffer | null>>>();
    for (const { kind, channel } of recipients) {
      const sink = channel.sink;
      if (!sink) continue;
      let byOperation = encodings.get(kind);
      if (!byOperation) encodings.set(kind, (byOperation = new Map()));
      const payload = payloads.get(kind) as LivePayload;
      if (!byOperation.has(sink.key))
        byOperation.set(
          sink.key,
          sink.render(payload).catch(() => null),
        );
    }
    const encoded = new Map<LiveKind, Map<string, Buffer | null>>();
    for (const [kind, byOperation] of encodings) {
      const done = new Map<string, Buffer | null>();
      for (const [key, encoding] of byOperation) done.set(key, await encoding);
      encoded.set(kind, done);
    }
    for (const { kind, channel } of recipients) {
      if (channel.isClosed) continue;
      const sink = channel.sink;
      const bytes = sink && encoded.get(kind)?.get(sink.key);
      let written = false;
      try {
        written = Boolean(bytes && channel.idle && sink?.write(bytes));
      } catch (error) {
        // One broken socket must not cost the subscribers after it their delivery.
        this.onError(error);
      }
      if (!written) channel.push(payloads.get(kind) as LivePayload);
    }
  }
}
