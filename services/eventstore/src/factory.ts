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

/**
 * The event store the server and the CLI open unless told otherwise: `EVENTSTORE_URL`, else
 * `KURRENTDB_URL`, else `DATABASE_URL`, else the embedded file in the data folder. An empty
 * variable counts as unset, as the server's configuration counts it.
 */
export const defaultEventStoreUrl = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.EVENTSTORE_URL || env.KURRENTDB_URL || env.DATABASE_URL || `sqlite:${resolve(env.TANDEM_DATA_DIR || 'data', 'events.sqlite')}`;
