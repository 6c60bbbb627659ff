import { createScratchDatabase } from '@tandem/eventstore/test-support';

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
