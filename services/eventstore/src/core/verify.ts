/**
 * Verifies a tenant's hash chain from the stored rows.
 *
 * The walk goes through the tenant's events in tenant-sequence order (the chain's order, which
 * is not always the global delivery order: on PostgreSQL a long transaction can commit a later
 * link with a lower checkpoint) and recomputes every link with `chainHash` from the previous
 * link's stored hash. SQLite and PostgreSQL hand over the exact stored texts
 * (`readTenantChain`); a store without that method (KurrentDB) is read with `readAll`, whose order
 * is its chain's order, and re-derives the texts with `JSON.stringify`, as its sealer does.
 *
 * The first link that does not hold is reported by its place (tenant sequence) with one problem:
 * - `missing`: no event holds the expected place (the next stored sequence skips it);
 * - `reordered`: the event stored at the place does not hash there, but another event of the
 *   tenant does — re-hashed at this place after the previous link it gives its own stored hash or
 *   the one stored at this place (the event belonging here was moved elsewhere: sequence numbers
 *   or contents of two rows swapped);
 * - `altered`: the event stored at the place does not hash there and no other event belongs
 *   there (its content, envelope, sequence number or hash was changed). A hash rewritten to match
 *   altered content shows at the next link, whose stored hash was computed from the old one;
 * - `unsealed`: the event has no hash yet (KurrentDB seals after the append); the detail says
 *   how many are waiting.
 * Events removed from the end of a chain leave a shorter chain that holds: only a head published
 * elsewhere (compare `headHash`) shows that.
 */
import { type ChainLink, canonicalMetadata, chainHash, GENESIS_HASH } from './hash';
import type { Checkpoint, EventStore, RecordedEvent } from './types';

/** One stored event of a tenant's chain, with the exact texts its hash covers. */
export interface StoredChainLink extends ChainLink {
  checkpoint: Checkpoint;
  /** The stored hash; null while the event is not sealed. */
  hash: string | null;
}

/** Where a chain read continues: after this link (ties of a tampered sequence broken by checkpoint). */
export interface ChainCursor {
  tenantSequence: number;
  checkpoint: Checkpoint;
}

/** An event store that can hand over a tenant's stored chain in tenant-sequence order. */
export interface ChainReader {
  /** Up to `limit` links of the tenant ordered by (tenant sequence, checkpoint), after `after` (null: from the start). */
  readTenantChain(tenant: string, after: ChainCursor | null, limit: number): Promise<StoredChainLink[]>;
}

export type ChainProblem = 'altered' | 'missing' | 'reordered' | 'unsealed';

export interface ChainPlace {
  /** The place in the tenant's chain (1-based) where the chain stops holding. */
  tenantSequence: number;
  /** The event stored at that place; null when none is (`missing`). */
  checkpoint: Checkpoint | null;
  eventId: string | null;
  streamId: string | null;
}

export type ChainVerification =
  | { status: 'ok'; events: number; headHash: string }
  | { status: 'broken'; at: ChainPlace; problem: ChainProblem; detail: string; verifiedBefore: number };

export interface VerifyOptions {
  /** Called after every page: links verified so far and, when known, the chain's length. */
  onProgress?(verified: number, total?: number): void;
  /** Links read per page (default 5,000). */
  pageSize?: number;
}

const hasChainReader = (store: EventStore): store is EventStore & ChainReader => typeof (store as Partial<ChainReader>).readTenantChain === 'function';

/** The chain texts of a read event, as KurrentDB's sealer derives them. */
const linkOf = (e: RecordedEvent): StoredChainLink => ({
  eventId: e.eventId,
  type: e.type,
  streamId: e.streamId,
  streamRevision: e.streamRevision,
  tenantSequence: e.tenantSequence,
  metadata: canonicalMetadata(e.metadata),
  data: JSON.stringify(e.data),
  personal: e.personal === null || e.personal === undefined ? null : JSON.stringify(e.personal),
  checkpoint: e.checkpoint,
  hash: e.hash,
});

/** The tenant's links in chain order, a page at a time. */
async function* chainPages(store: EventStore, tenant: string, pageSize: number, after: ChainCursor | null = null): AsyncGenerator<StoredChainLink[]> {
  if (hasChainReader(store)) {
    let cursor = after;
    for (;;) {
      const page = await store.readTenantChain(tenant, cursor, pageSize);
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1] as StoredChainLink;
      cursor = { tenantSequence: last.tenantSequence, checkpoint: last.checkpoint };
    }
  }
  // readAll's order is the chain's order here; resume after the cursor's checkpoint.
  let from: Checkpoint | null = after?.checkpoint ?? null;
  for (;;) {
    const page = await store.readAll({ tenant, from, limit: pageSize });
    if (page.length === 0) return;
    yield page.map(linkOf);
    from = (page[page.length - 1] as RecordedEvent).checkpoint;
  }
}

