import type { CommandMetadata } from './command';

/**
 * Command metadata for callers that have a request in hand (API, CLI, seed, tests). The
 * correlation id defaults to the idempotency key; reactors pass the causing event's id.
 */
export const commandMetadata = (m: {
  tenant: string;
  actor: string;
  at: string | Date;
  key: string;
  correlationId?: string;
  causationId?: string | null;
}): CommandMetadata => ({
  tenant: m.tenant,
  actor: m.actor,
  occurredAt: typeof m.at === 'string' ? m.at : m.at.toISOString(),
  idempotencyKey: m.key,
  correlationId: m.correlationId ?? m.key,
  causationId: m.causationId ?? null,
});

/** The same request's metadata for a follow-up command (a second step of one request). */
export const followUp = (m: CommandMetadata, step: string): CommandMetadata => ({ ...m, idempotencyKey: `${m.idempotencyKey}:${step}` });
