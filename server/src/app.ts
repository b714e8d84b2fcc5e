import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AuthenticationError } from '@backhaul/schema/admin/auth.errors.ts';
import type { Context } from '@backhaul/schema/builder.ts';
import { buildSchema } from '@backhaul/schema/schema.ts';
import { clientIp, createContextFactory, type ContextDeps } from './context.ts';
import { createGraphqlHandler, sendError } from './http/graphql.ts';
import { healthz } from './http/healthz.ts';
import { formatError } from './errors.ts';
import { limitErrors } from './limits.ts';
import { createSharedSubscribe } from './shared-subscriptions.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';

export interface AppOptions extends ContextDeps {
  host: string;
  port: number;
  corsOrigins: readonly string[];
  trustProxy: boolean;
  log: Log;
  /** Extra request handlers tried before GraphQL (e.g. the in-browser IDE); true when handled. */
  handlers?: ReadonlyArray<(req: IncomingMessage, res: ServerResponse) => Promise<boolean>>;
}

export interface App {
  url: string;
  close(): Promise<void>;
}

/** The GraphQL server: HTTP (Apollo) and graphql-ws on the same port and path, plus /healthz. */
export async function startApp(options: AppOptions): Promise<App> {
  const { log } = options;
  const schema = buildSchema();
  const createContext = createContextFactory(options);

  const limits: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const errors = limitErrors(schema, document, contextValue, request.variables, request.operationName);
          if (errors.length) throw errors[0];
        },
      };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    // Credentials travel in the Authorization header, never in cookies, so CSRF cannot use them.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals and stops everything in order.
    stopOnTerminationSignals: false,
    // The IDE is served from our own assets (http/graphiql.ts); Apollo's would load from a CDN.
    plugins: [limits, ApolloServerPluginLandingPageDisabled()],
    formatError: (formatted, error) => formatError(formatted, error, log),
  });
  await apollo.start();
  const graphql = createGraphqlHandler(apollo, createContext, { trustProxy: options.trustProxy });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) sendError(res, 500, 'internal server error', {}, 'INTERNAL_SERVER_ERROR');
      else res.end();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/healthz') return healthz(res, options.db, options.pubsub);
    for (const handler of options.handlers ?? []) if (await handler(req, res)) return;
    if (url.pathname === '/graphql') return graphql(req, res, url);
    sendError(res, 404, `no such path: ${url.pathname}; the API is at /graphql`, {}, 'NOT_FOUND');
  }

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const ws = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema,
      subscribe: createSharedSubscribe(),
      onConnect: async (ctx) => {
        try {
          await createContext(wsRequest(ctx.connectionParams, ctx.extra.request, options.trustProxy));
          return true;
        } catch (error) {
          if (error instanceof AuthenticationError) return false; // closes with 4403 Forbidden
          throw error;
        }
      },
      // Credentials are checked again for every operation, so a revoked session stops at once.
      onSubscribe: async (ctx, _id, payload) => {
        let contextValue: Context;
        try {
          contextValue = await createContext(wsRequest(ctx.connectionParams, ctx.extra.request, options.trustProxy));
        } catch (error) {
          if (error instanceof AuthenticationError) return [new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED' } })];
          throw error;
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, specifiedRules);
        if (errors.length) return errors;
        const limited = limitErrors(schema, document, contextValue, payload.variables ?? undefined, payload.operationName);
        if (limited.length) return limited;
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON?.() ?? e, e, log)) } : result,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e, log)),
    },
    wss,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    async close() {
      // Stop taking connections, end subscriptions with "going away", let requests finish.
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      // Keep-alive clients (the console's server-side fetches) would hold the close open.
      const cut = setTimeout(() => server.closeAllConnections(), 2000).unref();
      await ws.dispose();
      await apollo.stop();
      await closed;
      clearTimeout(cut);
    },
  };
}

function wsRequest(params: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage, trustProxy: boolean) {
  const authorization = params?.authorization ?? params?.Authorization;
  return {
    authorization: typeof authorization === 'string' ? authorization : null,
    ip: clientIp(request.headers, request.socket.remoteAddress, trustProxy),
    userAgent: request.headers['user-agent'] ?? null,
  };
}
