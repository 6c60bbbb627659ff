import { print } from 'graphql';
import type { TypedDocumentNode } from 'urql';

/** An error the API answered with, carrying its stable `extensions.code` (UNAUTHENTICATED, RATE_LIMITED, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * One GraphQL request outside urql, for the session plumbing that urql itself waits on
 * (sign-in, refresh, sign-out). Always a POST: the API's CSRF protection refuses simple GETs.
 */
export const postGraphQL = async <Data, Variables>(
  fetcher: Fetch,
  endpoint: string,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> => {
  let response: Response;
  try {
    response = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new ApiError('Tandem cannot be reached. Check your connection and try again.', 'NETWORK');
  }
  let body: { data?: Data | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`Tandem answered with an unexpected response (HTTP ${response.status}). Try again in a moment.`, 'BAD_RESPONSE');
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
  if (!body.data) throw new ApiError('Tandem answered without data. Try again in a moment.', 'BAD_RESPONSE');
  return body.data;
};
