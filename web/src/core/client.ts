import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import type { SessionStore } from '../auth/session';

export interface TandemClient {
  client: Client;
  /** Closes the subscription socket; call when the session ends. */
  dispose(): void;
}

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
  CheckIn: by('checkInId'),
  Output: by('outputId'),
  ApplicationConnection: embedded,
  ApplicationEdge: embedded,
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
};

/** http(s)://host/graphql → ws(s)://host/graphql: subscriptions share the API's URL. */
export const webSocketUrl = (endpoint: string, base: string): string => {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
};

/**
 * One urql client per signed-in session (a new one on sign-in and sign-out, so no cached
 * data outlives the person who loaded it): graphcache, HTTP POST for queries and
 * mutations, graphql-ws for subscriptions on the same URL.
 */
export const createTandemClient = (session: SessionStore, options: { endpoint?: string; base?: string } = {}): TandemClient => {
  const endpoint = options.endpoint ?? '/graphql';
  const ws = createWsClient({
    url: webSocketUrl(endpoint, options.base ?? window.location.href),
    // Connects on the first subscription only, and again with a fresh token after a drop.
    lazy: true,
    retryAttempts: 8,
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });

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

  return { client, dispose: () => void ws.dispose() };
};
