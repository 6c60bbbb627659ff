import pg from 'pg';

/** The PostgreSQL the tests use: `TEST_DATABASE_URL`, or the local server's test database. */
export const testDatabaseUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_test';

/** Creates an empty database for one test file; returns its URL and a function that drops it. */
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

/**
 * Polls until `check` holds or 30 s pass; false if it never did. Visibility on a shared server
 * waits for other test files' open transactions too, which may take a while.
 */
export const eventually = async (check: () => Promise<boolean>): Promise<boolean> => {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};
