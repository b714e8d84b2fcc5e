/**
 * Publishes events from a process of its own, as another server or the RADIUS process would:
 *
 *   node --import tsx server/test/support/publisher.ts <postgres|redis> <url> <topic> <json> [<json> …]
 *
 * Each <json> is one payload, published in order. Exits 0 once all are sent, 1 (with the error
 * on stderr) otherwise. Tests call it through publishFromProcess() in publish-from-process.ts.
 */
import { isTopic } from '@backhaul/schema/events/catalogue.ts';
import { createPostgresPubSub } from '@backhaul/schema/events/transports/postgres.ts';
import { createRedisPubSub } from '@backhaul/schema/events/transports/redis.ts';

const [transport, url, topic, ...payloads] = process.argv.slice(2);
const quiet = { info: () => undefined, warn: (message: string) => console.error(message) };

async function main(): Promise<void> {
  if ((transport !== 'postgres' && transport !== 'redis') || !url || !topic || payloads.length === 0) {
    throw new Error('usage: publisher.ts <postgres|redis> <url> <topic> <json> [<json> …]');
  }
  if (!isTopic(topic)) throw new Error(`unknown topic ${topic}`);
  const create = transport === 'redis' ? createRedisPubSub : createPostgresPubSub;
  const pubsub = await create({ url, log: quiet });
  try {
    for (const payload of payloads) await pubsub.publish(topic, JSON.parse(payload) as never);
  } finally {
    await pubsub.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
