import { type KeyStore, openKeyStore } from '@tandem/domain';
import { type EventStore, openEventStore } from '@tandem/eventstore';
import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { ReadModels } from '../../src/index';

export type Kind = 'sqlite' | 'postgres';
export const kinds: Kind[] = ['sqlite', 'postgres'];

export interface Env {
  kind: Kind;
  store: EventStore;
  keyStore: KeyStore;
  readModels: ReadModels;
  storeUrl: string;
  readModelsUrl: string;
  close(): Promise<void>;
}

/** A fresh event store, key store and read-model database: SQLite in memory, or a scratch PostgreSQL database. */
export const openEnv = async (kind: Kind, prefix = 'projections'): Promise<Env> => {
  if (kind === 'sqlite') {
    const store = await openEventStore('sqlite::memory:');
    const readModels = await ReadModels.open('sqlite::memory:');
    return {
      kind,
      store,
      keyStore: openKeyStore(store),
      readModels,
      storeUrl: 'sqlite::memory:',
      readModelsUrl: 'sqlite::memory:',
      async close() {
        await readModels.close();
        await store.close();
      },
    };
  }
  const scratch = await createScratchDatabase(prefix);
  const store = await openEventStore(scratch.url);
  const readModels = await ReadModels.open(scratch.url);
  return {
    kind,
    store,
    keyStore: openKeyStore(store),
    readModels,
    storeUrl: scratch.url,
    readModelsUrl: scratch.url,
    async close() {
      await readModels.close();
      await store.close();
      await scratch.drop();
    },
  };
};
