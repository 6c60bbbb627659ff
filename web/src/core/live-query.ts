import { useCallback, useEffect, useRef } from 'react';
import { type AnyVariables, type TypedDocumentNode, type UseQueryResponse, useQuery } from 'urql';

/** How often a live page asks again while it is visible, until the API pushes changes. */
export const LIVE_INTERVAL_MS = 2_000;

export interface LiveQueryArgs<Data, Variables extends AnyVariables> {
  query: TypedDocumentNode<Data, Variables>;
  variables: Variables;
  pause?: boolean;
  /**
   * The change feed that will replace polling, e.g. `matchBoardChanged`; today every live
   * query polls. Named here so the switch to subscriptions happens in this one hook.
   */
  topic: 'matchBoardChanged' | 'applicationsChanged' | 'dashboardChanged';
  intervalMs?: number;
}

/**
 * A query that stays current: it asks the network again every `intervalMs` while the page is
 * visible (and at once when the page becomes visible again). `refresh()` re-runs it after the
 * page's own mutations. When the API's subscriptions land, this hook subscribes to `topic`
 * and re-executes on each event instead of polling.
 */
export const useLiveQuery = <Data, Variables extends AnyVariables>({
  query,
  variables,
  pause = false,
  intervalMs = LIVE_INTERVAL_MS,
}: LiveQueryArgs<Data, Variables>): [UseQueryResponse<Data, Variables>[0], () => void] => {
  const [result, execute] = useQuery<Data, Variables>({ query, variables, pause } as Parameters<typeof useQuery<Data, Variables>>[0]);
  const executeRef = useRef(execute);
  executeRef.current = execute;
  const refresh = useCallback(() => executeRef.current({ requestPolicy: 'network-only' }), []);

  useEffect(() => {
    if (pause) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const start = () => {
      if (timer === null) timer = setInterval(refresh, intervalMs);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        refresh();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [pause, intervalMs, refresh]);

  return [result, refresh];
};
