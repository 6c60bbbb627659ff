import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_TOKEN_KEY, SessionStore } from '../src/auth/session';
import { ApiError } from '../src/core/graphql-request';

const viewer = { id: 'acc-1', email: 'chair@vrt.example', name: 'Vera Chair', platformAdmin: false, roles: [{ tenant: 'vrt', role: 'coordinator' }] };

/** A stand-in for the API's three session mutations, counting calls; tokens rotate like the real ones. */
const fakeApi = (ttlMs = 900_000) => {
  let issued = 0;
  const valid = new Set<string>();
  const calls: { operation: string; variables: Record<string, string> }[] = [];
  const session = () => {
    issued += 1;
    const refreshToken = `refresh-${issued}`;
    valid.add(refreshToken);
    return { accessToken: `access-${issued}`, accessTokenExpiresAt: new Date(Date.now() + ttlMs).toISOString(), refreshToken, viewer };
  };
  const answer = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  const unauthenticated = (message: string) => answer({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  const fetch = vi.fn(async (_input: string, init: RequestInit) => {
    const { query, variables } = JSON.parse(String(init.body)) as { query: string; variables: Record<string, string> };
    const operation = /mutation (\w+)/.exec(query)?.[1] ?? 'unknown';
    calls.push({ operation, variables });
    switch (operation) {
      case 'SignIn':
        return variables.password === 'correct horse battery' ? answer({ data: { signIn: session() } }) : unauthenticated('wrong email or password');
      case 'RefreshSession':
        if (!valid.delete(variables.refreshToken ?? '')) return unauthenticated('the session has ended');
        return answer({ data: { refreshSession: session() } });
      case 'SignOut':
        valid.delete(variables.refreshToken ?? '');
        return answer({ data: { signOut: true } });
      default:
        return answer({ errors: [{ message: `unexpected ${operation}` }] });
    }
  });
  return { fetch, calls, valid };
};

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

describe('the session store', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-29T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs in: the access token stays in memory, the refresh token goes to storage', async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    const store = new SessionStore({ fetch: api.fetch, storage, locks: null });
    expect(store.getState()).toEqual({ status: 'signed-out' });
    await store.signIn('chair@vrt.example', 'correct horse battery');
    expect(store.getState()).toEqual({ status: 'signed-in', viewer });
    expect(await store.accessToken()).toBe('access-1');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(JSON.stringify(storage)).not.toContain('access-1');
  });

  it('rejects a wrong password with UNAUTHENTICATED and stays signed out', async () => {
    const store = new SessionStore({ fetch: fakeApi().fetch, storage: memoryStorage(), locks: null });
    const failure = store.signIn('chair@vrt.example', 'nope');
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(store.getState().status).toBe('signed-out');
  });

  it('refreshes when three quarters of the access token’s life have passed, rotating the stored refresh token', async () => {
    const api = fakeApi(60_000);
    const storage = memoryStorage();
    const store = new SessionStore({ fetch: api.fetch, storage, locks: null });
    await store.signIn('chair@vrt.example', 'correct horse battery');
    await vi.advanceTimersByTimeAsync(44_000);
    expect(api.calls.map((call) => call.operation)).toEqual(['SignIn']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.calls.map((call) => call.operation)).toEqual(['SignIn', 'RefreshSession']);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(await store.accessToken()).toBe('access-2');
  });

  it('refreshes before a request when the access token is about to expire (the timer never ran)', async () => {
    const api = fakeApi(60_000);
    const store = new SessionStore({ fetch: api.fetch, storage: memoryStorage(), locks: null, setTimeout: () => 0, clearTimeout: () => {} });
    await store.signIn('chair@vrt.example', 'correct horse battery');
    vi.setSystemTime(Date.now() + 55_000);
    expect(await store.accessToken()).toBe('access-2');
  });

  it('shares one refresh between concurrent callers: a refresh token works once', async () => {
    const api = fakeApi();
    const store = new SessionStore({ fetch: api.fetch, storage: memoryStorage(), locks: null });
    await store.signIn('chair@vrt.example', 'correct horse battery');
    await Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    expect(api.calls.filter((call) => call.operation === 'RefreshSession')).toHaveLength(1);
    expect(store.getState().status).toBe('signed-in');
  });

  it('restores a session from the stored refresh token after a reload', async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    await new SessionStore({ fetch: api.fetch, storage, locks: null }).signIn('chair@vrt.example', 'correct horse battery');
    const reloaded = new SessionStore({ fetch: api.fetch, storage, locks: null });
    expect(reloaded.getState()).toEqual({ status: 'restoring' });
    await reloaded.restore();
    expect(reloaded.getState()).toEqual({ status: 'signed-in', viewer });
    expect(await reloaded.accessToken()).toBe('access-2');
  });

  it('signs out when the stored refresh token no longer works, and says why', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-revoked');
    const store = new SessionStore({ fetch: fakeApi().fetch, storage, locks: null });
    await store.restore();
    expect(store.getState()).toEqual({ status: 'signed-out', notice: expect.stringMatching(/session has ended/) });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('uses the refresh token another tab rotated in the meantime', async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    const tabA = new SessionStore({ fetch: api.fetch, storage, locks: null });
    await tabA.signIn('chair@vrt.example', 'correct horse battery');
    const tabB = new SessionStore({ fetch: api.fetch, storage, locks: null });
    await tabB.restore();
    await tabA.refresh();
    expect(tabA.getState().status).toBe('signed-in');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('signs out here at once and ends the session on the server', async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    const store = new SessionStore({ fetch: api.fetch, storage, locks: null });
    await store.signIn('chair@vrt.example', 'correct horse battery');
    const done = store.signOut();
    expect(store.getState()).toEqual({ status: 'signed-out' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    await done;
    expect(api.calls.at(-1)).toEqual({ operation: 'SignOut', variables: { refreshToken: 'refresh-1' } });
    expect(api.valid.size).toBe(0);
    expect(await store.accessToken()).toBeNull();
  });
});
