/**
 * One RADIUS instance: listeners, caches, the accounting pipeline, the live events and (when
 * elected) the leader's duties. `main.ts` runs one per CPU core; tests and benchmarks start one
 * directly. Wiring only: the rules live in the modules it connects.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '@backhaul/prisma/db';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import type { PubSub } from '@backhaul/schema/events/pubsub.ts';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { parseAccounting } from './accounting/record.ts';
import { Journal } from './accounting/journal.ts';
import { Spool } from './accounting/spool.ts';
import { AccountingWriter } from './accounting/writer.ts';
import { handleAccessRequest } from './auth/access.ts';
import { AuthLogWriter } from './auth/auth-log.ts';
import { createCoaClient } from './coa/coa-client.ts';
import { Leader } from './leader.ts';
import { listen, type Listener } from './listener.ts';
import { LivePublisher, publishLogged } from './live.ts';
import { NasTable } from './nas-table.ts';
import { OnlineSessions } from './online.ts';
import { PacketCode } from './protocol/packet.ts';
import { SubscriberCache } from './subscribers.ts';
import { TemplateStore } from './template-store.ts';
import type { UdpMode } from './udp.ts';
import { vocabulary } from './vocabulary.ts';

export interface RadiusOptions {
  readonly databaseUrl: string;
  readonly redisUrl?: string | undefined;
  readonly serverKey: string;
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly spoolDir: string;
  readonly log: Log;
  /** 'dgram' keeps to node:dgram even where the batched UDP addon is built (udp.ts). */
  readonly udp?: UdpMode;
  /** How many worker processes serve these ports, each with sockets of its own (main.ts). */
  readonly group?: number | undefined;
  /** CoA: wait this long for an answer before sending again (default 3000 ms), this many times in all (default 3). */
  readonly coaTimeoutMs?: number;
  readonly coaAttempts?: number;
}

export interface RadiusInstance {
  readonly authPort: number;
  readonly acctPort: number;
  readonly udp: Listener['udp'];
  readonly leader: Leader;
  /** Resolves once the accounting acknowledged so far is in the database (it is on disk already), or spooled while the database is down. */
  accountingSettled(): Promise<void>;
  close(): Promise<void>;
}

const RELOAD_SETTINGS_EVERY_MS = 30_000;

