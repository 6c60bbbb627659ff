import { type Checkpoint, parseStreamId, type RecordedEvent, type Subscription } from '@tandem/eventstore';
import type { CommandResult, DomainDeps } from '../core/command-handler';
import { IllegalStateError } from '../core/errors';
import { nextToPromote } from './capacity';
import { handleProgramCommand, loadProgram } from './program.handlers';
import type { ProgramState } from './program.state';

/** Events after which a mentor place may have become free (or a new one appeared). */
export const PLACE_FREEING_EVENTS = ['PairDeclined', 'PairEnded', 'ApplicationWithdrawn', 'ApplicationScreened', 'ApplicationAmended'] as const;

/**
 * Promotes waitlisted mentees when places free, as the program's template says: `automatic`
 * promotes at once, `suggest` records a suggestion for the committee. Idempotent per causing
 * event: running it twice for the same event (a restart, a replay) writes nothing new.
 */
export const reactToProgramEvent = async (deps: DomainDeps, event: RecordedEvent): Promise<CommandResult<ProgramState>[]> => {
  if (!(PLACE_FREEING_EVENTS as readonly string[]).includes(event.type)) return [];
  const { tenant, category, id: programId } = parseStreamId(event.streamId);
  if (category !== 'program') return [];
  const results: CommandResult<ProgramState>[] = [];
  for (let i = 0; i < 100; i++) {
    const state = await loadProgram(deps, tenant, programId);
    if (state.status === 'none' || state.status === 'completed') break;
    const next = nextToPromote(state);
    if (!next) break;
    const suggest = state.template.waitlist.policy === 'suggest';
    if (suggest && next.promotionSuggested) break;
    try {
      const result = await handleProgramCommand(deps, programId, {
        type: suggest ? 'SuggestPromotion' : 'PromoteApplication',
        data: { applicationId: next.applicationId, reason: `a mentor place is free after ${event.type}` },
        metadata: {
          tenant,
          actor: 'system',
          occurredAt: event.metadata.occurredAt,
          idempotencyKey: `waitlist:${event.eventId}:${i}`,
          correlationId: event.metadata.correlationId,
          causationId: event.eventId,
        },
      });
      results.push(result);
      if (result.duplicate || result.events.length === 0 || suggest) break;
    } catch (error) {
      // Someone took the place meanwhile: nothing to promote now.
      if (error instanceof IllegalStateError) break;
      throw error;
    }
  }
  return results;
};

export interface WaitlistReactorOptions {
  /** Start after this checkpoint (exclusive); null or absent: the log's beginning. */
  from?: Checkpoint | null;
  tenant?: string;
  /**
   * Called when reacting to one event failed (a conflict that outlasted its retries): the reactor
   * goes on with the next. Without it, the failure stops the subscription (`done` rejects).
   */
  onError?: (error: unknown, event: RecordedEvent) => void;
  /** After each batch is handled, with its last checkpoint: where the caller keeps it. */
  afterBatch?: (checkpoint: Checkpoint) => Promise<void>;
}

/** Runs the reactor on the live log from `from` (exclusive); `afterBatch` is where the caller keeps the checkpoint. */
export const startWaitlistReactor = (deps: DomainDeps, options: WaitlistReactorOptions = {}): Subscription =>
  deps.store.subscribe({ from: options.from ?? null, types: PLACE_FREEING_EVENTS, ...(options.tenant ? { tenant: options.tenant } : {}) }, async (events) => {
    for (const event of events) {
      try {
        await reactToProgramEvent(deps, event);
      } catch (error) {
        if (!options.onError) throw error;
        options.onError(error, event);
      }
    }
    await options.afterBatch?.((events[events.length - 1] as RecordedEvent).checkpoint);
  });
