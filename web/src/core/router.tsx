import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** A small history router: the path is the state, links push, the back button pops. */
const NAVIGATE = 'tandem:navigate';

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE, listener);
  };
};

const snapshot = () => window.location.pathname + window.location.search;

/** The current path with its query string, e.g. `/t/vrt/applications?status=new`. */
export const useLocation = (): string => useSyncExternalStore(subscribe, snapshot, () => '/');

export const navigate = (to: string, options: { replace?: boolean } = {}) => {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
};

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary anchor that navigates in place; modified clicks (new tab, download) stay native. */
export const Link = ({ to, onClick, ...rest }: LinkProps) => {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
};

/** Splits `/t/vrt/applications` into `['t', 'vrt', 'applications']`, decoded. */
export const segments = (location: string): string[] =>
  (location.split('?')[0] ?? '')
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part));

export const searchParam = (location: string, name: string): string | null => new URLSearchParams(location.split('?')[1] ?? '').get(name);

/** The named query parameters of a location, each '' when absent: a page's filters kept in its address. */
export const searchParams = <const Name extends string>(location: string, names: readonly Name[]): Record<Name, string> =>
  Object.fromEntries(names.map((name) => [name, searchParam(location, name) ?? ''])) as Record<Name, string>;

/** `base` with the non-empty `values` as its query string, in the order of `names`. */
export const withSearch = <Name extends string>(base: string, names: readonly Name[], values: Record<Name, string>): string => {
  const params = new URLSearchParams();
  for (const name of names) if (values[name]) params.set(name, values[name]);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
};
