import { decryptPersonal, type KeyStore, upcast } from '@tandem/domain';
import type { RecordedEvent } from '@tandem/eventstore';
import { fromRecorded, type Handler, type Lookup, type Projection, type ProjectionEvent, RowNeeded } from './projection';
import { applyChange, type Key, keyString, newRow, type Row, type RowChange, type TableDef } from './table';

/**
 * Row state of one writer: rows it has read or changed, by table and key. `load` reads a row the
 * state has not seen from the writer's store (nothing for Maps and rebuilds, the database inside
 * the transaction for the live writer). `null` marks a row known to be absent or deleted.
 */
export class RowState implements Lookup {
  readonly rows = new Map<TableDef, Map<string, Row | null>>();
  readonly dirty = new Map<TableDef, Set<string>>();
  /**
   * With `appendAside`: new rows of append-only tables, in the order they came, kept out of `rows`
   * and `dirty` (see the constructor).
   */
  readonly appended = new Map<TableDef, Row[]>();

  /**
   * Without `load`, a row the state has not seen does not exist (in-memory and rebuild writers).
   * `trackDirty: false` (time travel without stored states, which never writes rows back) skips
   * keeping `dirty`. `appendAside` (rebuilds, whose flush writes every new row of an append-only
   * table and forgets it) keeps those rows in a list instead of by key: nothing looks them up, and
   * the audit index makes one an event. See docs/architecture.md.
   */
  constructor(
    private readonly load?: (table: TableDef, key: Key) => Promise<Row | undefined>,
    readonly trackDirty = true,
    private readonly appendAside = false,
  ) {}

  private tableRows(table: TableDef): Map<string, Row | null> {
    let rows = this.rows.get(table);
    if (!rows) this.rows.set(table, (rows = new Map()));
    return rows;
  }

  /** A row the state knows; one it does not know exists only where there is nothing to load it from (RowNeeded otherwise). */
  get(table: TableDef, key: Key): Row | undefined {
    const known = this.rows.get(table)?.get(keyString(table, key));
    if (known !== undefined || !this.load || table.appendOnly) return known ?? undefined;
    throw new RowNeeded(table, key);
  }

  /** Reads a row from the writer's store into the state (see RowNeeded). */
  async fetch(table: TableDef, key: Key): Promise<Row | undefined> {
    const loaded = ((await this.load?.(table, key)) ?? null) as Row | null;
    this.tableRows(table).set(keyString(table, key), loaded);
    return loaded ?? undefined;
  }

  /** Applies a change; returns a promise only when the row had to be loaded first. */
  apply(change: RowChange): void | Promise<void> {
    const table = change.table;
    if (this.appendAside && table.appendOnly && change.op === 'upsert') {
      let list = this.appended.get(table);
      if (!list) this.appended.set(table, (list = []));
      list.push(newRow(table, change.key, change.values));
      return;
    }
    const k = keyString(table, change.key);
    const rows = this.tableRows(table);
    const fresh = table.appendOnly && change.op === 'upsert';
    const known = fresh ? null : rows.get(k);
    if (known === undefined && this.load && !table.appendOnly) {
      return this.fetch(table, change.key).then((current) => this.put(change, k, current, rows));
    }
    this.put(change, k, known ?? undefined, rows);
  }

  private put(change: RowChange, k: string, current: Row | undefined, rows: Map<string, Row | null>): void {
    const next = applyChange(current, change);
    if (next === undefined && current === undefined) return;
    // Changes apply in place: an existing row is already where it belongs.
    if (next !== current) rows.set(k, next ?? null);
    if (!this.trackDirty) return;
    let dirty = this.dirty.get(change.table);
    if (!dirty) this.dirty.set(change.table, (dirty = new Set()));
    dirty.add(k);
  }

  /** Records a row read ahead (null: known to be absent), unless the state already knows it. */
  preload(table: TableDef, key: Key, row: Row | null): void {
    const rows = this.tableRows(table);
    const k = keyString(table, key);
    if (!rows.has(k)) rows.set(k, row);
  }

  /** Whether the state knows this row (present or absent). */
  knows(table: TableDef, key: Key): boolean {
    return this.rows.get(table)?.has(keyString(table, key)) ?? false;
  }

  /** Rows of a table that exist now (those set aside included). */
  *existing(table: TableDef): Iterable<Row> {
    for (const row of this.rows.get(table)?.values() ?? []) if (row) yield row;
    yield* this.appended.get(table) ?? [];
  }

  /** Rows changed since the last flush: dirty keys and rows set aside. */
  changedCount(): number {
    let n = 0;
    for (const keys of this.dirty.values()) n += keys.size;
    for (const rows of this.appended.values()) n += rows.length;
    return n;
  }
}

/** Handlers by event type, in projection order; `all` handlers for every type. */
export class ProjectionSet {
  private readonly byType = new Map<string, Handler<unknown>[]>();
  private readonly forAll: Handler<unknown>[];

