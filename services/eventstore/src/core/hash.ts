import { createHash } from 'node:crypto';

/** The hash before a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  tenantSequence: number;
  metadata: string;
  data: string;
  personal: string | null;
}

/**
 * `sha256(prevHash, envelope, payload)` over the exact stored texts, so a verifier needs only
 * the rows. The PostgreSQL adapter computes the same bytes in SQL (postgres/schema.ts).
 */
export const chainHash = (prevHash: string, link: ChainLink): string =>
  createHash('sha256')
    .update(
      `${prevHash}\n${link.eventId}\n${link.type}\n${link.streamId}\n${link.streamRevision}\n${link.tenantSequence}\n${link.metadata}\n${link.data}\n${link.personal ?? ''}`,
    )
    .digest('hex');
