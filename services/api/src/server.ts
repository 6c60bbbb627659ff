import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { DomainDeps } from '@tandem/domain';
import type { ReadModels } from '@tandem/projections';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { exportRouter } from './audit/export.route';
import { AccountStore } from './auth/account-store';
import { TokenService } from './auth/tokens';
import type { Config } from './config';
import { type Context, type Services, viewerFromToken } from './core/context';
import { formatError } from './core/errors';
import { costLimitPlugin } from './core/query-cost';
import { RateLimiter } from './core/rate-limit';
import { openSql, type Sql } from './core/sql';
import { documentsRouter } from './documents/documents.route';
import { createMailer } from './mail/mailer';
import { buildTandemSchema } from './schema';
import { LivePublisher } from './subscriptions/live-publisher';
import { attachSubscriptionServer } from './subscriptions/ws-server';

export interface TandemServer {
  url: string;
  port: number;
  services: Services;
  schema: GraphQLSchema;
  /** The server's logger, for what runs beside it (the waitlist reactor). */
  log: pino.Logger;
  close(): Promise<void>;
}

export const MAX_TOKENS = 2000;

/** Depth, cost, alias and token limits, shared by HTTP and (later) WebSocket operations. */
export const armorConfig = {
  maxDepth: { n: 10 },
  // Ours instead (core/query-cost.ts, costLimitPlugin): armor's rule cannot see variables.
  costLimit: { enabled: false },
  maxAliases: { n: 15 },
  // graphql-js enforces the token limit while parsing (parseOptions below): armor's own
  // max-tokens plugin turns every syntax error into a 500.
  maxTokens: { enabled: false },
  maxDirectives: { n: 20 },
  blockFieldSuggestion: { enabled: true },
};

const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface ServerOptions {
  jwtSecret: string;
  sql?: Sql;
  domain?: DomainDeps | null;
  readModels?: ReadModels | null;
  waitForReadModels?: (checkpoint: string | null) => Promise<boolean>;
}

export const startServer = async (config: Config, options: ServerOptions): Promise<TandemServer> => {
  const log = pino({ level: config.logLevel });
  const sql = options.sql ?? openSql(config.readModelsUrl);
  const accounts = new AccountStore(sql);
  await accounts.migrate();
  const services: Services = {
    config,
    accounts,
    tokens: new TokenService(options.jwtSecret, config.accessTokenTtl),
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir }),
    loginLimiter: new RateLimiter(5, 15 * 60 * 1000),
    submitLimiter: new RateLimiter(config.submitRateLimit, 60 * 60 * 1000),
    domain: options.domain ?? null,
    readModels: options.readModels ?? null,
    waitForReadModels: options.waitForReadModels ?? (async () => true),
    live: null,
    now: () => new Date(),
  };
  services.live = options.readModels ? new LivePublisher(services, { onError: (error) => log.error({ err: error }, 'live update failed') }) : null;
  const schema = await buildTandemSchema();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer: Server = createServer(app);
  const armor = new ApolloArmor(armorConfig).protect();
  const format = formatError(config.production, (error) => log.error({ err: error }, 'unexpected error'));
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    parseOptions: { maxTokens: MAX_TOKENS },
    introspection: !config.production,
    allowBatchedHttpRequests: false,
    // The process owns SIGINT/SIGTERM (`tandem start` stops the server, the projector and the
    // stores, then exits 0). Apollo's own handler stopped only Apollo and then re-sent the
    // signal, which killed the process halfway through that shutdown (exit 143).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: armor.validationRules,
    formatError: format,
    plugins: [
      ...armor.plugins,
      costLimitPlugin(schema),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Answers are private to the viewer and never cached by HTTP caches; without cache hints
      // Apollo stops wrapping every field resolver (7% of a busy server's time).
      ApolloServerPluginCacheControlDisabled(),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  let ready = false;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting' });
  });
  const corsFor = (exposedHeaders: string[] = []) =>
    cors(config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false, exposedHeaders } : { origin: false });
  // A portal on another origin downloads the PDFs with its token, and may name the file after the server.
  app.use('/documents', corsFor(['Content-Disposition']));
  app.use(documentsRouter(services));
  // A portal on another origin reads the export's X-Event-Count to show progress.
  app.use('/export', corsFor(['X-Event-Count']));
  app.use(exportRouter(services));
  app.use(
    '/graphql',
    corsFor(),
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        viewer: await viewerFromToken(services, req.headers.authorization),
        clientIp: req.ip ?? 'unknown',
        services,
      }),
    }),
  );
  // Bodies express.json refused: answer in GraphQL's error shape with the right status.
  app.use(
    '/graphql',
    (error: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (!error?.status) return next(error);
      const message =
        error.type === 'entity.too.large'
          ? `the request body is over the ${config.bodyLimit} limit`
          : error.type === 'entity.parse.failed'
            ? 'the request body is not valid JSON'
            : (error.message ?? 'bad request');
      res.status(error.status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    },
  );
  if (existsSync(webDist)) {
    app.use(express.static(webDist, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!graphql|healthz|readyz|documents).*/, (_req, res) => res.sendFile(join(webDist, 'index.html')));
  }

  const subscriptions = attachSubscriptionServer({
    httpServer,
    schema,
    services,
    maxTokens: MAX_TOKENS,
    validationRules: armor.validationRules,
    formatError: format,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  ready = true;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  log.debug({ url }, 'Tandem API listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    services,
    schema,
    log,
    close: () => {
      closing ??= (async () => {
        ready = false;
        services.live?.close();
        await subscriptions.close();
        await apollo.stop();
        await sql.close();
      })();
      return closing;
    },
  };
};
