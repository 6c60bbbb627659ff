import { cacheExchange } from '@urql/exchange-graphcache';
import { CloseCode, createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, stringifyDocument, subscriptionExchange, type TypedDocumentNode } from 'urql';
import type { SessionStore } from '../auth/session';
import { quietLog } from './quiet-log';

export interface TandemClient {
  client: Client;
  /** The change feeds over the subscription socket (what `useLiveQuery` listens to). */
  live: LiveFeed;
  /** Closes the subscription socket; call when the session ends. */
  dispose(): void;
}

/** The subscription socket: `idle` before the first subscription, `open` once the API acknowledged it. */
export type SocketState = 'idle' | 'connecting' | 'open' | 'closed';

export interface LiveSink {
  /** An event arrived (the read models committed a change). */
  next(): void;
  /** The feed ended: the socket gave up retrying, or the API refused or ended the subscription. */
  ended(reason: unknown): void;
}

export interface LiveFeed {
  state(): SocketState;
  /** Called on every change of `state()`; `recovered` is true when the socket is open again after a drop. */
  onState(listener: (state: SocketState, recovered: boolean) => void): () => void;
  /** Subscribes to a change feed over graphql-ws; returns the unsubscribe function. */
  subscribe<Variables extends Record<string, unknown>>(document: TypedDocumentNode<unknown, Variables>, variables: Variables, sink: LiveSink): () => void;
}

const feeds = new WeakMap<Client, LiveFeed>();

/** The live feed of a client made by `createTandemClient`; null for any other client (then live queries poll). */
export const liveFeedOf = (client: Client): LiveFeed | null => feeds.get(client) ?? null;

/** Backoff between reconnects: 1 s, 2 s, 4 s … capped at 30 s, plus up to a second of jitter. */
export const retryDelayMs = (retries: number, baseMs = 1_000): number => Math.min(baseMs * 2 ** retries, 30 * baseMs) + Math.floor(Math.random() * baseMs);

const closeCodeOf = (event: unknown): number | null =>
  typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number' ? (event as { code: number }).code : null;

const embedded = () => null;
const by =
  <K extends string>(field: K) =>
  (data: Record<string, unknown>) =>
    (data[field] as string | undefined) ?? null;

/**
 * Types without an id of their own are stored inside their parent; entities keyed by another
 * field name it here. Question ids repeat across programs, so questions stay inside their form.
 */
export const cacheKeys = {
  SessionType: embedded,
  TenantRole: embedded,
  Application: by('applicationId'),
  Program: by('programId'),
  ProgramTemplate: by('templateId'),
  RoundTable: by('tenant'),
  MatchBoardEntry: by('entryId'),
  MatchRun: by('runId'),
  Pair: by('pairId'),
  // Check-in ids repeat across pairs (`checkin-1`, `introduction`): each pair keeps its own.
  CheckIn: embedded,
  Output: by('outputId'),
  // Pages of lists and their edges belong to the query that read them.
  ApplicationConnection: embedded,
  ApplicationEdge: embedded,
  AuditEventConnection: embedded,
  AuditEventEdge: embedded,
  CommitteeMemberConnection: embedded,
  CommitteeMemberEdge: embedded,
  OutputConnection: embedded,
  OutputEdge: embedded,
  PairConnection: embedded,
  PairEdge: embedded,
  ProgramConnection: embedded,
  ProgramEdge: embedded,
  ProgramTemplateConnection: embedded,
  ProgramTemplateEdge: embedded,
  RoundTableConnection: embedded,
  RoundTableEdge: embedded,
  PageInfo: embedded,
  MatchBoard: embedded,
  MentorCapacity: embedded,
  Dashboard: embedded,
  WeeklyCount: embedded,
  QuarterCompliance: embedded,
  ApplicationForm: embedded,
  FormQuestion: embedded,
  ApplicationConfirmation: embedded,
  CommandPayload: embedded,
  AppendedEventRef: embedded,
  CommitteeMember: embedded,
  Conference: embedded,
  StatusCount: embedded,
  // The audit's answers belong to the question asked (a moment, a filter, a verification run).
  AuditEvent: embedded,
  ChainVerification: embedded,
  ChainPlace: embedded,
  ProgramAsOf: embedded,
  // The live feeds' payloads (core/live.documents.ts) are signals, not entities.
  MatchBoardChange: embedded,
  ApplicationsChange: embedded,
  DashboardChange: embedded,
};

