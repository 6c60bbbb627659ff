import type { Server } from 'node:http';
import {
  type ExecutionArgs,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type Context, type Services, type Viewer, viewerFromToken } from '../core/context';
import { expandShared, sharedSubscribe } from './shared-execution';

export interface SubscriptionServer {
  wss: WebSocketServer;
  /** Closes every socket (1001) and stops accepting upgrades. */
  close(): Promise<void>;
}

type Extra = {
  viewer?: Viewer;
};

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's port and path. `connection_init`
 * carries `{ authorization: "Bearer <access token>" }`: without one the socket closes with 4401,
 * with an invalid one 4403. Operations are parsed and validated with the HTTP limits; only
 * subscriptions are served here (queries and mutations go over HTTP).
 */
export const attachSubscriptionServer = (options: {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  maxTokens: number;
  validationRules: readonly ValidationRule[];
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}): SubscriptionServer => {
  const { schema, services } = options;
  const rules = [...specifiedRules, ...options.validationRules];
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  // Registered before graphql-ws's own listener: every frame it sends passes through
  // expandShared, which splices in results serialised once for all subscribers.
  wss.on('connection', (socket) => {
    const send = socket.send.bind(socket) as (data: string | Buffer, options: { binary: boolean }, cb?: (error?: Error) => void) => void;
    socket.send = ((data: unknown, cb?: (error?: Error) => void) =>
      send(typeof data === 'string' ? expandShared(data) : (data as Buffer), { binary: false }, cb)) as typeof socket.send;
  });
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      subscribe: sharedSubscribe as (args: ExecutionArgs) => ReturnType<typeof sharedSubscribe>,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (typeof authorization !== 'string' || authorization.trim() === '') {
          ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized: send { authorization: "Bearer <access token>" } in connection_init');
          return false;
        }
        const viewer = await viewerFromToken(services, authorization).catch(() => null);
        if (!viewer) return false;
        ctx.extra.viewer = viewer;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('name the operation to run with operationName; the document holds several')];
        if (operation.operation !== 'subscription') {
          return [
            new GraphQLError(`send ${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP POST /graphql; this socket serves subscriptions`),
          ];
        }
        const known = ctx.extra.viewer as Viewer;
        // Roles as they are now, not as they were when the socket opened.
        const viewer: Viewer = { ...known, roles: await services.accounts.roles(known.accountId) };
        const contextValue: Context = { viewer, clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown', services };
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((e) => options.formatError(e.toJSON(), e)) } as unknown as typeof result;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.formatError(e.toJSON(), e)),
    },
    wss,
  );
  return {
    wss,
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
};
