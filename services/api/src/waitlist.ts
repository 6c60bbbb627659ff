import { type DomainDeps, startWaitlistReactor } from '@tandem/domain';
import type { Checkpoint, RecordedEvent, Subscription } from '@tandem/eventstore';
import { type ReadModels, readCheckpoint, writeCheckpoint } from '@tandem/projections';

/** Its row in the read models' checkpoint table. */
const NAME = 'waitlist-reactor';

/**
 * Runs the waitlist reactor (domain: program/waitlist.reactor.ts) beside the API. After an event
 * that may free a mentor place, it promotes the next waitlisted mentee when the program's
 * template says `automatic` (VRT), or records a suggestion for the committee when it says
 * `suggest` (LRRT). Its checkpoint is saved after each batch; on its first start it begins at the
 * log's head, so it never acts on history from before it ran (demo data included). Reacting
 * twice to one event writes nothing new (the commands' idempotency keys derive from the event),
 * so a crash between a reaction and its checkpoint, or a second API process reacting too, is
 * harmless.
 */
export const runWaitlistReactor = async (
  deps: DomainDeps,
  readModels: ReadModels,
  onError: (error: unknown, event: RecordedEvent | null) => void,
): Promise<Subscription> => {
  const save = (checkpoint: Checkpoint) => readModels.transactional((em) => writeCheckpoint(readModels, NAME, { checkpoint, generation: 0 }, em));
  let from = (await readCheckpoint(readModels, NAME)).checkpoint;
  if (from === null) {
    from = await deps.store.headCheckpoint();
    if (from !== null) await save(from);
  }
  // One program's failure (a conflict that outlasted its retries) does not stop the others.
  const subscription = startWaitlistReactor(deps, { from, onError, afterBatch: save });
  subscription.done.catch((error) => onError(error, null));
  return subscription;
};
