import type { DomainDeps } from '@tandem/domain';
import type { ReadModels } from '@tandem/projections';
import type { AccountStore, Role, RoleGrant } from '../auth/account-store';
import type { TokenService } from '../auth/tokens';
import type { Config } from '../config';
import type { Mailer } from '../mail/mailer';
import type { LivePublisher } from '../subscriptions/live-publisher';
import { forbidden, unauthenticated } from './errors';
import type { RateLimiter } from './rate-limit';

/** Who is asking: the account behind a valid access token, with its current roles. */
export interface Viewer {
  accountId: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  roles: RoleGrant[];
}

export interface Services {
  config: Config;
  accounts: AccountStore;
  tokens: TokenService;
  mailer: Mailer;
  loginLimiter: RateLimiter;
  /** Public applications per client address. */
  submitLimiter: RateLimiter;
  /** The event store and key store the command handlers use; null in auth-only test servers. */
  domain: DomainDeps | null;
  /** The projected read models the queries read; null in auth-only test servers. */
  readModels: ReadModels | null;
  /** Resolves true once the read models include `checkpoint` (false after the wait times out). */
  waitForReadModels: (checkpoint: string | null) => Promise<boolean>;
  /** Fans committed changes out to GraphQL subscriptions; null in auth-only test servers. */
  live: LivePublisher | null;
  now: () => Date;
}

export interface Context {
  viewer: Viewer | null;
  clientIp: string;
  services: Services;
}

/** Reads the bearer token; roles come from the store, not the token, so a revocation bites at once. */
export const viewerFromToken = async (services: Services, authorization: string | undefined | null): Promise<Viewer | null> => {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const claims = await services.tokens.verify(match[1] as string);
  if (!claims) return null;
  const found = await services.accounts.viewer(claims.sub);
  if (!found) return null;
  const { account, roles } = found;
  return { accountId: account.id, email: account.email, name: account.displayName, platformAdmin: account.platformAdmin, roles };
};

export const requireViewer = (context: Context): Viewer => {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
};

/** Platform admins may act in every tenant; everyone else needs one of `roles` in this tenant. */
export const requireRole = (context: Context, tenant: string, roles: readonly Role[]): Viewer => {
  const viewer = requireViewer(context);
  if (viewer.platformAdmin) return viewer;
  if (viewer.roles.some((g) => g.tenant === tenant && roles.includes(g.role))) return viewer;
  throw forbidden(`you need the ${roles.join(' or ')} role in round table "${tenant}" for this`);
};

export const requirePlatformAdmin = (context: Context): Viewer => {
  const viewer = requireViewer(context);
  if (!viewer.platformAdmin) throw forbidden('only a platform admin may do this');
  return viewer;
};
