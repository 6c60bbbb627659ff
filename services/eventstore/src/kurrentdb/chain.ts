/**
 * The per-tenant hash chain on KurrentDB, kept by a sealer (see kurrentdb-event-store.ts for the
 * whole design). This file is the pure part: where the chain lives, what a link holds, and how
 * links are computed from events read in log order.
 */
import type { Position } from '@kurrent/kurrentdb-client';
import { chainHash, GENESIS_HASH } from '../core/hash';
import type { RecordedEvent } from '../core/types';

/**
 * The chain stream of a tenant. Not `${tenant}/chain-log`: that is a legal domain stream name
 * (category `chain`, id `log`) and it would fall inside the tenant's `${tenant}/` prefix filter, so
 * every tenant read and subscription would have to skip it. `tandem.chain/…` can never be one of
 * our stream names ('.' is not allowed in a tenant), is not a `$` system stream (no admin ACL
 * needed), and no tenant prefix filter selects it.
 */
export const chainStreamName = (tenant: string): string => `tandem.chain/${tenant}`;

export const CHAIN_LINK_TYPE = 'TandemChainLink';

/** One link per sealed event; the chain stream's revision is `tenantSequence - 1`. */
export type ChainLinkRecord = {
  eventId: string;
  streamId: string;
  streamRevision: number;
  tenantSequence: number;
  hash: string;
  /** Where the sealed event sits in $all (decimal strings: JSON has no bigint). */
  commit: string;
  prepare: string;
};

export const linkPosition = (link: ChainLinkRecord): Position => ({ commit: BigInt(link.commit), prepare: BigInt(link.prepare) });

/** Reads a link back; null when the event is not a well-formed link. */
export const decodeLink = (type: string, data: unknown): ChainLinkRecord | null => {
  if (type !== CHAIN_LINK_TYPE || typeof data !== 'object' || data === null) return null;
  const d = data as Partial<ChainLinkRecord>;
  if (
    typeof d.eventId !== 'string' ||
    typeof d.streamId !== 'string' ||
    !Number.isSafeInteger(d.streamRevision) ||
    !Number.isSafeInteger(d.tenantSequence) ||
    typeof d.hash !== 'string' ||
    typeof d.commit !== 'string' ||
    typeof d.prepare !== 'string' ||
    !/^\d+$/.test(d.commit) ||
    !/^\d+$/.test(d.prepare)
  ) {
    return null;
  }
  return d as ChainLinkRecord;
};

/**
 * The links for `events` (one tenant's, in log order, all after `previous`), continuing the chain
 * from `previous` (null: the genesis). The hash covers the texts a verifier re-derives from the
 * read event: `JSON.stringify` of metadata, data and personal part (what the contract checks).
 */
export const computeLinks = (previous: Pick<ChainLinkRecord, 'tenantSequence' | 'hash'> | null, events: readonly RecordedEvent[]): ChainLinkRecord[] => {
  let sequence = previous?.tenantSequence ?? 0;
  let hash = previous?.hash ?? GENESIS_HASH;
  return events.map((e) => {
    sequence += 1;
    hash = chainHash(hash, {
      eventId: e.eventId,
      type: e.type,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      tenantSequence: sequence,
      metadata: JSON.stringify(e.metadata),
      data: JSON.stringify(e.data),
      personal: e.personal === null || e.personal === undefined ? null : JSON.stringify(e.personal),
    });
    const [commit, prepare] = e.checkpoint.split('-') as [string, string];
    return {
      eventId: e.eventId,
      streamId: e.streamId,
      streamRevision: e.streamRevision,
      tenantSequence: sequence,
      hash,
      commit: BigInt(commit).toString(),
      prepare: BigInt(prepare).toString(),
    };
  });
};

/** What the store knows of one tenant's chain (an in-memory index over the chain stream). */
export class ChainIndex {
  /** The last chain-stream revision read (-1: none). */
  revision = -1;
  last: ChainLinkRecord | null = null;
  private readonly byEventId = new Map<string, ChainLinkRecord>();

  /** Records the chain-stream event at `revision` (a malformed one only moves the revision on). */
  add(revision: number, link: ChainLinkRecord | null): void {
    this.revision = revision;
    if (!link) return;
    this.last = link;
    this.byEventId.set(link.eventId, link);
  }

  get(eventId: string): ChainLinkRecord | undefined {
    return this.byEventId.get(eventId);
  }

  get size(): number {
    return this.byEventId.size;
  }

  /** Sets `tenantSequence`/`hash` from the chain; events not sealed yet keep 0/null. */
  attach(event: RecordedEvent): RecordedEvent {
    const link = this.byEventId.get(event.eventId);
    return link ? { ...event, tenantSequence: link.tenantSequence, hash: link.hash } : event;
  }
}