  constructor(readonly projections: readonly Projection[]) {
    this.forAll = projections.flatMap((p) => (p.all ? [p.all] : []));
  }

  handlersFor(type: string): Handler<unknown>[] {
    let handlers = this.byType.get(type);
    if (!handlers) {
      handlers = [];
      for (const p of this.projections) {
        const h = (p.handlers as Record<string, Handler<unknown> | undefined>)[type];
        if (h) handlers.push(h);
        if (p.all) handlers.push(p.all);
      }
      this.byType.set(type, handlers);
    }
    return handlers.length > 0 ? handlers : this.forAll;
  }

  /** The rows the projections say these events will touch, by table (see Projection.touches). */
  touched(events: readonly ProjectionEvent[]): Map<TableDef, Key[]> {
    const out = new Map<TableDef, Key[]>();
    for (const event of events) {
      for (const p of this.projections) {
        const hint = (p.touches as Record<string, ((e: ProjectionEvent) => { table: TableDef; key: Key }[]) | undefined> | undefined)?.[event.type];
        if (!hint) continue;
        for (const { table, key } of hint(event)) {
          let keys = out.get(table);
          if (!keys) out.set(table, (keys = []));
          keys.push(key);
        }
      }
    }
    return out;
  }

  /**
   * Applies events in order. Every handler of one event sees the state before that event; the
   * changes of all handlers are applied after them, in projection order. Handlers are synchronous:
   * when one needs a row the state must first read (RowNeeded), the row is read and the event's
   * handlers run again from the start; nothing of the event was applied before. With every row in
   * memory (rebuilds, time travel) nothing is awaited: 300k events, async handlers awaiting every
   * lookup took 2.0–2.4 s to apply.
   */
  apply(events: readonly ProjectionEvent[], state: RowState, from = 0): void | Promise<void> {
    for (let i = from; i < events.length; i++) {
      const changes = this.changesOf(events[i] as ProjectionEvent, state);
      if (changes instanceof RowNeeded) return this.applyLoading(events, i, state, changes);
      for (let c = 0; c < changes.length; c++) {
        const pending = state.apply(changes[c] as RowChange);
        if (pending) return pending.then(() => this.applyRest(events, i, changes, c + 1, state));
      }
    }
  }

  /** The changes of all of an event's handlers, or the row one of them needs read first. */
  private changesOf(event: ProjectionEvent, state: RowState): RowChange[] | RowNeeded {
    const handlers = this.handlersFor(event.type);
    try {
      if (handlers.length === 1) return (handlers[0] as Handler<unknown>)(event, state);
      const changes: RowChange[] = [];
      for (const handler of handlers) for (const change of handler(event, state)) changes.push(change);
      return changes;
    } catch (error) {
      if (error instanceof RowNeeded) return error;
      throw error;
    }
  }

  /** Reads the rows event `i`'s handlers ask for, one at a time, then applies it and the rest. */
  private async applyLoading(events: readonly ProjectionEvent[], i: number, state: RowState, needed: RowNeeded): Promise<void> {
    let changes: RowChange[] | RowNeeded = needed;
    while (changes instanceof RowNeeded) {
      await state.fetch(changes.table, changes.key);
      changes = this.changesOf(events[i] as ProjectionEvent, state);
    }
    await this.applyRest(events, i, changes, 0, state);
  }

  /** Applies event `i`'s changes from `from` on, then the events after it. */
  private async applyRest(events: readonly ProjectionEvent[], i: number, changes: RowChange[], from: number, state: RowState): Promise<void> {
    for (let c = from; c < changes.length; c++) {
      const pending = state.apply(changes[c] as RowChange);
      if (pending) await pending;
    }
    await this.apply(events, state, i + 1);
  }
}

/** Recorded events as projections see them: personal parts decrypted with the key store (erased keys read as erased). */
export const toProjectionEvents = async (recorded: readonly RecordedEvent[], keyStore: KeyStore): Promise<ProjectionEvent[]> => {
  // The page's keys in one read, rather than a query for each person met for the first time.
  const persons: { tenant: string; personId: string }[] = [];
  for (const e of recorded) {
    const personId = (e.personal as { personId?: unknown } | null)?.personId;
    if (typeof personId === 'string') persons.push({ tenant: e.metadata.tenant, personId });
  }
  if (persons.length > 0) await keyStore.loadKeys(persons);
  const out: ProjectionEvent[] = new Array(recorded.length);
  for (let i = 0; i < recorded.length; i++) {
    const e = upcast(recorded[i] as RecordedEvent);
    // Another process may have erased this person: stop using a cached key from now on.
    if (e.type === 'PersonalDataErased') keyStore.forget(e.metadata.tenant, (e.data as { personId: string }).personId);
    out[i] = fromRecorded(e, e.personal === null || e.personal === undefined ? null : await decryptPersonal(e, keyStore));
  }
  return out;
};
