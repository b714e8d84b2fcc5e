import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { createStaffDirect, ensureBuiltInRoles } from '@backhaul/schema/admin/bootstrap.ts';
import { createLoginLimiter } from '@backhaul/schema/shared/rate-limit.ts';
import { createSecretBox, type SecretBox } from '@backhaul/schema/shared/secrets.ts';
import { startApp, type App } from '../../src/app.ts';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { createPostgresPubSub } from '@backhaul/schema/events/transports/postgres.ts';
import { createRedisPubSub } from '@backhaul/schema/events/transports/redis.ts';
import type { ServerPubSub } from '@backhaul/schema/events/transports/fanout.ts';

export const TEST_PASSWORD = 'correct horse battery';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  database: TestDatabase;
  /** SQL queries Prisma has run for the server since the last reset (to catch N+1). */
  queries: { count: number };
  secrets: SecretBox;
  pubsub: ServerPubSub;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** Creates a staff user with a built-in role (and optional partner) and signs them in. */
  staff(role: string, options?: { partnerId?: number | null; username?: string }): Promise<{ id: number; token: string }>;
  close(): Promise<void>;
}

/** A real server on a random port over a fresh database and the PostgreSQL pub/sub. */
export async function startTestServer(options: { loginLimit?: number; redisUrl?: string; coaTimeoutMs?: number } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  await ensureBuiltInRoles(database.db);
  const secrets = createSecretBox('test-server-key-0123456789abcdef-0123456789');
  const quiet = createLog('test', (process.env.TEST_LOG as 'debug' | undefined) ?? 'silent');
  const pubsubLog = { warn: () => undefined, error: () => undefined, info: () => undefined };
  const pubsub = options.redisUrl
    ? await createRedisPubSub({ url: options.redisUrl, log: pubsubLog })
    : await createPostgresPubSub({ url: database.url, log: pubsubLog });
  const queries = { count: 0 };
  const counted = database.db.$extends({
    query: {
      async $allOperations({ args, query }) {
        queries.count++;
        return query(args);
      },
    },
  }) as unknown as typeof database.db;
  const app: App = await startApp({
    db: counted,
    pubsub,
    secrets,
    loginLimiter: createLoginLimiter(options.loginLimit ?? 1000, 1000),
    host: '127.0.0.1',
    port: 0,
    corsOrigins: ['http://console.test'],
    trustProxy: false,
    ...(options.coaTimeoutMs !== undefined ? { coaTimeoutMs: options.coaTimeoutMs } : {}),
    log: quiet,
  });
  const graphqlUrl = `${app.url}/graphql`;
  let counter = 0;
  const server: TestServer = {
    url: app.url,
    graphqlUrl,
    database,
    queries,
    secrets,
    pubsub,
    async gql(query, variables, token) {
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as never };
    },
    async staff(role, { partnerId = null, username } = {}) {
      const user = await createStaffDirect(database.db, {
        username: username ?? `${role.replace(/\W+/g, '-').toLowerCase()}-${++counter}`,
        name: role,
        password: TEST_PASSWORD,
        role,
        partnerId,
      });
      const res = await server.gql(LOGIN, { input: { username: user.username, password: TEST_PASSWORD } });
      const token = res.body.data?.login?.data?.token;
      if (!token) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
      return { id: user.id, token };
    },
    async close() {
      await app.close();
      await pubsub.close();
      await database.drop();
    },
  };
  return server;
}

export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on LoginSuccess { data { token expiresAt staff { username } } }
    ... on DomainError { message code field }
    ... on TooManyAttemptsError { retryAfterSeconds }
  }
}`;
