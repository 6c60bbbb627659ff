import { type EventStore, openEventStore } from '@tandem/eventstore';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { DomainDeps } from '../../src/core/command-handler';
import { openKeyStore } from '../../src/person/key-store';

/** The PostgreSQL the tests use: `TEST_DATABASE_URL`, or the local server's test database. */
export const testDatabaseUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_test';

/** An empty database for one test file (the event store's scratch-database idea). */
export const createScratchDatabase = async (prefix: string): Promise<{ url: string; drop: () => Promise<void> }> => {
  const base = new URL(testDatabaseUrl());
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${base.host} (${error.message}); run: source infra/setup.sh`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
};

export interface StoreContext {
  kind: 'sqlite' | 'postgres';
  /** A fresh event store and the key store beside it; closed after the file. */
  open: () => Promise<DomainDeps & { store: EventStore }>;
}

let scratch: Promise<{ url: string; drop: () => Promise<void> }> | null = null;
const opened: EventStore[] = [];

afterAll(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
  if (scratch) await (await scratch).drop();
  scratch = null;
});

const openSqlite = async () => {
  const store = await openEventStore('sqlite::memory:');
  opened.push(store);
  return { store, keyStore: openKeyStore(store) };
};

const openPostgres = async () => {
  scratch ??= createScratchDatabase('tandem_domain');
  const store = await openEventStore((await scratch).url);
  opened.push(store);
  return { store, keyStore: openKeyStore(store) };
};

/**
 * Runs the same tests on the embedded SQLite store and on PostgreSQL (one scratch database per
 * file; tests keep apart by using fresh tenants and ids).
 */
export const describeOnBothStores = (name: string, body: (ctx: StoreContext) => void): void => {
  describe(`${name} (SQLite)`, () => body({ kind: 'sqlite', open: openSqlite }));
  describe(`${name} (PostgreSQL)`, () => body({ kind: 'postgres', open: openPostgres }));
};

let tenantCounter = 0;
/** A tenant no other test uses (stream names: lower-case, digits, dashes). */
export const freshTenant = (prefix = 't'): string =>
  `${prefix}${Date.now().toString(36)}${(tenantCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
