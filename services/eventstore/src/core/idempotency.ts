import { EventStoreValidationError } from './errors';
import type { AppendedEvent, AppendResult } from './types';

/** Where an already stored event sits. */
export interface StoredEvent extends AppendedEvent {
  streamId: string;
}

/**
 * The idempotent-replay rule every adapter shares. `stored` holds the rows found for the
 * request's event ids. None stored: null (a new append). The same ids appended earlier to this
 * stream, in this order, on consecutive revisions: their positions (write nothing). Anything
 * else: a validation error, nothing written.
 */
export const idempotentReplay = (
  request: { streamId: string; events: readonly { eventId: string }[] },
  stored: ReadonlyMap<string, StoredEvent>,
): AppendResult | null => {
  if (stored.size === 0) return null;
  const first = stored.get((request.events[0] as { eventId: string }).eventId);
  if (!first) {
    const later = request.events.find((e) => stored.has(e.eventId)) as { eventId: string };
    throw new EventStoreValidationError(
      `event ${later.eventId} is already stored but the events before it in this append are not; re-send the original append unchanged`,
    );
  }
  const events = request.events.map((event, index): AppendedEvent => {
    const row = stored.get(event.eventId);
    if (!row || row.streamId !== request.streamId || row.streamRevision !== first.streamRevision + index) {
      throw new EventStoreValidationError(
        `event ${event.eventId} does not match an earlier append to ${request.streamId}: re-send the original append unchanged, or use new event ids`,
      );
    }
    return { eventId: event.eventId, streamRevision: row.streamRevision, globalPosition: row.globalPosition, checkpoint: row.checkpoint };
  });
  const last = events[events.length - 1] as AppendedEvent;
  return { streamId: request.streamId, nextExpectedRevision: last.streamRevision, checkpoint: last.checkpoint, events };
};
