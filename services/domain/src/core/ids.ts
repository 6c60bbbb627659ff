import { v5 as uuidv5 } from 'uuid';

/** Namespace of every id Tandem derives by name (UUIDv5); never change it, stored ids depend on it. */
export const TANDEM_NAMESPACE = '6f1c6d3e-2b0a-4c8e-9a5d-7e1f0b3c2a91';

/**
 * A stable id derived from parts: the same parts give the same id on every machine. Used for
 * event ids (idempotency) and for ids the demo seed must reproduce.
 */
export const deriveId = (...parts: readonly (string | number)[]): string => uuidv5(parts.map(String).join('\u001f'), TANDEM_NAMESPACE);

/**
 * The id of the `index`-th event a command appends to `streamId`. A retried request carries the
 * same idempotency key, so it re-appends the same ids and the store hands back the same positions.
 */
export const commandEventId = (tenant: string, idempotencyKey: string, streamId: string, index: number): string =>
  deriveId('event', tenant, idempotencyKey, streamId, index);
