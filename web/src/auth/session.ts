import { ApiError, type Fetch, postGraphQL } from '../core/graphql-request';
import type { ViewerFieldsFragment } from '../gql/graphql';
import { RefreshSessionMutation, SignInMutation, SignOutMutation } from './auth.documents';

export type Viewer = ViewerFieldsFragment;

export type SessionState = { status: 'restoring' } | { status: 'signed-out'; notice?: string } | { status: 'signed-in'; viewer: Viewer };

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  viewer: Viewer;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionStoreOptions {
  endpoint?: string;
  /** Where the refresh token survives a reload; null keeps it in memory only. */
  storage?: KeyValueStorage | null;
  fetch?: Fetch;
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Serialises refreshes across tabs (the Web Locks API): a refresh token works once. */
  locks?: Pick<LockManager, 'request'> | null;
}

export const REFRESH_TOKEN_KEY = 'tandem.refreshToken';
/** A request made with less than this left on the access token refreshes it first. */
const EXPIRY_MARGIN_MS = 10_000;

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

/**
 * The signed-in session: the access token lives in memory only, the refresh token in
 * storage so a reload or a new tab stays signed in. The access token is refreshed when
 * three quarters of its life have passed, and on demand before a request if it is about
 * to expire (a laptop that slept through the timer).
 */
export class SessionStore {
  private state: SessionState;
  private tokens: Tokens | null = null;
  private expiresAt = 0;
  private timer: unknown = null;
  private refreshing: Promise<void> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly endpoint: string;
  private readonly storage: KeyValueStorage | null;
  private readonly fetcher: Fetch;
  private readonly now: () => number;
  private readonly schedule: (callback: () => void, ms: number) => unknown;
  private readonly unschedule: (handle: unknown) => void;
  private readonly locks: Pick<LockManager, 'request'> | null;

  constructor(options: SessionStoreOptions = {}) {
    this.endpoint = options.endpoint ?? '/graphql';
    this.storage = options.storage === undefined ? globalThis.localStorage : options.storage;
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.schedule = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.unschedule = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.locks = options.locks === undefined ? (globalThis.navigator?.locks ?? null) : options.locks;
    this.state = this.storedRefreshToken() ? { status: 'restoring' } : { status: 'signed-out' };
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** On start-up: turns a stored refresh token back into a session. */
  async restore(): Promise<void> {
    if (this.state.status !== 'restoring') return;
    await this.refresh().catch(() => undefined);
  }

  async signIn(email: string, password: string): Promise<Viewer> {
    const data = await postGraphQL(this.fetcher, this.endpoint, SignInMutation, { email, password });
    this.accept(data.signIn);
    return data.signIn.viewer;
  }

  /** Ends the session here at once, then on the server (best effort: the access token expires anyway). */
  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken ?? this.storedRefreshToken();
    this.end({ status: 'signed-out' });
    if (refreshToken) await postGraphQL(this.fetcher, this.endpoint, SignOutMutation, { refreshToken }).catch(() => undefined);
  }

  /** The access token for a request, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.state.status === 'restoring') await this.refresh().catch(() => undefined);
    if (!this.tokens) return null;
    if (this.expiresAt - this.now() < EXPIRY_MARGIN_MS) await this.refresh().catch(() => undefined);
    return this.tokens?.accessToken ?? null;
  }

  /** Follows other tabs: a sign-out there signs out here. Returns the disconnect function. */
  connect(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onStorage = (event: StorageEvent) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && this.tokens) this.end({ status: 'signed-out' });
    };
    target.addEventListener('storage', onStorage);
    return () => target.removeEventListener('storage', onStorage);
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share one request. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const run: Promise<void> = this.locks ? this.locks.request('tandem-session-refresh', () => this.refreshOnce()).then(() => undefined) : this.refreshOnce();
    const shared = run.finally(() => {
      this.refreshing = null;
    });
    this.refreshing = shared;
    return shared;
  }

  private async refreshOnce(retried = false): Promise<void> {
    // Another tab may have rotated the token since we read it: the stored one is the newest.
    const refreshToken = this.storedRefreshToken() ?? this.tokens?.refreshToken;
    if (!refreshToken) {
      this.end({ status: 'signed-out' });
      return;
    }
    try {
      const data = await postGraphQL(this.fetcher, this.endpoint, RefreshSessionMutation, { refreshToken });
      this.accept(data.refreshSession);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        const newer = this.storedRefreshToken();
        if (!retried && newer && newer !== refreshToken) return this.refreshOnce(true);
        this.end({ status: 'signed-out', notice: SESSION_ENDED });
      } else if (this.state.status === 'restoring') {
        this.set({ status: 'signed-out', notice: error instanceof Error ? error.message : SESSION_ENDED });
      } else {
        // Offline for a moment: keep the session, try again shortly.
        this.scheduleRefresh(15_000);
      }
      throw error;
    }
  }

  private accept(tokens: Tokens): void {
    this.tokens = tokens;
    this.expiresAt = Date.parse(tokens.accessTokenExpiresAt);
    this.storage?.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    this.scheduleRefresh(Math.max(1_000, (this.expiresAt - this.now()) * 0.75));
    this.set({ status: 'signed-in', viewer: tokens.viewer });
  }

  private scheduleRefresh(ms: number): void {
    if (this.timer !== null) this.unschedule(this.timer);
    this.timer = this.schedule(() => {
      this.timer = null;
      this.refresh().catch(() => undefined);
    }, ms);
  }

  private end(next: SessionState): void {
    if (this.timer !== null) this.unschedule(this.timer);
    this.timer = null;
    this.tokens = null;
    this.expiresAt = 0;
    this.storage?.removeItem(REFRESH_TOKEN_KEY);
    this.set(next);
  }

  private set(next: SessionState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private storedRefreshToken(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
