import { hash } from 'node:crypto';
import type { EventMetadata } from './types';

/** The hash before a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  tenantSequence: number;
  /** `canonicalMetadata(metadata)`. */
  metadata: string;
  data: string;
  personal: string | null;
}

/**
 * The one text of an event's metadata that the chain covers: the JSON of the fields in a fixed
 * order (tenant, actor, correlationId, causationId, occurredAt, schemaVersion, then
 * correlationKey only when set). It equals `JSON.stringify` of the metadata object an adapter
 * reads back, so adapters may store the fields as columns and rebuild it exactly.
 */
export const canonicalMetadata = (m: EventMetadata): string =>
  `{"tenant":${quote(m.tenant)},"actor":${quote(m.actor)},"correlationId":${quote(m.correlationId)},"causationId":${
    m.causationId === null || m.causationId === undefined ? 'null' : quote(m.causationId)
  },"occurredAt":${quote(m.occurredAt)},"schemaVersion":${JSON.stringify(m.schemaVersion)}${m.correlationKey ? `,"correlationKey":${quote(m.correlationKey)}` : ''}}`;

/** Characters `JSON.stringify` escapes in a string: quote, backslash, controls, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, without its cost for the usual text that needs no escaping. */
const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

/**
 * `sha256(prevHash, envelope, payload)` over the exact stored texts, so a verifier needs only
 * the rows. Every adapter computes it in Node at append time, with the one-shot `crypto.hash`:
 * for a text this size it costs about half of `createHash().update().digest()`, the same digest.
 */
export const chainHash = (prevHash: string, link: ChainLink): string =>
  hash(
    'sha256',
    `${prevHash}\n${link.eventId}\n${link.type}\n${link.streamId}\n${link.streamRevision}\n${link.tenantSequence}\n${link.metadata}\n${link.data}\n${link.personal ?? ''}`,
    'hex',
  );
