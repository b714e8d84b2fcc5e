import { createDb } from '@backhaul/prisma/db';
import { ensureBuiltInRoles } from '@backhaul/schema/admin/bootstrap.ts';
import { createLoginLimiter } from '@backhaul/schema/shared/rate-limit.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createGraphiqlHandler } from './http/graphiql.ts';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import { keepLastRadiusReports } from '@backhaul/schema/radius/rates.service.ts';

/** The server process: the GraphQL API over HTTP and WebSocket. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLog('server', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL, { max: config.DB_POOL_SIZE });
  // Built-in roles of an existing database gain the permissions added since it was created.
  await ensureBuiltInRoles(db);
  const pubsub = await createPubSub({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL, log });
  keepLastRadiusReports(pubsub); // the dashboard's first figures at once
  const app = await startApp({
    db,
    pubsub,
    secrets: createSecretBox(config.SERVER_KEY),
    // Per process, in 15 minutes: 10 failures per username, 50 per address.
    loginLimiter: createLoginLimiter(10, 50),
    host: config.HOST,
    port: config.PORT,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    coaTimeoutMs: config.COA_TIMEOUT_MS,
    log,
    handlers: [createGraphiqlHandler({ endpoint: '/graphql' })],
  });
  log.info(`GraphQL API on ${app.url}/graphql`);
  process.send?.({ ready: app.url });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await pubsub.close();
    await db.$disconnect();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
