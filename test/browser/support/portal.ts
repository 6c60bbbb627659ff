import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, loadConfig, type Role, startServer, type TandemServer } from '@tandem/api';

export interface GraphQLResult<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface Account {
  id: string;
  email: string;
  name: string;
  password: string;
  roles: [tenant: string, role: Role][];
}

export interface Portal {
  /** Where the API and the built portal answer, e.g. http://127.0.0.1:41234. */
  url: string;
  server: TandemServer;
  /** A GraphQL request to the same API the page talks to: check results through it. */
  gql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<Data>>;
  /** Signs in through the API and returns the access token. */
  signIn(account: Account): Promise<string>;
  createAccount(account: { email: string; name: string; password?: string; roles: [string, Role][] }): Promise<Account>;
  close(): Promise<void>;
}

const NOW = '2026-11-29T00:00:00Z';

/** A real API server in this process, on a free port, with its read models in a temporary SQLite file. */
export const startPortal = async (): Promise<Portal> => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-browser-'));
  const server = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      READMODELS_URL: `sqlite:${join(dir, 'readmodels.sqlite')}`,
      TANDEM_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    }),
    { jwtSecret: 'browser-test-secret-'.repeat(3) },
  );

  const gql: Portal['gql'] = async (query, variables = {}, token) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  return {
    url: server.url,
    server,
    gql,
    async signIn(account) {
      const result = await gql<{ signIn: { accessToken: string } }>(
        'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }',
        { email: account.email, password: account.password },
      );
      if (!result.data) throw new Error(`signIn failed for ${account.email}: ${result.errors?.[0]?.message}`);
      return result.data.signIn.accessToken;
    },
    async createAccount({ email, name, password = 'correct horse battery staple', roles }) {
      const created = await server.services.accounts.create({ email, displayName: name, passwordHash: await hashPassword(password), now: NOW });
      for (const [tenant, role] of roles) await server.services.accounts.grant(created.id, tenant, role, NOW);
      return { id: created.id, email: email.toLowerCase(), name, password, roles };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
