import type { Role } from '../auth/account-store';
import type { Services } from '../core/context';

interface Access {
  platformAdmin: boolean;
  grants: { tenant: string; role: Role }[];
}

/**
 * Re-checks a subscriber's roles before each delivery. One lookup per account serves every
 * subscription of that account for at most `ttlMs`, so a revocation stops deliveries within
 * that time while 5,000 subscribers of one account cost one query, not 5,000.
 */
export class AccessCheck {
  private readonly cache = new Map<string, { at: number; access: Promise<Access | null> }>();

  constructor(
    private readonly services: Pick<Services, 'accounts'>,
    readonly ttlMs = 200,
  ) {}

  async allowed(accountId: string, tenant: string, roles: readonly Role[]): Promise<boolean> {
    const access = await this.accessOf(accountId);
    if (!access) return false;
    return access.platformAdmin || access.grants.some((g) => g.tenant === tenant && roles.includes(g.role));
  }

  private accessOf(accountId: string): Promise<Access | null> {
    const now = Date.now();
    const hit = this.cache.get(accountId);
    if (hit && now - hit.at < this.ttlMs) return hit.access;
    const access = (async () => {
      const account = await this.services.accounts.byId(accountId);
      if (!account) return null;
      return { platformAdmin: account.platformAdmin, grants: await this.services.accounts.roles(accountId) };
    })();
    // A failed lookup denies this delivery and is not cached.
    access.catch(() => this.cache.delete(accountId));
    this.cache.set(accountId, { at: now, access: access.catch(() => null) });
    if (this.cache.size > 10_000) for (const [id, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(id);
    return this.cache.get(accountId)?.access ?? access;
  }
}
