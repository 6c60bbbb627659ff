import type { CombinedError } from 'urql';

/**
 * The rows a page-at-a-time table shows around one chunk of results: the error when the chunk
 * could not be loaded, a spinner while it loads, and "Show the next N" under the last chunk.
 */
export const ChunkStatusRows = ({
  columns,
  data,
  error,
  failed,
  loading,
}: {
  columns: number;
  /** The chunk's answer so far: the rows show only until it has one. */
  data: unknown;
  error: CombinedError | undefined;
  /** e.g. "The applications could not be loaded". */
  failed: string;
  /** e.g. "Loading applications…". */
  loading: string;
}) =>
  data ? null : error ? (
    <tr>
      <td colSpan={columns}>
        <p className="form-error" role="alert">
          {failed}: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      </td>
    </tr>
  ) : (
    <tr>
      <td colSpan={columns} role="status">
        <span className="spinner" aria-hidden="true" /> {loading}
      </td>
    </tr>
  );

/** The button under the last chunk that asks for the next one. */
export const ShowMoreButton = ({ cursor, pageSize, onMore }: { cursor: string; pageSize: number; onMore(cursor: string): void }) => (
  <button type="button" className="button button-secondary" onClick={() => onMore(cursor)}>
    Show the next {pageSize}
  </button>
);

export const ShowMoreRow = ({
  columns,
  pageInfo,
  pageSize,
  onMore,
}: {
  columns: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  pageSize: number;
  onMore(cursor: string): void;
}) =>
  pageInfo?.hasNextPage && pageInfo.endCursor ? (
    <tr>
      <td colSpan={columns} className="table-more">
        <ShowMoreButton cursor={pageInfo.endCursor} pageSize={pageSize} onMore={onMore} />
      </td>
    </tr>
  ) : null;
