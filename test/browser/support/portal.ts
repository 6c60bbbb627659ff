// type-graphql's decorators need the metadata polyfill before any resolver module loads, whatever order @tandem/api imports them in.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, loadConfig, type Role, startTandem, type TandemServer } from '@tandem/api';

export interface GraphQLResult<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A page of a list as the API's paged queries return it. */
export interface Nodes<T> {
  edges: { node: T }[];
}

/** The items of a page (none when the query failed). */
export const nodesOf = <T>(page: Nodes<T> | undefined): T[] => page?.edges.map((edge) => edge.node) ?? [];

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

/** The password of the seeded demo accounts (coordinator@vrt.demo, coordinator@lrrt.demo, auditor@lrrt.demo…). */
export const DEMO_PASSWORD = 'tandem-demo-2026';

/** A demo sign-in of a portal started with `seedDemo`. */
export const demoAccount = (email: string, name: string, roles: [string, Role][]): Account => ({ id: email, email, name, password: DEMO_PASSWORD, roles });

/** The seeded programs: VRT's window is open, LRRT has pairs. */
export const DEMO_PROGRAMS = { vrt: 'vrt-mentorship-demo', lrrt: 'lrrt-virtual-demo' } as const;

const NOW = '2026-11-29T00:00:00Z';

/**
 * The whole platform in this process, on a free port, with its event store and read models in
 * temporary SQLite files, as `npm start` runs it; `seedDemo` adds the VRT and LRRT demo programs
 * (30 applicants each) and the demo sign-ins; `env` adds or overrides settings, as the
 * environment would (e.g. `{ SUBMIT_RATE_LIMIT: '1000' }` for a test that submits hundreds).
 */
export const startPortal = async (options: { seedDemo?: boolean; env?: Record<string, string> } = {}): Promise<Portal> => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-browser-'));
  const tandem = await startTandem(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      TANDEM_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: options.seedDemo ? 'true' : 'false',
      JWT_SECRET: 'browser-test-secret-'.repeat(3),
      ...options.env,
    }),
  );
  const server = tandem.server;

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
      await tandem.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
