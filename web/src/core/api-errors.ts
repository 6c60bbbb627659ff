import type { CombinedError } from 'urql';

/**
 * What to tell the person when a query or command failed: the API's message (written for a
 * committee member) for domain errors, a plain sentence for network trouble.
 */
export const errorMessage = (error: CombinedError | undefined | null): string | null => {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.code;
    if (code === 'FORBIDDEN') return `You may not do this: ${first.message}`;
    if (code === 'INTERNAL_SERVER_ERROR') return 'Tandem could not finish this. Try again in a moment.';
    return first.message.charAt(0).toUpperCase() + first.message.slice(1);
  }
  if (error.networkError) return 'Tandem cannot be reached. Check your connection and try again.';
  return error.message;
};

export const errorCode = (error: CombinedError | undefined | null): string | null => (error?.graphQLErrors[0]?.extensions?.code as string | undefined) ?? null;
