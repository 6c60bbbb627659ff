import { resolve } from 'node:path';
import { EventStoreValidationError } from './core/errors';
import type { EventStore } from './core/types';

/**
 * Opens the store a URL names:
 * - `sqlite:./data/events.sqlite`, `sqlite::memory:` or a bare path: the embedded store;
 * - `postgres://…` / `postgresql://…`: PostgreSQL;
 * - `kurrentdb://…` / `esdb://…` (also `+discover`): KurrentDB / EventStoreDB.
 */
export const openEventStore = async (url: string): Promise<EventStore> => {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { PostgresEventStore } = await import('./postgres/postgres-event-store');
    const store = new PostgresEventStore({ connectionString: url });
    await store.init();
    return store;
  }
  if (/^(kurrentdb|kdb|esdb)(\+discover)?:\/\//.test(url)) {
    const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(url);
  }
  if (url.startsWith('sqlite:') || !url.includes('://')) {
    const filename = url.replace(/^sqlite:(\/\/)?/, '');
    if (!filename) throw new EventStoreValidationError('the SQLite URL names no file: use sqlite:./data/events.sqlite or sqlite::memory:');
    const { SqliteEventStore } = await import('./sqlite/sqlite-event-store');
    return new SqliteEventStore({ filename: filename === ':memory:' ? filename : resolve(filename) });
  }
  throw new EventStoreValidationError(`event store URL "${url}" is not understood: use sqlite:<file>, postgres://… or kurrentdb://…`);
};

/** Where `npm start` and the CLI keep the embedded store unless told otherwise. */
export const defaultEventStoreUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.EVENTSTORE_URL ?? env.KURRENTDB_URL ?? env.DATABASE_URL ?? `sqlite:${resolve(env.TANDEM_DATA_DIR ?? 'data', 'events.sqlite')}`;
