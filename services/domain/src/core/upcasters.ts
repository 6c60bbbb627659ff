/**
 * Event versioning. Stored events are never rewritten (the hash chain covers their exact text),
 * so an event type evolves like this:
 *
 * 1. Change the type's `data` shape in its `*.events.ts` and raise its entry in
 *    `SCHEMA_VERSIONS`: new events are written with that `metadata.schemaVersion`.
 * 2. Add an upcaster from the previous version: a pure function from the old `data` to the next
 *    version's. Upcasters chain, so a version-1 event passes through every step up to the current.
 * 3. Everything that reads events (deciders through `loadStream`, projections, as-of views)
 *    receives the current shape; the audit views and exports show the data as stored.
 *
 * A test replays a stored event of every old version through the domain and the projections.
 */

/** The version each event type is written with now; absent types are at version 1. */
export const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  // v2: each proposal carries the engine's next-best alternative (v1 runs recorded none).
  MatchRunCompleted: 2,
};

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** `UPCASTERS[type][v]` turns version `v` data into version `v + 1` data. */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  MatchRunCompleted: {
    1: (data) => ({
      ...data,
      proposals: ((data.proposals as Record<string, unknown>[] | undefined) ?? []).map((p) => ({ ...p, alternative: null })),
    }),
  },
};

export const schemaVersionOf = (type: string): number => SCHEMA_VERSIONS[type] ?? 1;

/**
 * The event's `data` in the current shape of its type. Throws for a version newer than this code
 * knows (an older process reading a newer process's event must not guess).
 */
export const upcastData = (type: string, schemaVersion: number, data: unknown): unknown => {
  const current = schemaVersionOf(type);
  if (schemaVersion === current) return data;
  if (schemaVersion > current) {
    throw new Error(`${type} version ${schemaVersion} is newer than this version of Tandem reads (${current}); upgrade Tandem`);
  }
  let out = data as Record<string, unknown>;
  for (let v = schemaVersion; v < current; v++) {
    const step = UPCASTERS[type]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} from version ${v} to ${v + 1}`);
    out = step(out);
  }
  return out;
};

/** A recorded event with its data upcast; the same object when it is already current. */
export const upcast = <E extends { type: string; data: unknown; metadata: { schemaVersion: number } }>(event: E): E =>
  event.metadata.schemaVersion === schemaVersionOf(event.type) ? event : { ...event, data: upcastData(event.type, event.metadata.schemaVersion, event.data) };
