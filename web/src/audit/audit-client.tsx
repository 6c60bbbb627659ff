import { type ReactNode, useMemo } from 'react';
import { Client, cacheExchange, fetchExchange, Provider } from 'urql';
import { useSessionStore } from '../auth/session-context';

/**
 * The audit pages read through their own client with a document cache, not the portal's
 * normalized one: a past state returns the live types (Application, Program, MatchBoardEntry)
 * with the same ids, and normalizing them would overwrite today's rows with the past and back.
 */
export const AuditClientProvider = ({ children }: { children: ReactNode }) => {
  const session = useSessionStore();
  const client = useMemo(
    () =>
      new Client({
        url: '/graphql',
        // The API's CSRF prevention refuses simple GETs.
        preferGetMethod: false,
        requestPolicy: 'cache-first',
        fetch: async (input, init) => {
          const token = await session.accessToken();
          const headers = new Headers(init?.headers);
          if (token) headers.set('authorization', `Bearer ${token}`);
          return fetch(input, { ...init, headers });
        },
        exchanges: [cacheExchange, fetchExchange],
      }),
    [session],
  );
  return <Provider value={client}>{children}</Provider>;
};
