import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Checkpoint,
  ConcurrencyError,
  type EventStore,
  type ExpectedRevision,
  maxCheckpoint,
  type NewEvent,
  parseStreamId,
  type RecordedEvent,
} from '@tandem/eventstore';
import type { KeyStore } from '../person/key-store';
import { decryptPersonal, encryptPersonal } from '../person/personal-data';
import type { Command } from './command';
import { type Decider, foldStream } from './decider';
import { ConflictError, ForbiddenError } from './errors';
import type { DomainEvent } from './event';
import { commandEventId } from './ids';
import { schemaVersionOf, upcastData } from './upcasters';

/** What command handlers need: the event store and the key store beside it. */
export interface DomainDeps {
  store: EventStore;
  keyStore: KeyStore;
  /** Attempts on a concurrency conflict before giving up (default 8). */
  maxAttempts?: number;
}

/** Events the same command appends to another stream, in the same transaction. */
export interface ExtraAppend {
  streamId: string;
  events: DomainEvent[];
  expectedRevision: ExpectedRevision;
}

export interface CommandRequest<C extends Command, S, E extends DomainEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  /** Indexed on every event (the program id), so one program's history reads fast across streams. */
  correlationKey?: string | null | ((state: S) => string | null);
  /** Decrypt personal parts while loading, for deciders whose rules look at personal data. */
  decryptOnLoad?: boolean;
  /** Further appends the decided events imply (a pair stream starting when a pair is confirmed). */
  alsoAppend?: (decided: E[], state: S, command: C) => ExtraAppend[] | Promise<ExtraAppend[]>;
}

export interface AppendedDomainEvent extends DomainEvent {
  eventId: string;
  streamId: string;
  streamRevision: number;
  checkpoint: Checkpoint;
}

export interface CommandResult<S> {
  /** The events the command appended (or had appended, when it was a retry). */
  events: AppendedDomainEvent[];
  /** Wait for projections to reach this checkpoint to read your own write; null when nothing was appended. */
  checkpoint: Checkpoint | null;
  /** The primary stream's revision after the command; null when it still does not exist. */
  nextExpectedRevision: number | null;
  /** The state after the command. */
  state: S;
  /** True when the idempotency key had been handled before and nothing new was written. */
  duplicate: boolean;
}

export interface LoadedStream<S> {
  state: S;
  revision: number | null;
  recorded: RecordedEvent[];
}

/** Recorded events as deciders see them: the personal part decrypted when asked for. */
export const toDomainEvents = async (recorded: readonly RecordedEvent[], keyStore: KeyStore | null): Promise<DomainEvent[]> => {
  const events: DomainEvent[] = [];
  for (const e of recorded) {
    const personal = keyStore ? await decryptPersonal(e, keyStore) : null;
    const data = upcastData(e.type, e.metadata.schemaVersion, e.data);
    events.push(personal ? { type: e.type, data, personal } : { type: e.type, data });
  }
  return events;
};

/** Reads a stream and folds it. */
export const loadStream = async <S, E extends DomainEvent>(
  deps: DomainDeps,
  streamId: string,
  decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveOwned'>,
  options: { decrypt?: boolean } = {},
): Promise<LoadedStream<S>> => {
  const recorded = await deps.store.readStream(streamId);
  const events = (await toDomainEvents(recorded, options.decrypt ? deps.keyStore : null)) as E[];
  const state = foldStream(decider, events);
  const last = recorded[recorded.length - 1];
  return { state, revision: last ? last.streamRevision : null, recorded };
};

const toNewEvents = async (
  deps: DomainDeps,
  command: Command,
  streamId: string,
  events: readonly DomainEvent[],
  correlationKey: string | null,
): Promise<NewEvent[]> => {
  const m = command.metadata;
  const out: NewEvent[] = [];
  for (const [index, event] of events.entries()) {
    let personal: unknown;
    if (event.personal) {
      if (!('fields' in event.personal)) throw new Error(`a decider produced an erased personal part for ${event.type}`);
      personal = encryptPersonal(m.tenant, event.personal, await deps.keyStore.keyFor(m.tenant, event.personal.personId));
    }
    out.push({
      eventId: commandEventId(m.tenant, m.idempotencyKey, streamId, index),
      type: event.type,
      data: event.data,
      ...(personal === undefined ? {} : { personal }),
      metadata: {
        tenant: m.tenant,
        actor: m.actor,
        correlationId: m.correlationId,
        causationId: m.causationId ?? m.idempotencyKey,
        occurredAt: m.occurredAt,
        schemaVersion: schemaVersionOf(event.type),
        ...(correlationKey ? { correlationKey } : {}),
      },
    });
  }
  return out;
};