/** http(s)://host/graphql → ws(s)://host/graphql: subscriptions share the API's URL. */
export const webSocketUrl = (endpoint: string, base: string): string => {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
};

export interface TandemClientOptions {
  endpoint?: string;
  base?: string;
  /** Tests: a WebSocket stand-in, and a shorter reconnect backoff base. */
  webSocketImpl?: unknown;
  retryBaseMs?: number;
}

/**
 * One urql client per signed-in session (a new one on sign-in and sign-out, so no cached
 * data outlives the person who loaded it): graphcache, HTTP POST for queries and
 * mutations, graphql-ws for subscriptions on the same URL.
 *
 * The socket authenticates in `connection_init` with the access token as it is at each
 * connect (so a reconnect after a refresh uses the new one). A 4403 (token expired or
 * invalid) or 4401 (none sent) refreshes the session before the next attempt; other drops
 * are retried with backoff. Nothing here logs an error: live queries poll while it is down.
 */
export const createTandemClient = (session: SessionStore, options: TandemClientOptions = {}): TandemClient => {
  const endpoint = options.endpoint ?? '/graphql';
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  let state: SocketState = 'idle';
  let dropped = false;
  const listeners = new Set<(state: SocketState, recovered: boolean) => void>();
  const setState = (next: SocketState, recovered = false) => {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener(next, recovered);
  };

  // The token the current socket authenticated with, and a refresh the next connect waits for.
  let sentToken: string | null = null;
  let refreshing: Promise<void> | null = null;
  const refreshAfterRejection = () => {
    const rejected = sentToken;
    refreshing ??= (async () => {
      // Another request may already have refreshed it: then the next connect sends the new one.
      const current = await session.accessToken();
      if (current !== null && current === rejected) await session.refresh();
    })()
      .catch((error) => quietLog('session refresh after a refused socket failed', error))
      .finally(() => {
        refreshing = null;
      });
  };

  const ws = createWsClient({
    url: webSocketUrl(endpoint, options.base ?? window.location.href),
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    // Connects on the first subscription only; stays open a moment after the last one ends,
    // so moving between live pages reuses it.
    lazy: true,
    lazyCloseTimeout: 3_000,
    retryAttempts: 6,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries, retryBaseMs)));
      await refreshing;
    },
    // Browsers report a refused connection as an error event before the close: retry both.
    // (4401 and other fatal codes end the subscriptions inside graphql-ws: live queries resubscribe.)
    shouldRetry: () => true,
    connectionParams: async () => {
      await refreshing;
      const token = await session.accessToken();
      sentToken = token;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: () => setState('connecting'),
      connected: () => {
        const recovered = dropped;
        dropped = false;
        setState('open', recovered);
      },
      closed: (event) => {
        const code = closeCodeOf(event);
        if (code === CloseCode.Forbidden || code === CloseCode.Unauthorized) refreshAfterRejection();
        // 1000: the last subscription ended (lazy close), not a drop.
        if (code !== 1000) {
          dropped = true;
          quietLog(`subscription socket closed (${code ?? 'no code'}); live pages poll until it is back`);
        }
        setState(code === 1000 ? 'idle' : 'closed');
      },
      error: (error) => quietLog('subscription socket error', error),
    },
  });

  const live: LiveFeed = {
    state: () => state,
    onState: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe: (document, variables, sink) => {
      let ended = false;
      let release: (() => void) | null = null;
      const end = (reason: unknown) => {
        if (ended) return;
        ended = true;
        // An event with errors (a revoked role) ends the feed here too, whatever the API does next.
        release?.();
        sink.ended(reason);
      };
      release = ws.subscribe(
        { query: stringifyDocument(document), variables },
        {
          next: (result) => (result.errors?.length ? end(result.errors) : sink.next()),
          error: end,
          complete: () => end('completed'),
        },
      );
      return () => {
        ended = true;
        release?.();
      };
    },
  };

  const client = new Client({
    url: endpoint,
    // Apollo's CSRF prevention refuses GETs without a preflight header: always POST.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetch: async (input, init) => {
      const token = await session.accessToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
    exchanges: [
      cacheExchange({ keys: cacheKeys }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }),
          };
        },
      }),
    ],
  });
  feeds.set(client, live);

  return {
    client,
    live,
    dispose: () => {
      listeners.clear();
      void ws.dispose();
    },
  };
};
