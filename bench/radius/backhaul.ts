/**
 * Our RADIUS server as a benchmark target: the subscribers become services in a fresh database
 * (one customer each, on one tariff, on the NAS 127.0.0.1), and radius/src/main.ts runs as in
 * production — its own process, one worker per core — on free loopback ports.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createSecretBox } from '../../schema/src/shared/secrets.ts';
import type { BenchContext } from '../lib/benchmark.ts';
import { freeUdpPort, waitForRadius } from './probe.ts';
import type { Subscriber } from './subscribers.ts';
import type { Target } from './target.ts';

export interface BackhaulTargetOptions {
  /** A migrated, empty database of the run's own (bench/lib/postgres.ts). */
  readonly databaseUrl: string;
  /** Every subscriber the run uses (see bench/radius.ts). */
  readonly subscribers: readonly Subscriber[];
}

const SECRET = 'bench-radius-secret';
const SERVER_KEY = 'bench-radius-server-key-0123456789abcdef';
const CHUNK = 5_000;

export async function startBackhaulTarget(context: BenchContext, options: BackhaulTargetOptions): Promise<Target> {
  await seed(options.databaseUrl, options.subscribers);
  const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
  const spoolDir = await mkdtemp(path.join(tmpdir(), 'backhaul-bench-spool-'));
  const child = fork(fileURLToPath(new URL('../../radius/src/main.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      SERVER_KEY,
      RADIUS_HOST: '127.0.0.1',
      RADIUS_AUTH_PORT: String(authPort),
      RADIUS_ACCT_PORT: String(acctPort),
      RADIUS_SPOOL_DIR: spoolDir,
      LOG_LEVEL: 'warn',
    },
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `the Backhaul RADIUS process exited (${signal ?? code})`));
  const stop = async () => {
    if (exited === undefined) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    }
    await rm(spoolDir, { recursive: true, force: true });
  };
  context.defer(stop);
  const target: Target = {
    name: 'backhaul',
    host: '127.0.0.1',
    authPort,
    acctPort,
    secret: SECRET,
    pids: child.pid === undefined ? [] : [child.pid],
    async recordedSessions(ids) {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM "RadiusSession" WHERE "acctSessionId" = ANY($1)', [ids]);
        return Number(rows[0]?.n ?? 0);
      } finally {
        await client.end();
      }
    },
    stop,
  };
  await waitForRadius(target, { timeoutMs: 60_000, exited: () => exited });
  return target;
}

/** The NAS, one tariff, and a customer with a PPPoE service per subscriber, in bulk. */
async function seed(databaseUrl: string, subscribers: readonly Subscriber[]): Promise<void> {
  const secrets = createSecretBox(SERVER_KEY);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const partner = await client.query<{ id: number }>(`INSERT INTO "Partner" (name, "updatedAt") VALUES ('Bench ISP', now()) RETURNING id`);
    const router = await client.query<{ id: number }>(
      `INSERT INTO "Router" (title, ip, "nasIp", "radiusSecretEnc", "updatedAt") VALUES ('bench NAS', '127.0.0.1', '127.0.0.1', $1, now()) RETURNING id`,
      [secrets.seal(SECRET)],
    );
    const tariff = await client.query<{ id: number }>(
      `INSERT INTO "Tariff" (name, "downloadKbps", "uploadKbps", price, "updatedAt") VALUES ('Bench 100M', 100000, 20000, 30, now()) RETURNING id`,
    );
    for (let i = 0; i < subscribers.length; i += CHUNK) {
      const chunk = subscribers.slice(i, i + CHUNK);
      await client.query(
        `WITH c AS (
           INSERT INTO "Customer" ("partnerId", status, name, "updatedAt")
           SELECT $1, 'ACTIVE', n, now() FROM unnest($2::text[]) AS n RETURNING id, name
         )
         INSERT INTO "Service" ("customerId", "tariffId", login, "passwordEnc", mac, "routerId", status, "updatedAt")
         SELECT c.id, $3, s.login, s.password, s.mac, $4, 'ACTIVE', now()
         FROM c JOIN unnest($2::text[], $5::text[], $6::text[]) AS s(login, password, mac) ON s.login = c.name`,
        [partner.rows[0]!.id, chunk.map((s) => s.name), tariff.rows[0]!.id, router.rows[0]!.id, chunk.map((s) => secrets.seal(s.password)), chunk.map((s) => s.mac)],
      );
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