const placeOf = (tenantSequence: number, link: StoredChainLink | null): ChainPlace => ({
  tenantSequence,
  checkpoint: link?.checkpoint ?? null,
  eventId: link?.eventId ?? null,
  streamId: link?.streamId ?? null,
});

/**
 * Recomputes the tenant's chain from the stored rows; reports OK with the head hash, or the
 * first link that does not hold (see the file comment for the rules).
 */
export const verifyTenantChain = async (store: EventStore, tenant: string, options: VerifyOptions = {}): Promise<ChainVerification> => {
  const pageSize = options.pageSize ?? 5_000;
  let total: number | undefined;
  if (options.onProgress) total = (await store.stats()).tenants.find((t) => t.tenant === tenant)?.events;
  let previous = GENESIS_HASH;
  let verified = 0;
  let before: ChainCursor | null = null;
  for await (const page of chainPages(store, tenant, pageSize)) {
    for (let i = 0; i < page.length; i++) {
      const link = page[i] as StoredChainLink;
      const place = verified + 1;
      if (link.hash === null) {
        const unsealed = await countUnsealed(store, tenant, pageSize, before);
        return {
          status: 'broken',
          at: placeOf(place, link),
          problem: 'unsealed',
          detail: `${unsealed} event${unsealed === 1 ? ' is' : 's are'} not sealed yet, from event ${link.eventId} (${link.streamId}@${link.streamRevision}) on`,
          verifiedBefore: verified,
        };
      }
      if (link.tenantSequence > place) {
        return {
          status: 'broken',
          at: placeOf(place, null),
          problem: 'missing',
          detail: `no event holds place ${place}: the next stored event, ${link.eventId} (${link.streamId}@${link.streamRevision}), has place ${link.tenantSequence}`,
          verifiedBefore: verified,
        };
      }
      if (link.tenantSequence !== place || chainHash(previous, link) !== link.hash) {
        const belonging = await findBelonging(store, tenant, pageSize, before, place, previous, link);
        const where = `${link.eventId} (${link.streamId}@${link.streamRevision}, stored place ${link.tenantSequence})`;
        return belonging
          ? {
              status: 'broken',
              at: placeOf(place, link),
              problem: 'reordered',
              detail: `event ${where} does not hash at place ${place}; the event that does, ${belonging.eventId} (${belonging.streamId}@${belonging.streamRevision}), is stored at place ${belonging.tenantSequence}`,
              verifiedBefore: verified,
            }
          : {
              status: 'broken',
              at: placeOf(place, link),
              problem: 'altered',
              detail: `event ${where} does not hash to its stored hash ${link.hash} after the hash of place ${place - 1}; no other event belongs at place ${place}`,
              verifiedBefore: verified,
            };
      }
      previous = link.hash;
      verified = place;
      before = { tenantSequence: link.tenantSequence, checkpoint: link.checkpoint };
    }
    options.onProgress?.(verified, total);
  }
  return { status: 'ok', events: verified, headHash: previous };
};

/** How many links from the cursor on have no hash. */
const countUnsealed = async (store: EventStore, tenant: string, pageSize: number, after: ChainCursor | null): Promise<number> => {
  let count = 0;
  for await (const page of chainPages(store, tenant, pageSize, after)) for (const link of page) if (link.hash === null) count += 1;
  return count;
};

/**
 * Another link of the tenant (after the cursor, other than `stored`) that, re-hashed at `place`
 * after `previous`, gives its own stored hash or the one stored at the place.
 */
const findBelonging = async (
  store: EventStore,
  tenant: string,
  pageSize: number,
  after: ChainCursor | null,
  place: number,
  previous: string,
  stored: StoredChainLink,
): Promise<StoredChainLink | null> => {
  for await (const page of chainPages(store, tenant, pageSize, after)) {
    for (const link of page) {
      if (link.eventId === stored.eventId && link.checkpoint === stored.checkpoint) continue;
      const hash = chainHash(previous, { ...link, tenantSequence: place });
      if (hash === link.hash || hash === stored.hash) return link;
    }
  }
  return null;
};
