import { useEffect, useState } from 'react';
import { type AnyVariables, type CombinedError, type TypedDocumentNode, type UseQueryResponse, useClient, useQuery } from 'urql';

/** The most items a page of the API's lists holds: the portal reads lists a full page at a time. */
export const PAGE_SIZE = 200;

/** What the portal reads of a page of a list: its items and whether more follow. */
export interface Page<N> {
  edges: readonly { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

interface PagedVariables {
  first?: number | null;
  after?: string | null;
}

interface LaterPages<N> {
  /** The first page they follow, and the variables it was read with. */
  head: Page<N>;
  key: string;
  nodes: N[];
  complete: boolean;
  error?: CombinedError;
}

export interface EveryPage<N> {
  /** Every item read so far, in the list's order. */
  nodes: N[];
  /** False while pages after the first are still being read. */
  complete: boolean;
  /** Why a page after the first could not be read. */
  error: CombinedError | undefined;
}

/**
 * Every item of a paged list, whatever its length. The caller's query reads the first page
 * (`first: PAGE_SIZE`), so the list stays live and refetches as that query does; the pages
 * after it are read through the client, again each time the first page changes.
 */
export const useEveryPage = <Data, Variables extends AnyVariables & PagedVariables, N>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  firstPage: Data | undefined,
  pageOf: (data: Data) => Page<N>,
): EveryPage<N> => {
  const client = useClient();
  const head = firstPage ? pageOf(firstPage) : undefined;
  const key = JSON.stringify(variables);
  const [later, setLater] = useState<LaterPages<N> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new first page (or new variables, which bring one) reads the rest again
  useEffect(() => {
    let after = head?.pageInfo.hasNextPage ? head.pageInfo.endCursor : null;
    if (!head || !after) return;
    let current = true;
    void (async () => {
      const nodes: N[] = [];
      while (after && current) {
        const result = await client.query(query, { ...variables, after }, { requestPolicy: 'network-only' }).toPromise();
        if (!current) return;
        if (!result.data) {
          setLater({ head, key, nodes, complete: true, error: result.error });
          return;
        }
        const page = pageOf(result.data);
        nodes.push(...page.edges.map((edge) => edge.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        setLater({ head, key, nodes: [...nodes], complete: !after });
      }
    })();
    return () => {
      current = false;
    };
  }, [client, head]);

  const first = head?.edges.map((edge) => edge.node) ?? [];
  if (!head?.pageInfo.hasNextPage) return { nodes: first, complete: head !== undefined, error: undefined };
  // While the rest is read again after a refetch, the rows read before stay in view.
  const rest = later?.key === key ? later : null;
  const fresh = rest?.head === head;
  return { nodes: [...first, ...(rest?.nodes ?? [])], complete: fresh && rest.complete, error: fresh ? rest.error : undefined };
};

/** `useQuery` for a query whose list is paged, with every item of the list (see `useEveryPage`). */
export const usePagedQuery = <Data, Variables extends AnyVariables & PagedVariables, N>(args: {
  query: TypedDocumentNode<Data, Variables>;
  variables: Variables;
  list: (data: Data) => Page<N>;
  pause?: boolean;
}): [UseQueryResponse<Data, Variables>[0] & EveryPage<N>, UseQueryResponse<Data, Variables>[1]] => {
  const [result, refetch] = useQuery<Data, Variables>({ query: args.query, variables: args.variables, pause: args.pause } as Parameters<
    typeof useQuery<Data, Variables>
  >[0]);
  const every = useEveryPage(args.query, args.variables, result.data, args.list);
  return [{ ...result, ...every, error: result.error ?? every.error }, refetch];
};
