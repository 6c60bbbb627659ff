import { useCallback, useState } from 'react';
import { type AnyVariables, type TypedDocumentNode, useClient } from 'urql';
import { errorMessage } from './api-errors';

export interface CommandState {
  /** The label of the command in flight, e.g. "confirm"; null when idle. */
  busy: string | null;
  error: string | null;
  notice: string | null;
}

/**
 * Runs commands (mutations) for one part of a page: one at a time, the API's message on
 * failure, a short notice on success, then `after()` (a refetch of what changed).
 */
export const useCommand = (after?: () => void) => {
  const client = useClient();
  const [state, setState] = useState<CommandState>({ busy: null, error: null, notice: null });
  const perform = useCallback(
    async <Data, Variables extends AnyVariables>(
      label: string,
      document: TypedDocumentNode<Data, Variables>,
      variables: Variables,
      notice: string,
    ): Promise<Data | null> => {
      setState({ busy: label, error: null, notice: null });
      const result = await client.mutation(document, variables, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) {
        setState({ busy: null, error: errorMessage(result.error) ?? 'Tandem answered without a result. Try again.', notice: null });
        return null;
      }
      setState({ busy: null, error: null, notice });
      after?.();
      return result.data;
    },
    [client, after],
  );
  const clear = useCallback(() => setState({ busy: null, error: null, notice: null }), []);
  return { ...state, perform, clear };
};
