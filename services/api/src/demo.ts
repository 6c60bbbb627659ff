import type { AccountStore, Role } from './auth/account-store';
import { hashPassword } from './auth/passwords';

/** The password of every demo account; printed at start, fine for a laptop demo only. */
export const DEMO_PASSWORD = 'tandem-demo-2026';

/**
 * Demo sign-ins for the seeded committees: the account ids are the seed's committee user ids,
 * so what they do is recorded under the same actor the seed appointed.
 */
export const DEMO_ACCOUNTS: { id: string; email: string; name: string; platformAdmin?: boolean; roles: { tenant: string; role: Role }[] }[] = [
  { id: 'platform-admin', email: 'admin@tandem.demo', name: 'Platform Admin', platformAdmin: true, roles: [] },
  { id: 'vrt-chair', email: 'chair@vrt.demo', name: 'VRT Chair', roles: [{ tenant: 'vrt', role: 'admin' }] },
  { id: 'vrt-coordinator', email: 'coordinator@vrt.demo', name: 'VRT Coordinator', roles: [{ tenant: 'vrt', role: 'coordinator' }] },
  { id: 'vrt-member', email: 'committee@vrt.demo', name: 'VRT Committee Member', roles: [{ tenant: 'vrt', role: 'committee' }] },
  { id: 'lrrt-chair', email: 'chair@lrrt.demo', name: 'LRRT Chair', roles: [{ tenant: 'lrrt', role: 'admin' }] },
  { id: 'lrrt-coordinator', email: 'coordinator@lrrt.demo', name: 'LRRT Coordinator', roles: [{ tenant: 'lrrt', role: 'coordinator' }] },
  { id: 'lrrt-member', email: 'committee@lrrt.demo', name: 'LRRT Committee Member', roles: [{ tenant: 'lrrt', role: 'committee' }] },
  { id: 'lrrt-auditor', email: 'auditor@lrrt.demo', name: 'LRRT Auditor', roles: [{ tenant: 'lrrt', role: 'auditor' }] },
];

export const ensureDemoAccounts = async (accounts: AccountStore, now: string): Promise<void> => {
  let hash: string | null = null;
  for (const demo of DEMO_ACCOUNTS) {
    if (await accounts.byId(demo.id)) continue;
    hash ??= await hashPassword(DEMO_PASSWORD);
    await accounts.create({ id: demo.id, email: demo.email, displayName: demo.name, passwordHash: hash, platformAdmin: demo.platformAdmin ?? false, now });
    for (const grant of demo.roles) await accounts.grant(demo.id, grant.tenant, grant.role, now);
  }
};
