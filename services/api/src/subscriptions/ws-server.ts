import type { Server } from 'node:http';
import {
  type DocumentNode,
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
import { MAX_QUERY_COST, operationCost, tooCostly } from '../core/query-cost';
import { type Outlet, sharedSubscribe } from './shared-execution';

export interface SubscriptionServer {
  wss: WebSocketServer;
  /** Closes every socket (1001) and stops accepting upgrades. */
  close(): Promise<void>;
}

type Extra = {
  viewer?: Viewer;
};

type Prepared = { document: DocumentNode } | { errors: readonly GraphQLError[] };
const MAX_CACHED_DOCUMENTS = 500;
const MAX_CACHED_QUERY = 16 * 1024;

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
  // perMessageDeflate stays off (the default): compressing each frame would cost more than writing it.
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql', perMessageDeflate: false });
  // Each subscription's socket and id, by its context, so shared results can be written to it directly.
  const outlets = new WeakMap<Context, Outlet>();
  // Parsed and validated once per query text (a bounded cache): thousands of subscribers send the
  // same few documents, and graphql-js never mutates one.
  const documents = new Map<string, Prepared>();
  const prepare = (query: string): Prepared => {
    const hit = documents.get(query);
    if (hit) return hit;
    let prepared: Prepared;
    try {
      const document = parse(query, { maxTokens: options.maxTokens });
      const errors = validate(schema, document, rules);
      prepared = errors.length > 0 ? { errors } : { document };
    } catch (error) {
      prepared = { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
    }
    if (query.length <= MAX_CACHED_QUERY) {
      if (documents.size >= MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value as string);
      documents.set(query, prepared);
    }
    return prepared;
  };
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      subscribe: (args: ExecutionArgs) => sharedSubscribe(args, outlets.get(args.contextValue as Context)),
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
      onSubscribe: async (ctx, id, payload) => {
        const prepared = prepare(payload.query);
        if ('errors' in prepared) return [...prepared.errors];
        const { document } = prepared;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('name the operation to run with operationName; the document holds several')];
        if (operation.operation !== 'subscription') {
          return [
            new GraphQLError(`send ${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP POST /graphql; this socket serves subscriptions`),
          ];
        }
        const cost = operationCost(schema, document, payload.operationName, payload.variables ?? {});
        if (cost > MAX_QUERY_COST) return [tooCostly(cost)];
        const known = ctx.extra.viewer as Viewer;
        // Roles as they are now, not as they were when the socket opened.
        const viewer: Viewer = { ...known, roles: await services.accounts.roles(known.accountId) };
        const contextValue: Context = { viewer, clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown', services };
        outlets.set(contextValue, { socket: ctx.extra.socket, stream: ctx.extra.request.socket, id });
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
