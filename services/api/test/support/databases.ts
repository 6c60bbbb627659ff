import { createScratchDatabase } from '@tandem/eventstore/test-support';
import { afterAll, beforeAll } from 'vitest';
import { startTestTandem, type TestTandem } from './tandem';

export interface TestDatabase {
  name: string;
  /** The store options for `startTestTandem`, and how to drop what it made. */
  setup: () => Promise<{ options: { eventStoreUrl?: string; readModelsUrl?: string }; drop: () => Promise<void> }>;
}

/** SQLite files, and a scratch PostgreSQL database named after `scratchName`: for `describe.each`. */
export const bothDatabases = (scratchName: string): TestDatabase[] => [
  { name: 'SQLite', setup: async () => ({ options: {}, drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    setup: async () => {
      const scratch = await createScratchDatabase(scratchName);
      return { options: { eventStoreUrl: scratch.url, readModelsUrl: scratch.url }, drop: scratch.drop };
    },
  },
];

/**
 * A Tandem with the demo data on the database `setup` makes, started before the suite's tests
 * (this registers its `beforeAll`, so the suite's own hooks run after it) and stopped, its
 * database dropped, after them. Use it inside hooks and tests; before the start it throws.
 */
export const demoTandemForSuite = (setup: TestDatabase['setup']): TestTandem => {
  let started: TestTandem | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await setup();
    drop = db.drop;
    started = await startTestTandem({ ...db.options, seedDemo: true });
  }, 180_000);
  afterAll(async () => {
    await started?.stop();
    await drop?.();
  });
  return new Proxy({} as TestTandem, {
    get: (_, key) => {
      if (!started) throw new Error('the suite’s Tandem is not started yet: use it inside hooks and tests');
      return Reflect.get(started, key);
    },
  });
};