const backoff = (attempt: number) => sleep(Math.floor(Math.random() * 5 * 2 ** Math.min(attempt, 5)));

/**
 * The flow of one command: load the stream, fold `evolve`, `decide`, append with the loaded
 * revision as the expected one (plus any further streams, atomically), and on a concurrency
 * conflict start again from the load, a bounded number of times. Event ids derive from the
 * command's idempotency key, so a retried request finds its events already stored and returns
 * them instead of deciding again.
 */
export const handleCommand = async <C extends Command, S, E extends DomainEvent>(
  deps: DomainDeps,
  request: CommandRequest<C, S, E>,
): Promise<CommandResult<S>> => {
  const { streamId, decider, command } = request;
  const { tenant } = parseStreamId(streamId);
  if (command.metadata.tenant !== tenant) {
    throw new ForbiddenError(`a command for round table "${command.metadata.tenant}" cannot change ${streamId}, which belongs to "${tenant}"`, 'tenant');
  }
  const maxAttempts = deps.maxAttempts ?? 8;
  const firstId = commandEventId(tenant, command.metadata.idempotencyKey, streamId, 0);

  for (let attempt = 1; ; attempt++) {
    const loaded = await loadStream(deps, streamId, decider, { decrypt: request.decryptOnLoad ?? false });

    const already = loaded.recorded.findIndex((e) => e.eventId === firstId);
    if (already >= 0) {
      // The command's events follow its first one; each id is derived once.
      const mine: AppendedDomainEvent[] = [];
      for (let i = 0, at = already; at < loaded.recorded.length; i++, at++) {
        const e = loaded.recorded[at] as RecordedEvent;
        if (e.eventId !== commandEventId(tenant, command.metadata.idempotencyKey, streamId, i)) break;
        mine.push({ type: e.type, data: e.data, eventId: e.eventId, streamId, streamRevision: e.streamRevision, checkpoint: e.checkpoint });
      }
      // The command may also have written to other streams: the committed head covers them all
      // (the visible one may still be behind them on PostgreSQL).
      return { events: mine, checkpoint: await deps.store.committedHead(), nextExpectedRevision: loaded.revision, state: loaded.state, duplicate: true };
    }

    const decided = decider.decide(command, loaded.state);
    if (decided.length === 0) {
      return { events: [], checkpoint: null, nextExpectedRevision: loaded.revision, state: loaded.state, duplicate: false };
    }
    const correlationKey = (typeof request.correlationKey === 'function' ? request.correlationKey(loaded.state) : request.correlationKey) ?? null;
    const extras = request.alsoAppend ? await request.alsoAppend(decided, loaded.state, command) : [];
    const requests = [
      {
        streamId,
        events: await toNewEvents(deps, command, streamId, decided, correlationKey),
        expectedRevision: (loaded.revision ?? 'no_stream') as ExpectedRevision,
      },
    ];
    for (const extra of extras) {
      if (extra.events.length === 0) continue;
      requests.push({
        streamId: extra.streamId,
        events: await toNewEvents(deps, command, extra.streamId, extra.events, correlationKey),
        expectedRevision: extra.expectedRevision,
      });
    }
    try {
      const results = requests.length === 1 ? [await deps.store.append(streamId, requests[0]!.events, requests[0]!)] : await deps.store.appendMany(requests);
      const events: AppendedDomainEvent[] = [];
      const appendedExtras = extras.filter((x) => x.events.length > 0);
      results.forEach((result, r) => {
        const source = r === 0 ? decided : (appendedExtras[r - 1]?.events ?? []);
        result.events.forEach((appended, i) => {
          const event = source[i] as DomainEvent;
          events.push({
            ...event,
            eventId: appended.eventId,
            streamId: result.streamId,
            streamRevision: appended.streamRevision,
            checkpoint: appended.checkpoint,
          });
        });
      });
      const checkpoint = results.map((r) => r.checkpoint).reduce((a, b) => maxCheckpoint(a, b) as Checkpoint);
      return {
        events,
        checkpoint,
        nextExpectedRevision: results[0]!.nextExpectedRevision,
        // The loaded state is this call's own: fold the new events into it in place.
        state: decided.reduce(decider.evolveOwned ?? decider.evolve, loaded.state),
        duplicate: false,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (attempt >= maxAttempts) {
        throw new ConflictError(
          `${error.streamId} kept changing while this command was decided (${maxAttempts} attempts); reload and try again`,
          'concurrency',
        );
      }
      await backoff(attempt);
    }
  }
};
