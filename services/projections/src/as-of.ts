import type { KeyStore } from '@tandem/domain';
import type { Checkpoint, EventStore, RecordedEvent } from '@tandem/eventstore';
import { ProjectionSet, RowState, toProjectionEvents } from './core/engine';
import { projections } from './read-models/index';
import { assembleSnapshot, type ProgramSnapshot } from './snapshot';

export type AsOf = { at: string } | { checkpoint: Checkpoint };

export interface ProgramAsOf extends ProgramSnapshot {
  /** The last event included (null when the program had none yet). */
  checkpoint: Checkpoint | null;
  events: number;
}

const PAGE = 5_000;

/**
 * The state of one program as of a timestamp (events recorded at or before it) or a checkpoint
 * (inclusive), computed in memory from the program's events — read by the indexed correlation
 * key — with the same projections as the live read models, in the same shapes.
 */
export const programAsOf = async (store: EventStore, keyStore: KeyStore, tenant: string, programId: string, asOf: AsOf): Promise<ProgramAsOf> => {
  const set = new ProjectionSet(projections);
  const state = new RowState();
  const to = 'checkpoint' in asOf ? asOf.checkpoint : null;
  const until = 'at' in asOf ? Date.parse(asOf.at) : null;
  if (until !== null && Number.isNaN(until)) throw new Error(`"${(asOf as { at: string }).at}" is not a timestamp: use ISO 8601, e.g. 2026-03-01T12:00:00Z`);
  let cursor: Checkpoint | null = null;
  let events = 0;
  for (;;) {
    let page: RecordedEvent[] = await store.readAll({ tenant, correlationKey: programId, from: cursor, to, limit: PAGE });
    const full = page.length === PAGE;
    if (until !== null) {
      const stop = page.findIndex((e) => Date.parse(e.recordedAt) > until);
      if (stop >= 0) page = page.slice(0, stop);
    }
    if (page.length > 0) {
      await set.apply(await toProjectionEvents(page, keyStore), state);
      events += page.length;
      cursor = (page[page.length - 1] as RecordedEvent).checkpoint;
    }
    if (!full || page.length < PAGE) break;
  }
  const snapshot = await assembleSnapshot((table) =>
    [...state.existing(table)].filter((row) => row.tenant === tenant && (table.programScoped ? row.programId === programId : true)),
  );
  return { ...snapshot, checkpoint: cursor, events };
};
