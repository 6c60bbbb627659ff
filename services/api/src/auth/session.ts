import type { Context } from '../core/context';
import { unauthenticated } from '../core/errors';
import { type SessionType, toViewerType } from './auth.resolver';

/** Issues an access token and (unless rotating) a new refresh session for the account. */
export const openSessionFor = async (context: Context, accountId: string, refreshToken?: string): Promise<SessionType> => {
  const { accounts, tokens, config, now } = context.services;
  const account = await accounts.byId(accountId);
  if (!account) throw unauthenticated();
  const roles = await accounts.roles(account.id);
  const access = await tokens.issue({ sub: account.id, email: account.email, name: account.displayName, platformAdmin: account.platformAdmin, roles });
  const refresh =
    refreshToken ?? (await accounts.openSession(account.id, new Date(now().getTime() + config.refreshTokenTtl * 1000).toISOString())).refreshToken;
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh,
    viewer: toViewerType({ accountId: account.id, email: account.email, name: account.displayName, platformAdmin: account.platformAdmin, roles }),
  };
};