export async function startRadius(options: RadiusOptions): Promise<RadiusInstance> {
  const { log } = options;
  const instance = `${hostname()}:${process.pid}`;
  const dictionary = loadDictionary();
  const v = vocabulary(dictionary);
  const secrets = createSecretBox(options.serverKey);
  const db = createDb(options.databaseUrl, { max: 4 });
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 6,
    application_name: 'backhaul-radius',
    connectionTimeoutMillis: 2_000,
    query_timeout: 10_000,
  });
  pool.on('error', (error) => log.debug('an idle database connection failed', { error: error.message }));
  const pubsub: PubSub = await createPubSub({ databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, log });

  const nasTable = new NasTable(db, secrets, log);
  const subscribers = new SubscriberCache(db, secrets, log);
  const templates = new TemplateStore(db, dictionary, log);
  const online = new OnlineSessions();
  const started = Date.now();
  await Promise.all([nasTable.start(), subscribers.loadAll(), templates.reload()]);
  const { rows } = await pool.query<{ id: string; serviceId: number | null; routerId: number | null; mac: string | null }>(
    `SELECT id::text AS id, "serviceId", "routerId", mac FROM "RadiusSession" WHERE "stoppedAt" IS NULL`,
  );
  for (const r of rows) online.add(r.id, r);
  log.info(`loaded ${nasTable.size} NAS, ${subscribers.size} subscribers and ${online.size} online sessions in ${Date.now() - started} ms`);

  const live = new LivePublisher(instance, pubsub, nasTable, online, pool, log);
  const journal = new Journal(options.spoolDir);
  const spool = new Spool(options.spoolDir, log, (segment) => journal.owns(segment));
  const writer = new AccountingWriter(pool, journal, spool, log, (stored) => live.sessions(stored));
  await spool.start((records) => writer.apply(records));
  const authLog = new AuthLogWriter(pool, log, (entries) => void publishLogged(pubsub, entries, log));
  const coa = createCoaClient({ dictionary, log, timeoutMs: options.coaTimeoutMs, attempts: options.coaAttempts });
  const leader = new Leader({ databaseUrl: options.databaseUrl, db, pool, pubsub, nasTable, templates, coa, v, log, onClosed: (s) => live.sessions(s) });

  const access = { v, subscribers, online, templates };
  const listener: Listener = await listen(options, nasTable, {
    async access(packet, nas) {
      const outcome = await handleAccessRequest(packet, nas, access);
      live.count(nas.routerId, outcome.log.result === 'ACCEPT' ? 'accepts' : outcome.log.result === 'BLOCKED' ? 'blocked' : 'rejects');
      authLog.add(nas, outcome.log);
      if (outcome.log.result === 'REJECT') log.info(`reject ${outcome.log.login || '(no User-Name)'} from ${nas.title}: ${outcome.log.reason}`, { method: outcome.log.method });
      return { code: outcome.code, attributes: outcome.attributes };
    },
    async accounting(packet, nas) {
      const parsed = parseAccounting(packet, nas, v, subscribers, templates);
      live.count(nas.routerId, 'accounting');
      if (!parsed.ok) {
        log.warn(`accounting from ${nas.title} not stored: ${parsed.reason}`);
        // Nothing we could store: an unknown status type is still acknowledged, a request without a session id is not.
        return parsed.reason.startsWith('Acct-Status-Type') ? { code: PacketCode.AccountingResponse, attributes: [] } : undefined;
      }
      await writer.submit(parsed.record);
      return { code: PacketCode.AccountingResponse, attributes: [] };
    },
  }, log);

  // Follow the rest of Backhaul: subscriber changes refresh the cache (and may need a CoA),
  // staff changes to routers, templates and settings reload those, staff ask for CoA.
  const stop = new AbortController();
  const follow = async <T>(events: AsyncIterable<T>, handle: (event: T) => Promise<unknown>) => {
    for await (const event of events) await handle(event).catch((error: Error) => log.warn('handling an event failed', { error: error.message }));
  };
  const following = Promise.allSettled([
    follow(pubsub.subscribe('SubscriberChanged', stop.signal), async (change) => {
      if (change.login) subscribers.forgetLogin(change.login);
      if (change.serviceId === null) return;
      const subscriber = await subscribers.refresh(change.serviceId);
      await leader.onSubscriberChanged(change.serviceId, subscriber);
    }),
    follow(pubsub.subscribe('AuditLogAdded', stop.signal), async (entry) => {
      if (entry.entity === 'Router') await nasTable.reload();
      if (entry.entity === 'RadiusTemplate' || entry.entity === 'Setting') await templates.reload();
    }),
    follow(pubsub.subscribe('SessionsChanged', stop.signal), async (event) => online.apply(event)),
    follow(pubsub.subscribe('CoaRequested', stop.signal), (request) => leader.onCoaRequested(request)),
  ]);
  const reload = setInterval(() => void templates.reload().catch(() => undefined), RELOAD_SETTINGS_EVERY_MS).unref();

  live.start();
  authLog.start();
  await leader.start();

  return {
    authPort: listener.authPort,
    acctPort: listener.acctPort,
    udp: listener.udp,
    leader,
    accountingSettled: () => writer.settled(),
    async close() {
      await listener.close();
      await writer.drain();
      clearInterval(reload);
      stop.abort();
      await following;
      await Promise.all([live.stop(), authLog.stop(), spool.stop(), leader.stop(), coa.close()]);
      nasTable.stop();
      await pubsub.close();
      await pool.end();
      await db.$disconnect();
    },
  };
}

/** Where spooled accounting goes unless RADIUS_SPOOL_DIR says otherwise. */
export function defaultSpoolDir(dataDir: string): string {
  return path.join(dataDir, 'radius-spool');
}
