import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords';
import { loadConfig } from '../src/config';
import { startServer, type TandemServer } from '../src/server';
import { gql } from './support/client';

const SIGN_IN = `mutation ($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { accessToken refreshToken viewer { email name platformAdmin roles { tenant role } } }
}`;

describe('accounts and sessions', () => {
  let server: TandemServer;
  beforeAll(async () => {
    server = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', READMODELS_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
      jwtSecret: 'test-secret-'.repeat(4),
    });
    const account = await server.services.accounts.create({
      email: 'Chair@vrt.example',
      displayName: 'Vera Chair',
      passwordHash: await hashPassword('correct horse battery'),
      now: '2026-11-29T00:00:00Z',
    });
    await server.services.accounts.grant(account.id, 'vrt', 'coordinator', '2026-11-29T00:00:00Z');
  });
  afterAll(() => server.close());

  it('signs in with email and password and reads the viewer with the access token', async () => {
    const signIn = await gql<{ signIn: { accessToken: string; viewer: unknown } }>(server.url, SIGN_IN, {
      email: 'chair@vrt.example',
      password: 'correct horse battery',
    });
    expect(signIn.errors).toBeUndefined();
    expect(signIn.data?.signIn.viewer).toEqual({
      email: 'chair@vrt.example',
      name: 'Vera Chair',
      platformAdmin: false,
      roles: [{ tenant: 'vrt', role: 'coordinator' }],
    });
    const me = await gql(server.url, '{ viewer { email } }', {}, { token: signIn.data?.signIn.accessToken as string });
    expect(me.data).toEqual({ viewer: { email: 'chair@vrt.example' } });
    expect((await gql(server.url, '{ viewer { email } }', {}, { token: 'forged' })).data).toEqual({ viewer: null });
  });

  it('sees a role granted or revoked through the account store at the next request, though viewers are cached', async () => {
    const signIn = await gql<{ signIn: { accessToken: string } }>(server.url, SIGN_IN, { email: 'chair@vrt.example', password: 'correct horse battery' });
    const token = signIn.data?.signIn.accessToken as string;
    const roles = async () =>
      (await gql<{ viewer: { roles: unknown[] } }>(server.url, '{ viewer { roles { tenant role } } }', {}, { token })).data?.viewer.roles ?? [];
    expect(await roles()).toEqual([{ tenant: 'vrt', role: 'coordinator' }]);
    const id = (await server.services.accounts.byEmail('chair@vrt.example'))?.id as string;
    await server.services.accounts.grant(id, 'lrrt', 'auditor', '2026-11-29T00:00:00Z');
    expect(await roles()).toEqual([
      { tenant: 'lrrt', role: 'auditor' },
      { tenant: 'vrt', role: 'coordinator' },
    ]);
    await server.services.accounts.revoke(id, 'lrrt', 'auditor');
    expect(await roles()).toEqual([{ tenant: 'vrt', role: 'coordinator' }]);
  });

  it('rejects a wrong password with UNAUTHENTICATED and throttles repeated failures', async () => {
    const headers = { 'x-forwarded-for': '10.0.0.9' };
    const wrong = await gql(server.url, SIGN_IN, { email: 'throttle@vrt.example', password: 'nope' }, { headers });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 4; i++) await gql(server.url, SIGN_IN, { email: 'throttle@vrt.example', password: 'nope' }, { headers });
    const throttled = await gql(server.url, SIGN_IN, { email: 'throttle@vrt.example', password: 'nope' }, { headers });
    expect(throttled.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(throttled.errors?.[0]?.message).toMatch(/try again in \d+ seconds/);
  });

  it('rotates refresh tokens: each works once', async () => {
    const signIn = await gql<{ signIn: { refreshToken: string } }>(server.url, SIGN_IN, { email: 'chair@vrt.example', password: 'correct horse battery' });
    const first = signIn.data?.signIn.refreshToken as string;
    const refreshed = await gql<{ refreshSession: { refreshToken: string; accessToken: string } }>(
      server.url,
      'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }',
      { t: first },
    );
    expect(refreshed.data?.refreshSession.refreshToken).not.toBe(first);
    const again = await gql(server.url, 'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: first });
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('GraphQL over HTTP', () => {
  let server: TandemServer;
  beforeAll(async () => {
    server = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', READMODELS_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
      jwtSecret: 'test-secret-'.repeat(4),
    });
  });
  afterAll(() => server.close());

  it('answers GET queries, refuses mutations over GET with 405', async () => {
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { email } }')}`, {
      headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const mutation = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { signOut(refreshToken: "x") }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
  });

  it('blocks a simple GET without a preflight header (CSRF prevention)', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { email } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('answers a parse error with 400 and a malformed body with 400', async () => {
    const parse = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ viewer {' }),
    });
    expect(parse.status).toBe(400);
    const body = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(body.status).toBe(400);
  });

  it('rejects deep and alias-heavy queries and oversized bodies', async () => {
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: viewer { email }`).join(' ')} }`;
    const tooMany = await gql(server.url, aliases);
    expect(tooMany.errors?.[0]?.message).toMatch(/alias/i);
    const tokens = await gql(server.url, `{ viewer { ${'email '.repeat(2100)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]?.message).toMatch(/Document contains more that 2000 tokens/);
    const big = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ viewer { email } } # ${'x'.repeat(200_000)}` }),
    });
    expect(big.status).toBe(413);
  });

  it('refuses an operation that could read too much, also when its page size is a variable', async () => {
    // 15 aliased pages of 9 values an item (edges, cursor, node and 6 fields): 27,015 values at 200 items a page, 2,715 at 20.
    const pages = `query ($n: Int) { ${Array.from(
      { length: 15 },
      (_, i) => `p${i}: programs(tenant: "vrt", first: $n) { edges { cursor node { programId status templateId draftedAt opensAt closesAt } } }`,
    ).join(' ')} }`;
    const big = await gql(server.url, pages, { n: 200 });
    expect(big.status).toBe(400);
    expect(big.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(big.errors?.[0]?.message).toMatch(/27,015 values, over the limit of 20,000: ask for smaller pages/);
    expect(big.data).toBeUndefined();
    // No page size means the default page (50): 6,765.
    const defaultPages = await gql(server.url, pages.replace(/, first: \$n/g, ''));
    expect(defaultPages.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COSTLY');
    const small = await gql(server.url, pages, { n: 20 });
    expect(small.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COSTLY');
  });

  it('serves health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
