import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../core/sql';

export type Role = 'admin' | 'coordinator' | 'committee' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'coordinator', 'committee', 'auditor'];

export interface Account {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  platformAdmin: boolean;
  createdAt: string;
}

export interface RoleGrant {
  tenant: string;
  role: Role;
}

export interface Invitation {
  id: string;
  tenant: string;
  email: string;
  displayName: string;
  role: Role;
  invitedBy: string;
  expiresAt: string;
  acceptedAt: string | null;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS tandem_accounts (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     display_name TEXT NOT NULL,
     password_hash TEXT,
     platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
     created_at TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS tandem_account_roles (
     account_id TEXT NOT NULL REFERENCES tandem_accounts (id),
     tenant TEXT NOT NULL,
     role TEXT NOT NULL,
     granted_at TEXT NOT NULL,
     PRIMARY KEY (account_id, tenant, role)
   )`,
  `CREATE TABLE IF NOT EXISTS tandem_sessions (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES tandem_accounts (id),
     token_hash TEXT NOT NULL UNIQUE,
     expires_at TEXT NOT NULL,
     revoked_at TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS tandem_invitations (
     id TEXT PRIMARY KEY,
     tenant TEXT NOT NULL,
     email TEXT NOT NULL,
     display_name TEXT NOT NULL,
     role TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     invited_by TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     accepted_at TEXT
   )`,
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const newSecret = () => randomBytes(32).toString('base64url');

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  platform_admin: boolean | number;
  created_at: string;
}
const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  platformAdmin: r.platform_admin === true || r.platform_admin === 1,
  createdAt: r.created_at,
});

/**
 * Accounts, their roles per tenant, refresh sessions and invitations. Credentials are not
 * events (a password hash must be deletable); who was appointed to a committee is — the API
 * records CommitteeMemberAppointed/Removed alongside each grant.
 */
/** How long a viewer's account and roles are reused across requests. */
export const VIEWER_TTL_MS = 1_000;

export class AccountStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Who an access token speaks for, as of at most `VIEWER_TTL_MS` ago: every request needs the
   * account and its roles, and two queries per request were a tenth of a busy server's time. A
   * change made through this store clears the cache at once; another API process sees it within
   * the TTL.
   */
  private readonly viewers = new Map<string, { at: number; value: Promise<{ account: Account; roles: RoleGrant[] } | null> }>();

  async viewer(accountId: string): Promise<{ account: Account; roles: RoleGrant[] } | null> {
    const now = Date.now();
    const cached = this.viewers.get(accountId);
    if (cached && now - cached.at < VIEWER_TTL_MS) return cached.value;
    const value = (async () => {
      const account = await this.byId(accountId);
      return account ? { account, roles: await this.roles(accountId) } : null;
    })();
    if (this.viewers.size >= 10_000) this.viewers.clear();
    this.viewers.set(accountId, { at: now, value });
    value.catch(() => this.viewers.delete(accountId));
    return value;
  }

  private changed(): void {
    this.viewers.clear();
  }

  async migrate(): Promise<void> {
    for (const statement of SCHEMA) await this.sql.exec(statement);
  }

  async create(input: {
    id?: string;
    email: string;
    displayName: string;
    passwordHash: string | null;
    platformAdmin?: boolean;
    now: string;
  }): Promise<Account> {
    this.changed();
    const id = input.id ?? randomUUID();
    await this.sql.run('INSERT INTO tandem_accounts (id, email, display_name, password_hash, platform_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      input.email.toLowerCase(),
      input.displayName,
      input.passwordHash,
      input.platformAdmin ?? false,
      input.now,
    ]);
    return (await this.byId(id)) as Account;
  }

  async byEmail(email: string): Promise<Account | null> {
    const [row] = await this.sql.all<AccountRow>('SELECT * FROM tandem_accounts WHERE email = ?', [email.toLowerCase()]);
    return row ? toAccount(row) : null;
  }

  async byId(id: string): Promise<Account | null> {
    const [row] = await this.sql.all<AccountRow>('SELECT * FROM tandem_accounts WHERE id = ?', [id]);
    return row ? toAccount(row) : null;
  }

  async setPassword(accountId: string, passwordHash: string): Promise<void> {
    this.changed();
    await this.sql.run('UPDATE tandem_accounts SET password_hash = ? WHERE id = ?', [passwordHash, accountId]);
  }

  async setPlatformAdmin(accountId: string, platformAdmin: boolean): Promise<void> {
    this.changed();
    await this.sql.run('UPDATE tandem_accounts SET platform_admin = ? WHERE id = ?', [platformAdmin, accountId]);
  }

  async roles(accountId: string): Promise<RoleGrant[]> {
    return this.sql.all<RoleGrant>('SELECT tenant, role FROM tandem_account_roles WHERE account_id = ? ORDER BY tenant, role', [accountId]);
  }

  async grant(accountId: string, tenant: string, role: Role, now: string): Promise<void> {
    this.changed();
    await this.sql.run('INSERT INTO tandem_account_roles (account_id, tenant, role, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      accountId,
      tenant,
      role,
      now,
    ]);
  }

  async revoke(accountId: string, tenant: string, role: Role): Promise<boolean> {
    this.changed();
    return (await this.sql.run('DELETE FROM tandem_account_roles WHERE account_id = ? AND tenant = ? AND role = ?', [accountId, tenant, role])) > 0;
  }

  /** A refresh session; the returned secret is shown once, only its hash is kept. */
  async openSession(accountId: string, expiresAt: string): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = randomUUID();
    const secret = newSecret();
    await this.sql.run('INSERT INTO tandem_sessions (id, account_id, token_hash, expires_at) VALUES (?, ?, ?, ?)', [
      sessionId,
      accountId,
      sha256(secret),
      expiresAt,
    ]);
    return { sessionId, refreshToken: `${sessionId}.${secret}` };
  }

  /** Rotates a refresh token: the old one stops working, a new one is issued. */
  async rotateSession(refreshToken: string, now: string, expiresAt: string): Promise<{ accountId: string; refreshToken: string } | null> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret) return null;
    const [row] = await this.sql.all<{ account_id: string; expires_at: string; revoked_at: string | null }>(
      'SELECT account_id, expires_at, revoked_at FROM tandem_sessions WHERE id = ? AND token_hash = ?',
      [sessionId, sha256(secret)],
    );
    if (!row || row.revoked_at || row.expires_at <= now) return null;
    const revoked = await this.sql.run('UPDATE tandem_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, sessionId]);
    if (revoked !== 1) return null;
    const next = await this.openSession(row.account_id, expiresAt);
    return { accountId: row.account_id, refreshToken: next.refreshToken };
  }

  async revokeSession(refreshToken: string, now: string): Promise<void> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret) return;
    await this.sql.run('UPDATE tandem_sessions SET revoked_at = ? WHERE id = ? AND token_hash = ? AND revoked_at IS NULL', [now, sessionId, sha256(secret)]);
  }

  async createInvitation(input: Omit<Invitation, 'id' | 'acceptedAt'>): Promise<{ invitation: Invitation; token: string }> {
    const id = randomUUID();
    const secret = newSecret();
    await this.sql.run(
      'INSERT INTO tandem_invitations (id, tenant, email, display_name, role, token_hash, invited_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id, input.tenant, input.email.toLowerCase(), input.displayName, input.role, sha256(secret), input.invitedBy, input.expiresAt],
    );
    return { invitation: { ...input, email: input.email.toLowerCase(), id, acceptedAt: null }, token: `${id}.${secret}` };
  }

  async invitationByToken(token: string): Promise<Invitation | null> {
    const [id, secret] = token.split('.');
    if (!id || !secret) return null;
    const [row] = await this.sql.all<{
      id: string;
      tenant: string;
      email: string;
      display_name: string;
      role: Role;
      invited_by: string;
      expires_at: string;
      accepted_at: string | null;
    }>('SELECT * FROM tandem_invitations WHERE id = ? AND token_hash = ?', [id, sha256(secret)]);
    return row
      ? {
          id: row.id,
          tenant: row.tenant,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          invitedBy: row.invited_by,
          expiresAt: row.expires_at,
          acceptedAt: row.accepted_at,
        }
      : null;
  }

  async markInvitationAccepted(id: string, now: string): Promise<boolean> {
    return (await this.sql.run('UPDATE tandem_invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL', [now, id])) === 1;
  }
}
