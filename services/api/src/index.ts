export { type RunningTandem, startTandem } from './app';
export { AccountStore, ROLES, type Role } from './auth/account-store';
export { createPlatformAdmin } from './auth/admin';
export { hashPassword } from './auth/passwords';
export { type Config, ConfigError, loadConfig } from './config';
export { openSql, type Sql } from './core/sql';
export { resolveJwtSecret } from './jwt-secret';
export { startServer, type TandemServer } from './server';
