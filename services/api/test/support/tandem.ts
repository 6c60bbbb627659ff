import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningTandem, startTandem } from '../../src/app';
import type { Role } from '../../src/auth/account-store';
import { createPlatformAdmin } from '../../src/auth/admin';
import { hashPassword } from '../../src/auth/passwords';
import { loadConfig } from '../../src/config';
import { gql } from './client';

export const PASSWORD = 'a long test password';

export interface TestTandem {
  tandem: RunningTandem;
  url: string;
  /** The data directory: the SQLite files when no URL was given. */
  dataDir: string;
  adminToken: string;
  /** Creates an account with roles and returns its access token. */
  member(email: string, roles: { tenant: string; role: Role }[]): Promise<string>;
  signIn(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/** A started Tandem (HTTP on a free port) on a fresh store: SQLite files by default, or `eventStoreUrl`. */
export const startTestTandem = async (options: { eventStoreUrl?: string; readModelsUrl?: string; seedDemo?: boolean } = {}): Promise<TestTandem> => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-api-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TANDEM_DATA_DIR: dir,
    SEED_DEMO: options.seedDemo ? 'true' : 'false',
    JWT_SECRET: 'a-test-secret-that-is-long-enough-1234',
    ...(options.eventStoreUrl ? { EVENTSTORE_URL: options.eventStoreUrl } : {}),
    ...(options.readModelsUrl ? { READMODELS_URL: options.readModelsUrl } : {}),
  });
  const tandem = await startTandem(config);
  const url = tandem.server.url;
  const accounts = tandem.server.services.accounts;
  await createPlatformAdmin(accounts, { email: 'root@tandem.test', name: 'Root', password: PASSWORD, now: new Date().toISOString() });
  const signIn = async (email: string, password = PASSWORD) => {
    const response = await gql<{ signIn: { accessToken: string } }>(
      url,
      'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }',
      { e: email, p: password },
    );
    if (!response.data) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(response.errors)}`);
    return response.data.signIn.accessToken;
  };
  let hash: string | null = null;
  return {
    tandem,
    url,
    dataDir: dir,
    adminToken: await signIn('root@tandem.test'),
    signIn,
    member: async (email, roles) => {
      hash ??= await hashPassword(PASSWORD);
      const account = await accounts.create({ email, displayName: email.split('@')[0] as string, passwordHash: hash, now: new Date().toISOString() });
      for (const r of roles) await accounts.grant(account.id, r.tenant, r.role, new Date().toISOString());
      return signIn(email);
    },
    stop: () => tandem.stop(),
  };
};
