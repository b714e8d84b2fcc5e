/**
 * The RADIUS process. With RADIUS_WORKERS > 1 (default: one per CPU core but one) the primary forks
 * that many workers. They share the UDP ports: each binds sockets of its own to them and the
 * kernel spreads the datagrams over the workers at random (udp.ts; where the batched addon is
 * not built, node:cluster shares one socket instead). Each worker is a full instance, as if
 * several RADIUS servers ran side by side. One of them leads (see leader.ts).
 */
import cluster from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { defaultSpoolDir, startRadius } from './instance.ts';
import { defaultWorkers } from './workers.ts';
import { reservePort } from './udp.ts';

const port = z.coerce.number().int().min(0).max(65_535);
const config = z
  .object({
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
    SERVER_KEY: z.string().min(32, 'must be at least 32 characters (decrypts NAS secrets and passwords)'),
    RADIUS_HOST: z.string().min(1).default('0.0.0.0'),
    RADIUS_AUTH_PORT: port.default(1812),
    RADIUS_ACCT_PORT: port.default(1813),
    RADIUS_WORKERS: z.coerce.number().int().min(1).max(64).default(defaultWorkers()),
    RADIUS_SPOOL_DIR: z.string().min(1).default(defaultSpoolDir(path.resolve(fileURLToPath(new URL('../../data', import.meta.url))))),
    RADIUS_UDP: z.enum(['auto', 'dgram']).default('auto'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Set by the primary for its workers: how many of them share the ports. */
    BACKHAUL_RADIUS_GROUP: z.coerce.number().int().min(1).optional(),
  })
  .safeParse(process.env);
if (!config.success) {
  console.error(`invalid configuration:\n${config.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(2);
}
const env = config.data;

if (cluster.isPrimary && env.RADIUS_WORKERS > 1) {
  const log = createLog('radius', env.LOG_LEVEL);
  let ready = 0;
  let stopping = false;
  let workerEnv: Record<string, string> = {};
  try {
    const authPort = reservePort(env.RADIUS_HOST, env.RADIUS_AUTH_PORT, env.RADIUS_UDP);
    const acctPort = reservePort(env.RADIUS_HOST, env.RADIUS_ACCT_PORT, env.RADIUS_UDP);
    if (authPort !== null && acctPort !== null) {
      workerEnv = { BACKHAUL_RADIUS_GROUP: String(env.RADIUS_WORKERS), RADIUS_AUTH_PORT: String(authPort), RADIUS_ACCT_PORT: String(acctPort) };
    }
  } catch (error) {
    log.error(`cannot listen on ${env.RADIUS_HOST} ports ${env.RADIUS_AUTH_PORT}/${env.RADIUS_ACCT_PORT}: ${(error as Error).message}`);
    process.exit(1);
  }
  const fork = () => {
    const worker = cluster.fork(workerEnv);
    worker.on('message', (m: { ready?: unknown }) => {
      if (m?.ready && ++ready === env.RADIUS_WORKERS) {
        log.info(`${env.RADIUS_WORKERS} workers ready`);
        process.send?.({ ready: true });
      }
    });
  };
  for (let i = 0; i < env.RADIUS_WORKERS; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const deadline = setTimeout(() => process.exit(1), 10_000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearTimeout(deadline);
        process.exit(0);
      }
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else {
  const log = createLog(cluster.isWorker ? `radius ${cluster.worker?.id}` : 'radius', env.LOG_LEVEL);
  const radius = await startRadius({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    serverKey: env.SERVER_KEY,
    host: env.RADIUS_HOST,
    authPort: env.RADIUS_AUTH_PORT,
    acctPort: env.RADIUS_ACCT_PORT,
    spoolDir: env.RADIUS_SPOOL_DIR,
    udp: env.RADIUS_UDP,
    group: env.BACKHAUL_RADIUS_GROUP,
    log,
  });
  process.send?.({ ready: true });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await radius.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
