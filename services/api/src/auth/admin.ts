import { randomBytes } from 'node:crypto';
import type { AccountStore } from './account-store';
import { hashPassword, passwordProblem } from './passwords';

export interface CreatedAdmin {
  accountId: string;
  email: string;
  password: string;
  generated: boolean;
  existed: boolean;
}

/** Creates (or promotes) a platform admin; generates a password when none is given. */
export const createPlatformAdmin = async (
  accounts: AccountStore,
  input: { email: string; name: string; password?: string | null; now: string },
): Promise<CreatedAdmin> => {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new Error(`"${input.email}" is not an email address`);
  const generated = !input.password;
  const password = input.password || randomBytes(12).toString('base64url');
  const problem = passwordProblem(password);
  if (problem) throw new Error(`the password is too weak: ${problem}`);
  const hash = await hashPassword(password);
  const existing = await accounts.byEmail(input.email);
  if (existing) {
    await accounts.setPassword(existing.id, hash);
    await accounts.setPlatformAdmin(existing.id, true);
    return { accountId: existing.id, email: existing.email, password, generated, existed: true };
  }
  const account = await accounts.create({ email: input.email, displayName: input.name, passwordHash: hash, platformAdmin: true, now: input.now });
  return { accountId: account.id, email: account.email, password, generated, existed: false };
};
