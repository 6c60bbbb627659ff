import type { EveryPage } from '../core/paging';

/** Under a list read page after page (`useEveryPage`): a spinner while the rest comes, or why it could not. */
export const RestOfList = ({ list, what }: { list: EveryPage<unknown>; what: string }) =>
  list.error ? (
    <p className="form-error" role="alert">
      The other {what} could not be loaded: {list.error.graphQLErrors[0]?.message ?? list.error.message}
    </p>
  ) : list.complete || list.nodes.length === 0 ? null : (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading the other {what}…
    </p>
  );
