import { resolve } from 'node:path';
import { defaultEventStoreUrl } from '@tandem/eventstore';
import { defaultReadModelsUrl } from '@tandem/projections';
import { z } from 'zod';

const url = (what: string, schemes: RegExp, example: string) =>
  z.string().refine((value) => schemes.test(value), { message: `${what} must look like ${example}` });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ message: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(4000),
  TANDEM_DATA_DIR: z.string().min(1).default('data'),
  EVENTSTORE_URL: url(
    'EVENTSTORE_URL',
    /^(sqlite:|postgres(ql)?:\/\/|kurrentdb|kdb|esdb)/,
    'sqlite:./data/events.sqlite, postgres://… or kurrentdb://…',
  ).optional(),
  DATABASE_URL: url('DATABASE_URL', /^postgres(ql)?:\/\//, 'postgres://user@host:5432/db').optional(),
  KURRENTDB_URL: url('KURRENTDB_URL', /^(kurrentdb|kdb|esdb)(\+discover)?:\/\//, 'kurrentdb://host:2113?tls=false').optional(),
  READMODELS_URL: url('READMODELS_URL', /^(sqlite:|postgres(ql)?:\/\/)/, 'sqlite:./data/readmodels.sqlite or postgres://…').optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30, 'ACCESS_TOKEN_TTL is in seconds, at least 30').default(900),
  REFRESH_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(300, 'REFRESH_TOKEN_TTL is in seconds, at least 300')
    .default(14 * 24 * 3600),
  CORS_ORIGINS: z.string().default(''),
  SMTP_URL: url('SMTP_URL', /^smtps?:\/\//, 'smtp://user:pass@host:587').optional(),
  MAIL_FROM: z.string().default('Tandem <no-reply@tandem.local>'),
  PUBLIC_URL: z.string().url('PUBLIC_URL must be a URL such as https://tandem.example.org').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'BODY_LIMIT must look like 100kb')
    .default('100kb'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  SUBMIT_RATE_LIMIT: z.coerce.number().int().min(1, 'SUBMIT_RATE_LIMIT is applications per address per hour, at least 1').default(20),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  production: boolean;
  host: string;
  port: number;
  dataDir: string;
  eventStoreUrl: string;
  readModelsUrl: string;
  jwtSecret: string | null;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  corsOrigins: string[];
  smtpUrl: string | null;
  mailFrom: string;
  /** Where people reach the portal; links in emails use it. */
  publicUrl: string;
  outboxDir: string;
  logLevel: string;
  bodyLimit: string;
  seedDemo: boolean;
  submitRateLimit: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment; every bad value is named with what to set instead. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) problems.push('JWT_SECRET: required in production (32+ random characters)');
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = resolve(e.TANDEM_DATA_DIR);
  const locations = {
    EVENTSTORE_URL: e.EVENTSTORE_URL,
    KURRENTDB_URL: e.KURRENTDB_URL,
    DATABASE_URL: e.DATABASE_URL,
    READMODELS_URL: e.READMODELS_URL,
    TANDEM_DATA_DIR: dataDir,
  };
  return {
    env: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    dataDir,
    // The same defaults as the CLI's, so that `tandem projections …` opens what the server opens.
    eventStoreUrl: defaultEventStoreUrl(locations),
    readModelsUrl: defaultReadModelsUrl(locations),
    jwtSecret: e.JWT_SECRET ?? null,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    outboxDir: resolve(dataDir, 'outbox'),
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    seedDemo: e.SEED_DEMO === 'true',
    submitRateLimit: e.SUBMIT_RATE_LIMIT,
  };
};
