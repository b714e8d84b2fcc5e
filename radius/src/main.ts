import { z } from 'zod';
import { createDb } from '@backhaul/prisma/db';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';

/**
 * The RADIUS process. For now a shell that proves the wiring: it reads the NAS table and
 * follows subscriber changes on the shared pub/sub. Authentication, accounting and CoA come
 * with the RADIUS issue.
 */
const config = z
  .object({
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .safeParse(process.env);
if (!config.success) {
  console.error(`invalid configuration:\n${config.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(2);
}
const { DATABASE_URL, REDIS_URL, LOG_LEVEL } = config.data;
const log = createLog('radius', LOG_LEVEL);
const db = createDb(DATABASE_URL, { max: 4 });
const pubsub = await createPubSub({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, log });
const nas = await db.router.count();
log.info(`${nas} NAS registered; following subscriber changes (RADIUS listeners arrive with the RADIUS issue)`);
process.send?.({ ready: true });

const stop = new AbortController();
const follow = (async () => {
  for await (const change of pubsub.subscribe('SubscriberChanged', stop.signal)) {
    log.debug('subscriber changed', change);
  }
})();

const shutdown = async () => {
  stop.abort();
  await follow.catch(() => undefined);
  await pubsub.close();
  await db.$disconnect();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
