import type { ServerResponse } from 'node:http';
import type { Db } from '@backhaul/prisma/db';
import type { PubSub } from '@backhaul/schema/events/pubsub.ts';

/** GET /healthz: 200 when the database and the pub/sub both answer, 503 otherwise. */
export async function healthz(res: ServerResponse, db: Db, pubsub: PubSub): Promise<void> {
  const [database, events] = await Promise.all([
    withTimeout(db.$queryRawUnsafe('SELECT 1').then(() => ({ ok: true })), 2000).catch((e: Error) => ({ ok: false, error: e.message })),
    pubsub.health().catch((e: Error) => ({ transport: 'unknown', ok: false, error: e.message })),
  ]);
  const ok = database.ok && events.ok;
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status: ok ? 'ok' : 'degraded', database, pubsub: events }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}
