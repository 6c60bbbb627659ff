import { useCallback, useEffect, useRef } from 'react';
import { type AnyVariables, type TypedDocumentNode, type UseQueryResponse, useClient, useQuery } from 'urql';
import { liveFeedOf } from './client';
import { ApplicationsChangedSubscription, DashboardChangedSubscription, MatchBoardChangedSubscription } from './live.documents';
import { quietLog } from './quiet-log';

/** How often a live page asks again while its change feed is down (the socket is retrying or refused). */
export const FALLBACK_INTERVAL_MS = 5_000;
/** After a feed ended (retries used up, refused, completed): first resubscribe delay, doubling to the cap. */
const RESUBSCRIBE_MS = 1_000;
const RESUBSCRIBE_MAX_MS = 60_000;

export type LiveTopic = 'matchBoardChanged' | 'applicationsChanged' | 'dashboardChanged';

const FEEDS = {
  matchBoardChanged: MatchBoardChangedSubscription,
  applicationsChanged: ApplicationsChangedSubscription,
  dashboardChanged: DashboardChangedSubscription,
} as const;

export interface LiveQueryArgs<Data, Variables extends AnyVariables> {
  query: TypedDocumentNode<Data, Variables>;
  /** The query's variables; `tenant` and `programId` also select the change feed. */
  variables: Variables & { tenant: string; programId: string };
  pause?: boolean;
  /** The change feed that says when to re-run the query, e.g. `matchBoardChanged`. */
  topic: LiveTopic;
  /** The polling interval while the feed is down (never used while the socket is healthy). */
  intervalMs?: number;
}

/**
 * A query that stays current. It runs once, then subscribes to `topic` for the same tenant
 * and program and re-runs (`network-only`) on each event, which the API sends after its read
 * models committed the change. While the socket is down or the feed refused, it polls every
 * `intervalMs` instead, and stops polling once the socket is back (re-running once then, for
 * what it missed). Hidden tabs neither poll nor re-run: they catch up when shown again.
 * `refresh()` re-runs it after the page's own mutations.
 */
export const useLiveQuery = <Data, Variables extends AnyVariables>({
  query,
  variables,
  pause = false,
  topic,
  intervalMs = FALLBACK_INTERVAL_MS,
}: LiveQueryArgs<Data, Variables>): [UseQueryResponse<Data, Variables>[0], () => void] => {
  const [result, execute] = useQuery<Data, Variables>({ query, variables, pause } as Parameters<typeof useQuery<Data, Variables>>[0]);
  const executeRef = useRef(execute);
  executeRef.current = execute;
  const refresh = useCallback(() => executeRef.current({ requestPolicy: 'network-only' }), []);
  const client = useClient();
  const { tenant, programId } = variables;

  useEffect(() => {
    if (pause) return;
    const feed = liveFeedOf(client);
    let stopped = false;
    let subscribed = false;
    let unsubscribe: (() => void) | null = null;
    let poller: ReturnType<typeof setInterval> | null = null;
    let resubscribe: ReturnType<typeof setTimeout> | null = null;
    let resubscribeMs = RESUBSCRIBE_MS;

    const visible = () => document.visibilityState === 'visible';
    const healthy = () => subscribed && feed?.state() === 'open';
    // Poll only while visible and without a working feed.
    const settle = () => {
      const poll = visible() && !healthy();
      if (poll && poller === null) poller = setInterval(refresh, intervalMs);
      else if (!poll && poller !== null) {
        clearInterval(poller);
        poller = null;
      }
    };

    const subscribe = () => {
      resubscribe = null;
      if (stopped || !feed) return;
      subscribed = true;
      unsubscribe = feed.subscribe(
        FEEDS[topic],
        { tenant, programId },
        {
          next: () => {
            resubscribeMs = RESUBSCRIBE_MS;
            // A hidden tab re-runs when it is shown again (onVisibility).
            if (visible()) refresh();
          },
          ended: (reason) => {
            subscribed = false;
            unsubscribe = null;
            if (stopped) return;
            quietLog(`${topic} feed ended; polling every ${intervalMs / 1000} s, resubscribing in ${resubscribeMs / 1000} s`, reason);
            resubscribe = setTimeout(subscribe, resubscribeMs);
            resubscribeMs = Math.min(resubscribeMs * 2, RESUBSCRIBE_MAX_MS);
            settle();
          },
        },
      );
      settle();
    };

    const offState = feed?.onState((state, recovered) => {
      if (state === 'open') {
        resubscribeMs = RESUBSCRIBE_MS;
        // Back after a drop: catch up with what changed while the socket was down.
        if (recovered && subscribed && visible()) refresh();
      }
      settle();
    });
    const onVisibility = () => {
      if (visible()) refresh();
      settle();
    };
    document.addEventListener('visibilitychange', onVisibility);
    subscribe();
    settle();

    return () => {
      stopped = true;
      offState?.();
      unsubscribe?.();
      if (poller !== null) clearInterval(poller);
      if (resubscribe !== null) clearTimeout(resubscribe);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [pause, client, topic, tenant, programId, intervalMs, refresh]);

  return [result, refresh];
};
