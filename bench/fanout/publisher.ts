/**
 * The fanout benchmark's publisher: another OS process, as the RADIUS process or a second server
 * would be, publishing CustomerChanged events into the shared pub/sub at a steady rate.
 *
 *   node --import tsx bench/fanout/publisher.ts <databaseUrl> [<redisUrl>]
 *
 * Driven over IPC (messages.ts): says `ready` once connected, publishes on `go`, reports `done`
 * with the time each event was published.
 */
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import { monotonicMs } from './clock.ts';
import type { FromPublisher, ToPublisher } from './messages.ts';

const [databaseUrl, redisUrl] = process.argv.slice(2);
if (!databaseUrl || !process.send) {
  console.error('usage: node --import tsx bench/fanout/publisher.ts <databaseUrl> [<redisUrl>] (started by bench/fanout.ts over IPC)');
  process.exit(2);
}
const send = (message: FromPublisher) => process.send!(message);
process.once('disconnect', () => process.exit(0));
const pubsub = await createPubSub({ databaseUrl, redisUrl, log: { info: () => undefined, warn: (m) => console.error(`publisher: ${m}`) } });
send({ type: 'ready' });

process.once('message', (message: ToPublisher) => {
  if (message.type !== 'go') return;
  void publish(message.rate, message.seconds).then(
    async (done) => {
      await pubsub.close();
      send(done);
      // Stay until the parent has read that and lets go: exiting now could overtake the message.
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

async function publish(rate: number, seconds: number): Promise<FromPublisher> {
  const total = Math.round(rate * seconds);
  const times = new Array<number>(total + 1).fill(0);
  const interval = 1000 / rate;
  const pending: Promise<void>[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let maxLagMs = 0;
  const start = monotonicMs() + 20;
  for (let seq = 1; seq <= total; ) {
    const now = monotonicMs();
    const due = start + (seq - 1) * interval;
    if (now < due) {
      // Timers fire at best every millisecond: sleep until the next event is due, then publish
      // every event that is due by then.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - now - 0.2)));
      continue;
    }
    maxLagMs = Math.max(maxLagMs, now - due);
    times[seq] = monotonicMs();
    // Not awaited one by one: the transport keeps them in order (one connection), and waiting for
    // each round trip would cap the rate at 1 / round-trip time.
    pending.push(
      pubsub.publish('CustomerChanged', { customerId: seq, partnerId: 1, change: 'updated' }).catch((error: unknown) => {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }),
    );
    seq++;
  }
  await Promise.all(pending);
  return { type: 'done', published: total - failed, failed, times, maxLagMs, ...(firstError ? { firstError } : {}) };
}
