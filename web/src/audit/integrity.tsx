import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { useSessionStore } from '../auth/session-context';
import { Link } from '../core/router';
import { useRoundTable } from '../shell/round-table-context';
import { VerifyChainQuery } from './audit.documents';
import { streamPath } from './audit-format';
import { downloadHistory, type ExportProgress, saveFile } from './history-export';

const PROBLEMS: Record<string, string> = {
  ALTERED: 'An event was altered',
  MISSING: 'An event is missing',
  REORDERED: 'Events are out of order',
  UNSEALED: 'Events are not sealed yet',
};

/** Recomputes the round table's hash chain on the server and says whether every link holds. */
export const ChainStatus = () => {
  const roundTable = useRoundTable();
  const [{ data, error, fetching }, verify] = useQuery({ query: VerifyChainQuery, variables: { tenant: roundTable.id }, requestPolicy: 'network-only' });
  const result = data?.verifyChain;
  return (
    <section className="card chain-card" aria-labelledby="chain-title" aria-busy={fetching}>
      <div className="card-head">
        <h2 id="chain-title">Hash chain</h2>
        <button type="button" className="button button-secondary" disabled={fetching} onClick={() => verify({ requestPolicy: 'network-only' })}>
          {fetching ? <span className="spinner" aria-hidden="true" /> : null}
          Verify again
        </button>
      </div>
      <p className="muted">
        Each event’s hash covers the one before it, its envelope and its payload. Tandem recomputes every link from the stored events: an event altered, removed
        or moved breaks the chain at that place.
      </p>
      <div role="status" data-testid="chain-status">
        {fetching ? (
          <p className="loading">
            <span className="spinner" aria-hidden="true" /> Recomputing the chain…
          </p>
        ) : error ? (
          <p className="form-error">The chain could not be verified: {error.graphQLErrors[0]?.message ?? error.message}</p>
        ) : result?.status === 'OK' ? (
          <div className="chain-ok">
            <p className="chain-verdict">
              <span className="badge badge-confirmed">Intact</span> All <strong data-testid="chain-events">{result.verifiedEvents}</strong> events verify.
            </p>
            <p className="small">
              Head hash{' '}
              <span className="mono break" data-testid="chain-head">
                {result.headHash}
              </span>
            </p>
            <p className="muted small">Keep the head hash: a later head that does not follow from it means events were removed from the end.</p>
          </div>
        ) : result ? (
          <div className="chain-broken">
            <p className="chain-verdict">
              <span className="badge badge-declined">Broken</span> {PROBLEMS[result.problem ?? ''] ?? 'A link does not hold'} at place{' '}
              <strong>#{result.at?.tenantSequence}</strong>; the {result.verifiedEvents} events before it verify.
            </p>
            {result.detail ? <p>{result.detail}</p> : null}
            {result.at?.streamId ? (
              <p className="small">
                Stored there: event <span className="mono">{result.at.eventId}</span> of{' '}
                <Link to={streamPath(roundTable.id, result.at.streamId)} className="mono">
                  {result.at.streamId}
                </Link>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
};

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: ExportProgress }
  | { phase: 'done'; progress: ExportProgress; url: string; filename: string }
  | { phase: 'failed'; message: string; progress: ExportProgress | null };

/** Downloads the round table's whole history as JSON Lines, with its progress, and saves the file. */
export const HistoryExport = () => {
  const roundTable = useRoundTable();
  const session = useSessionStore();
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const url = state.phase === 'done' ? state.url : null;
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  const start = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    let last: ExportProgress | null = null;
    setState({ phase: 'running', progress: { events: 0, bytes: 0, total: null } });
    try {
      const { blob, progress } = await downloadHistory({
        tenant: roundTable.id,
        token: await session.accessToken(),
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          setState({ phase: 'running', progress: p });
        },
      });
      const filename = `${roundTable.id}-history-${new Date().toISOString().slice(0, 10)}.jsonl`;
      setState({ phase: 'done', progress, url: saveFile(blob, filename), filename });
    } catch (error) {
      setState({ phase: 'failed', message: (error as Error).message, progress: last });
    } finally {
      if (abort.current === controller) abort.current = null;
    }
  };

  const progress = state.phase === 'idle' ? null : state.progress;
  const total = progress?.total ?? null;
  const running = state.phase === 'running';
  return (
    <section className="card export-card" aria-labelledby="export-title">
      <div className="card-head">
        <h2 id="export-title">Export the history</h2>
        <div className="button-row">
          {running ? (
            <button type="button" className="button button-secondary" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : null}
          <button type="button" className="button button-primary" disabled={running} aria-busy={running} onClick={() => void start()}>
            {running ? <span className="spinner" aria-hidden="true" /> : null}
            {state.phase === 'done' ? 'Export again' : 'Export as JSON Lines'}
          </button>
        </div>
      </div>
      <p className="muted">
        Every event of the {roundTable.name} as stored, one per line, with its place in the chain and its hash; personal data stays encrypted, so anyone can
        recompute the chain from the file.
      </p>
      {progress ? (
        <div className="export-progress" data-testid="export-progress">
          <progress
            max={total ?? undefined}
            value={total === null ? undefined : Math.min(progress.events, total)}
            aria-label="Export progress"
            data-events={progress.events}
            data-total={total ?? ''}
          />
          <p role="status" className="small" data-testid="export-status">
            {state.phase === 'done'
              ? `Saved ${state.filename}: ${count(progress.events)} events, ${size(progress.bytes)}.`
              : total === null
                ? `${count(progress.events)} events · ${size(progress.bytes)}`
                : `${count(progress.events)} of ${count(total)} events · ${size(progress.bytes)}`}
          </p>
        </div>
      ) : null}
      {state.phase === 'done' ? (
        <p className="small">
          Not saved?{' '}
          <a href={state.url} download={state.filename}>
            Save {state.filename}
          </a>
        </p>
      ) : null}
      {state.phase === 'failed' ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </section>
  );
};
