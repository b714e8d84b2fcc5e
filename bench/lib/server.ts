import { createDb, type Db } from '@backhaul/prisma/db';
import { createLoginLimiter } from '@backhaul/schema/shared/rate-limit.ts';
import { createSecretBox, type SecretBox } from '@backhaul/schema/shared/secrets.ts';
import { startApp } from '@backhaul/server/src/app.ts';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import type { PubSubLogger, ServerPubSub } from '@backhaul/schema/events/transports/fanout.ts';

/** The server key benchmarks seal secrets with (throwaway databases only). */
export const BENCH_SERVER_KEY = 'bench-server-key-0123456789abcdef-not-secret';

export interface BenchServer {
  graphqlUrl: string;
  wsUrl: string;
  db: Db;
  pubsub: ServerPubSub;
  secrets: SecretBox;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  databaseUrl: string;
  /** Carry events over Redis instead of PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  /** Pool size, as DB_POOL_SIZE (default 20, the server's default). */
  dbPoolSize?: number;
  /** The pub/sub's warnings (a slow subscriber, a lost connection); quiet by default. */
  pubsubLog?: PubSubLogger;
}

/** The GraphQL server as main.ts wires it (the real pub/sub included), on a random port. */
export async function startServer(options: BenchServerOptions): Promise<BenchServer> {
  const db = createDb(options.databaseUrl, { max: options.dbPoolSize ?? 20 });
  const pubsub = await createPubSub({
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    log: options.pubsubLog ?? { info: () => undefined, warn: () => undefined },
  });
  const secrets = createSecretBox(BENCH_SERVER_KEY);
  const app = await startApp({
    db,
    pubsub,
    secrets,
    loginLimiter: createLoginLimiter(1_000, 1_000),
    host: '127.0.0.1',
    port: 0,
    corsOrigins: [],
    trustProxy: false,
    log: createLog('server', 'warn'),
  });
  return {
    graphqlUrl: `${app.url}/graphql`,
    wsUrl: `${app.url.replace(/^http/, 'ws')}/graphql`,
    db,
    pubsub,
    secrets,
    async close() {
      await app.close();
      await pubsub.close();
      await db.$disconnect();
    },
  };
}

export interface GqlResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** One GraphQL request over HTTP; throws on a transport error or a GraphQL error. */
export async function gql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GqlResult<T>;
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { __typename ... on LoginSuccess { data { token expiresAt } } ... on DomainError { message } }
}`;

/** Signs a staff member in through the API: the bearer token and when it expires. */
export async function signInSession(url: string, username: string, password: string): Promise<{ token: string; expiresAt: string }> {
  const data = await gql<{ login: { __typename: string; data?: { token: string; expiresAt: string }; message?: string } }>(url, LOGIN, {
    input: { username, password },
  });
  if (!data.login.data) throw new Error(`sign-in as ${username} failed: ${data.login.__typename} ${data.login.message ?? ''}`);
  return data.login.data;
}

/** Signs a staff member in through the API and returns the bearer token. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  return (await signInSession(url, username, password)).token;
}
