import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../src/auth/auth.documents';
import { SessionStore } from '../src/auth/session';
import { createTandemClient, webSocketUrl } from '../src/core/client';

describe('the urql client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('derives the subscription URL from the page: same host and path, ws or wss', () => {
    expect(webSocketUrl('/graphql', 'http://localhost:4000/t/vrt/dashboard')).toBe('ws://localhost:4000/graphql');
    expect(webSocketUrl('/graphql', 'https://tandem.example/t/lrrt/matching')).toBe('wss://tandem.example/graphql');
  });

  it('sends queries as POST with the session’s access token (the API refuses simple GETs)', async () => {
    const requests: { url: string; method: string | undefined; authorization: string | null }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, method: init.method, authorization: new Headers(init.headers).get('authorization') });
        return new Response(JSON.stringify({ data: { viewer: null } }), { headers: { 'content-type': 'application/json' } });
      }),
    );
    const session = new SessionStore({ storage: null, locks: null, fetch: vi.fn() });
    vi.spyOn(session, 'accessToken').mockResolvedValue('access-1');
    const { client, dispose } = createTandemClient(session, { endpoint: 'http://localhost:4000/graphql', base: 'http://localhost:4000/' });
    const result = await client.query(ViewerQuery, {}).toPromise();
    dispose();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ viewer: null });
    expect(requests).toEqual([{ url: 'http://localhost:4000/graphql', method: 'POST', authorization: 'Bearer access-1' }]);
  });
});
