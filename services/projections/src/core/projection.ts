import type { PersonalPart } from '@tandem/domain';
import type { EventMetadata, RecordedEvent } from '@tandem/eventstore';
import type { DataOf, KnownType } from './events';
import type { Key, Row, RowChange, TableDef } from './table';

/** A recorded event as projections see it: the personal part already decrypted (or erased). */
export interface ProjectionEvent<Data = Record<string, unknown>> {
  eventId: string;
  type: string;
  data: Data;
  personal: PersonalPart | null;
  metadata: EventMetadata;
  streamId: string;
  streamRevision: number;
  checkpoint: string;
  recordedAt: string;
}

/**
 * Reads the current state of a row from the writer's own row state. Synchronous: a writer whose
 * rows live in a database (the live writer) throws RowNeeded for a row it has not read yet,
 * reads it, and runs the event's handlers again, which pure handlers allow. A handler lets it
 * pass: one that caught it around a lookup would project a row it never read.
 */
export interface Lookup {
  get<T extends TableDef>(table: T, key: Key): Row | undefined;
}

/** Thrown by a Lookup for a row its writer must read from the database before the handler can run. */
export class RowNeeded {
  constructor(
    readonly table: TableDef,
    readonly key: Key,
  ) {}
}

export type Handler<Data = never> = (event: ProjectionEvent<Data>, lookup: Lookup) => RowChange[];

export type Handlers = { [T in KnownType]?: Handler<DataOf<T>> };

/** A projection: the tables it owns and, per event type, the pure function that changes them. */
export interface Projection {
  name: string;
  tables: readonly TableDef[];
  handlers: Handlers;
  /** Called for every event, whatever its type (the audit index). */
  all?: Handler<unknown>;
  /**
   * Rows an event will look up or change, where its data names them. The live writer reads a
   * batch's rows with one query per table before applying it, and knows the absent ones are
   * absent: asking for each row of a new application on its own cost PostgreSQL a round trip per
   * row (1.5 ms an event in a batch of submissions).
   */
  touches?: { [T in KnownType]?: (event: ProjectionEvent<DataOf<T>>) => { table: TableDef; key: Key }[] };
}

export const defineProjection = <P extends Projection>(projection: P): P => projection;

/** One row an event touches (Projection.touches). */
export const touch = (table: TableDef, key: Key): { table: TableDef; key: Key } => ({ table, key });

export const fromRecorded = (e: RecordedEvent, personal: PersonalPart | null): ProjectionEvent => ({
  eventId: e.eventId,
  type: e.type,
  data: e.data as Record<string, unknown>,
  personal,
  metadata: e.metadata,
  streamId: e.streamId,
  streamRevision: e.streamRevision,
  checkpoint: e.checkpoint,
  recordedAt: e.recordedAt,
});
