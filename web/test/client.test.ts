import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../src/auth/auth.documents';
import { SessionStore } from '../src/auth/session';
import { createTandemClient, type SocketState, webSocketUrl } from '../src/core/client';
import { MatchBoardChangedSubscription } from '../src/core/live.documents';

type Frame = { type: string; id?: string; payload?: Record<string, unknown> };

/**
 * A WebSocket stand-in playing the API's graphql-ws server: `accept(authorization)` decides each
 * connection_init (true: ack; a number: close with that code). Every socket it made stays listed.
 */
const fakeSocketServer = (accept: (authorization: unknown) => true | number) => {
  const sockets: FakeSocket[] = [];
  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    protocol = 'graphql-transport-ws';
    readonly received: Frame[] = [];
    onopen: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    constructor(readonly url: string) {
      sockets.push(this);
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.({});
      });
    }
    send(data: string) {
      const frame = JSON.parse(data) as Frame;
      this.received.push(frame);
      if (frame.type === 'connection_init') {
        const verdict = accept(frame.payload?.authorization);
        if (verdict === true) this.reply({ type: 'connection_ack' });
        else this.close(verdict, 'refused');
      }
    }
    reply(frame: Frame) {
      setTimeout(() => this.onmessage?.({ data: JSON.stringify(frame) }));
    }
    close(code = 1000, reason = '') {
      if (this.readyState === 3) return;
      this.readyState = 3;
      setTimeout(() => this.onclose?.({ code, reason, wasClean: true }));
    }
  }
  return { FakeSocket, sockets };
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('the urql client', () => {
  beforeEach(() => {
    // The client's quiet diagnostics (dropped sockets) go to console.debug.
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
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

  it('authenticates the socket with the current token; after a 4403 it refreshes the session and reconnects with the new one', async () => {
    let current = 'access-1';
    const server = fakeSocketServer((authorization) => (authorization === 'Bearer access-2' ? true : 4403));
    const session = new SessionStore({ storage: null, locks: null, fetch: vi.fn() });
    vi.spyOn(session, 'accessToken').mockImplementation(async () => current);
    const refresh = vi.spyOn(session, 'refresh').mockImplementation(async () => {
      current = 'access-2';
    });
    const { live, dispose } = createTandemClient(session, { base: 'http://localhost:4000/', webSocketImpl: server.FakeSocket, retryBaseMs: 1 });
    const states: SocketState[] = [];
    live.onState((state) => states.push(state));
    const events: string[] = [];
    const unsubscribe = live.subscribe(
      MatchBoardChangedSubscription,
      { tenant: 'vrt', programId: 'p1' },
      { next: () => events.push('next'), ended: () => events.push('ended') },
    );

    await until(() => live.state() === 'open');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.sockets.map((s) => s.received.find((f) => f.type === 'connection_init')?.payload)).toEqual([
      { authorization: 'Bearer access-1' },
      { authorization: 'Bearer access-2' },
    ]);
    expect(states).toEqual(['connecting', 'closed', 'connecting', 'open']);

    // The subscription went out on the accepted socket; its events reach the sink.
    const socket = server.sockets[1];
    await until(() => socket?.received.some((f) => f.type === 'subscribe') ?? false);
    const subscribe = socket?.received.find((f) => f.type === 'subscribe');
    expect(subscribe?.payload?.variables).toEqual({ tenant: 'vrt', programId: 'p1' });
    expect(String(subscribe?.payload?.query)).toContain('matchBoardChanged(tenant: $tenant, programId: $programId)');
    socket?.reply({ type: 'next', id: subscribe?.id, payload: { data: { matchBoardChanged: { checkpoint: '42' } } } });
    await until(() => events.length === 1);
    expect(events).toEqual(['next']);

    // A drop: the state says so, and the reconnect counts as recovered.
    const recovered: boolean[] = [];
    live.onState((state, again) => state === 'open' && recovered.push(again));
    socket?.close(1006, 'gone');
    await until(() => recovered.length === 1);
    expect(recovered).toEqual([true]);
    expect(server.sockets.at(-1)?.received.find((f) => f.type === 'connection_init')?.payload).toEqual({ authorization: 'Bearer access-2' });
    unsubscribe();
    dispose();
  });

  it('ends a feed the API refuses (no token: 4401) instead of retrying it, and logs no error', async () => {
    const server = fakeSocketServer(() => 4401);
    const errors = vi.spyOn(console, 'error');
    const session = new SessionStore({ storage: null, locks: null, fetch: vi.fn() });
    vi.spyOn(session, 'accessToken').mockResolvedValue(null);
    const { live, dispose } = createTandemClient(session, { base: 'http://localhost:4000/', webSocketImpl: server.FakeSocket, retryBaseMs: 1 });
    const ended: unknown[] = [];
    live.subscribe(MatchBoardChangedSubscription, { tenant: 'vrt', programId: 'p1' }, { next: () => undefined, ended: (reason) => ended.push(reason) });
    await until(() => ended.length === 1);
    expect(server.sockets).toHaveLength(1);
    expect(server.sockets[0]?.received[0]).toEqual({ type: 'connection_init', payload: {} });
    expect(live.state()).toBe('closed');
    expect(errors).not.toHaveBeenCalled();
    dispose();
  });
});
