import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * A fresh event store, key store and read-model database: SQLite in memory (or in files of a
 * temporary folder with `file`), or a scratch PostgreSQL database.
 */
export const openEnv = async (kind: Kind, prefix = 'projections', options: { file?: boolean } = {}): Promise<Env> => {
  if (kind === 'sqlite') {
    const dir = options.file ? mkdtempSync(join(tmpdir(), `tandem-${prefix}-`)) : null;
    const storeUrl = dir ? `sqlite:${join(dir, 'events.sqlite')}` : 'sqlite::memory:';
    const readModelsUrl = dir ? `sqlite:${join(dir, 'readmodels.sqlite')}` : 'sqlite::memory:';
    const store = await openEventStore(storeUrl);
    const readModels = await ReadModels.open(readModelsUrl);
    return {
      kind,
      store,
      keyStore: openKeyStore(store),
      readModels,
      storeUrl,
      readModelsUrl,
      async close() {
        await readModels.close();
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
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
