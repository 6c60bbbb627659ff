import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type TandemServer } from '../src/server';
import { gql } from './support/client';

describe('production hardening', () => {
  let server: TandemServer;
  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        READMODELS_URL: 'sqlite::memory:',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'a-production-secret-long-enough-123456',
        CORS_ORIGINS: 'https://portal.example.org',
      }),
      { jwtSecret: 'a-production-secret-long-enough-123456' },
    );
  });
  afterAll(() => server.close());

  it('refuses introspection', async () => {
    const response = await gql(server.url, '{ __schema { queryType { name } } }');
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('masks unexpected errors and keeps stack traces out', async () => {
    // This server runs without read models: the resolver fails in a way no user caused.
    const admin = await server.services.accounts.create({
      email: 'ops@example.org',
      displayName: 'Ops',
      passwordHash: null,
      platformAdmin: true,
      now: new Date().toISOString(),
    });
    const { token } = await server.services.tokens.issue({ sub: admin.id, email: admin.email, name: admin.displayName, platformAdmin: true, roles: [] });
    const response = await gql(server.url, '{ programs(tenant: "vrt") { totalCount } }', {}, { token });
    expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(response.errors?.[0]?.message).toBe('something went wrong on our side; it has been logged');
    expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|at .*\.ts:/);
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('https://portal.example.org')).headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the configured origin send a token to the export and read its X-Event-Count header', async () => {
    const exportFrom = (origin: string, method = 'GET') =>
      fetch(`${server.url}/export/vrt.jsonl`, {
        method,
        headers: method === 'OPTIONS' ? { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } : { origin },
      });
    const preflight = await exportFrom('https://portal.example.org', 'OPTIONS');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const response = await exportFrom('https://portal.example.org');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    expect(response.headers.get('access-control-expose-headers')).toBe('X-Event-Count');
    expect((await exportFrom('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the configured origin send a token for the recognition PDFs, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/documents/lrrt/pairs/some-pair/certificate.pdf`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://portal.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const response = await fetch(`${server.url}/documents/lrrt/pairs/some-pair/certificate.pdf`, { headers: { origin: 'https://portal.example.org' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-expose-headers')).toBe('Content-Disposition');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to start in production without JWT_SECRET, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
