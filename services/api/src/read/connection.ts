import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { apiError } from '../core/errors';
import type { Connection, PageArgs } from './connection.types';

/** The `first` of every paged read query (PageArgs states both in its description). */
export const FIRST = { default: 50, max: 200 } as const;

export const pageSize = (first: number | null | undefined) => Math.max(1, Math.min(first ?? FIRST.default, FIRST.max));

/** A cursor names the list it was issued for and the position of its item: its sort key. */
const cursorOf = (list: string, key: readonly string[]) => Buffer.from(JSON.stringify([list, ...key])).toString('base64url');

const foreignCursor = (list: string) =>
  apiError('VALIDATION', `the cursor was not issued by ${list}; pass pageInfo.endCursor of the previous ${list} page, or no after for the first page`);

/** The key in an `after` cursor of this list; null for the first page. */
export const keyAfter = (list: string, cursor: string | null | undefined, length: number): string[] | null => {
  if (!cursor) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw foreignCursor(list);
  }
  if (!Array.isArray(decoded) || decoded[0] !== list || decoded.length !== length + 1 || !decoded.every((part) => typeof part === 'string')) {
    throw foreignCursor(list);
  }
  return decoded.slice(1) as string[];
};

/** Edges, page info and count from a page of items and the keys their cursors carry. */
export const connectionOf = <T>(
  list: string,
  items: readonly { node: T; key: readonly string[] }[],
  hasNextPage: boolean,
  totalCount: number | (() => Promise<number>),
): Connection<T> => {
  const edges = items.map(({ node, key }) => ({ cursor: cursorOf(list, key), node }));
  const pageInfo = { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null };
  if (typeof totalCount === 'number') return { edges, pageInfo, totalCount };
  // A getter: the field's resolver reads it only when the query asks for totalCount, so a list
  // read from the database a page at a time counts the whole list only then.
  return {
    edges,
    pageInfo,
    get totalCount() {
      return totalCount();
    },
  };
};

/** How a list is sorted: text keys, the last one unique to its item, each ascending unless `desc`. */
export type Order<T> = readonly { by: (item: T) => string; desc?: boolean }[];

const collator = new Intl.Collator('en');
// The collator ranks names as people expect; code units break its ties, so the order is total.
const compareText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

const compareKeys = <T>(order: Order<T>, a: readonly string[], b: readonly string[]) => {
  for (const [i, part] of order.entries()) {
    const c = compareText(a[i] as string, b[i] as string);
    if (c !== 0) return part.desc ? -c : c;
  }
  return 0;
};

/**
 * One page of a list read whole: sorted by `order`, continuing after the cursor's key (not its
 * offset), so an item added or removed between two pages neither repeats nor skips another.
 */
export const pageOf = <T>(list: string, items: readonly T[], order: Order<T>, page: PageArgs): Connection<T> => {
  const size = pageSize(page.first);
  const from = keyAfter(list, page.after, order.length);
  const sorted = items.map((node) => ({ node, key: order.map((part) => part.by(node)) })).sort((a, b) => compareKeys(order, a.key, b.key));
  const start = from ? sorted.findIndex((item) => compareKeys(order, item.key, from) > 0) : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  return connectionOf(list, rest.slice(0, size), rest.length > size, sorted.length);
};

/** The fields selected in `set`, also through fragments (their conditions and directives aside: a superset). */
const fieldsOf = (set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, out: FieldNode[] = []): FieldNode[] => {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, fragments, out);
    else fieldsOf(fragments[selection.name.value]?.selectionSet, fragments, out);
  }
  return out;
};

/**
 * The names of the fields a connection query asks of its items (`edges { node { … } }`), aliases
 * aside: what a list needs to read for this page, and nothing more.
 */
export const nodeFields = (info: GraphQLResolveInfo): Set<string> => {
  const children = (fields: readonly FieldNode[]) => fields.flatMap((f) => fieldsOf(f.selectionSet, info.fragments));
  const named = (fields: readonly FieldNode[], name: string) => fields.filter((f) => f.name.value === name);
  return new Set(children(named(children(named(children(info.fieldNodes), 'edges')), 'node')).map((f) => f.name.value));
};
