/**
 * `npm start`: the whole stack on one machine. PostgreSQL (embedded under ./data unless
 * DATABASE_URL is set), migrations, the demo ISP on first start, then the GraphQL server, the
 * RADIUS process, the console and the portal as child processes. Ctrl-C stops them all.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { createDb, withDatabase } from '@backhaul/prisma/db';
import { startEmbeddedPostgres } from '@backhaul/prisma/embedded';
import { applyMigrations } from '@backhaul/prisma/migrate';
import { DEMO_NAS, DEMO_STAFF, DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = z.coerce.number().int().min(1).max(65_535);
const parsed = z
  .object({
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }).optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
    DATA_DIR: z.string().default(path.join(root, 'data')),
    PG_PORT: port.default(5433),
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(4000),
    CONSOLE_PORT: port.default(4001),
    PORTAL_PORT: port.default(4002),
    RADIUS_HOST: z.string().optional(),
    RADIUS_AUTH_PORT: port.default(1812),
    RADIUS_ACCT_PORT: port.default(1813),
    SERVER_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .safeParse(process.env);
if (!parsed.success) {
  console.error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(2);
}
const env = parsed.data;
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopDatabase = async () => undefined as void;
let stopping = false;

const step = (n: number, text: string) => console.log(`[${n}/6] ${text}`);

async function main() {
  const started = Date.now();
  await mkdir(env.DATA_DIR, { recursive: true });
  const serverKey = env.SERVER_KEY ?? (await loadOrCreateKey(path.join(env.DATA_DIR, 'server.key')));

  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    step(1, `PostgreSQL: using DATABASE_URL (${new URL(databaseUrl).host})`);
  } else {
    const dataDir = path.join(env.DATA_DIR, 'postgres');
    const first = !existsSync(path.join(dataDir, 'PG_VERSION'));
    step(1, `PostgreSQL: ${first ? 'initialising' : 'starting'} the embedded server in ${path.relative(root, dataDir) || dataDir} on port ${env.PG_PORT}`);
    const db = await startEmbeddedPostgres({ dataDir, port: env.PG_PORT });
    stopDatabase = db.stop;
    databaseUrl = withDatabase(db.url, 'backhaul');
    await ensureDatabase(db.url, 'backhaul');
  }

  const { applied } = await applyMigrations(databaseUrl);
  step(2, applied.length ? `migrations: applied ${applied.join(', ')}` : 'migrations: up to date');

  const db = createDb(databaseUrl, { max: 4 });
  const seeded = await seedDemo(db, createSecretBox(serverKey));
  await db.$disconnect();
  step(3, seeded ? 'demo ISP: created (first start)' : 'demo ISP: already there');

  const childEnv = { ...process.env, DATABASE_URL: databaseUrl, SERVER_KEY: serverKey, LOG_LEVEL: env.LOG_LEVEL };
  const apiUrl = `http://${env.HOST}:${env.PORT}`;
  const radiusHost = env.RADIUS_HOST ?? env.HOST;
  const consoleUrl = `http://${env.HOST}:${env.CONSOLE_PORT}`;
  const portalUrl = `http://${env.HOST}:${env.PORTAL_PORT}`;
  step(4, 'starting the GraphQL server and the RADIUS process');
  await Promise.all([
    startNode('server', path.join(root, 'server/src/main.ts'), { ...childEnv, HOST: env.HOST, PORT: String(env.PORT), CORS_ORIGINS: `${consoleUrl},${portalUrl}` }),
    startNode('radius', path.join(root, 'radius/src/main.ts'), {
      ...childEnv,
      RADIUS_HOST: radiusHost,
      RADIUS_AUTH_PORT: String(env.RADIUS_AUTH_PORT),
      RADIUS_ACCT_PORT: String(env.RADIUS_ACCT_PORT),
      RADIUS_SPOOL_DIR: process.env.RADIUS_SPOOL_DIR ?? path.join(env.DATA_DIR, 'radius-spool'),
    }),
  ]);

  step(5, 'building the console and the portal where their sources changed');
  for (const app of ['console', 'portal']) await buildIfStale(app);
  step(6, 'starting the console and the portal');
  const webEnv = { ...process.env, HOST: env.HOST, PUBLIC_API_URL: `${apiUrl}/graphql` };
  await Promise.all([
    startWeb('console', { ...webEnv, PORT: String(env.CONSOLE_PORT), ORIGIN: consoleUrl }, consoleUrl),
    startWeb('portal', { ...webEnv, PORT: String(env.PORTAL_PORT), ORIGIN: portalUrl }, portalUrl),
  ]);

  console.log(`
Backhaul is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

  NOC console      ${consoleUrl}
  Customer portal  ${portalUrl}
  GraphQL API      ${apiUrl}/graphql   (open it in a browser for the GraphQL IDE; WebSocket on the same URL)
  Health           ${apiUrl}/healthz

  Demo staff login   ${DEMO_STAFF.username} / ${DEMO_STAFF.password}
  RADIUS             ${radiusHost} auth ${env.RADIUS_AUTH_PORT}, accounting ${env.RADIUS_ACCT_PORT}
  Demo RADIUS NAS    ${DEMO_NAS.nasIp}, shared secret ${DEMO_NAS.secret}
                     try: radtest ${DEMO_SUBSCRIBERS.pap.login} ${DEMO_SUBSCRIBERS.pap.password} ${radiusHost}:${env.RADIUS_AUTH_PORT} 0 ${DEMO_NAS.secret}
  Database           ${env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${path.relative(root, env.DATA_DIR) || env.DATA_DIR}`}

Press Ctrl-C to stop.`);
}

async function loadOrCreateKey(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function ensureDatabase(serverUrl: string, name: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** A TypeScript process of ours; resolves when it reports ready over IPC. */
function startNode(name: string, file: string, childEnv: NodeJS.ProcessEnv): Promise<void> {
  const child = fork(file, [], { env: childEnv, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return watch(name, child, (resolve) => child.on('message', (m: { ready?: unknown }) => m?.ready && resolve()));
}

/** A built SvelteKit app; resolves when it answers HTTP. */
function startWeb(name: string, childEnv: NodeJS.ProcessEnv, url: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, name, 'build')], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  return watch(name, child, (resolve) => {
    const poll = async () => {
      if (await fetch(url).then(() => true, () => false)) resolve();
      else setTimeout(poll, 100);
    };
    void poll();
  });
}

function watch(name: string, child: ChildProcess, ready: (resolve: () => void) => void): Promise<void> {
  children.push({ name, child });
  return new Promise((resolve, reject) => {
    ready(resolve);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const why = `${name} stopped (${signal ?? `exit code ${code}`})`;
      reject(new Error(why));
      console.error(why);
      void shutdown(1);
    });
  });
}

async function buildIfStale(app: string) {
  const built = path.join(root, app, 'build', 'index.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = await newestMtime([path.join(root, app, 'src'), path.join(root, app, 'static'), path.join(root, app, 'package.json'), path.join(root, app, 'svelte.config.js'), path.join(root, app, 'vite.config.ts')]);
  if (builtAt > newest) return;
  const t = Date.now();
  process.stdout.write(`      building ${app}… `);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent', '-w', `@backhaul/${app}`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (d) => (errors += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building ${app} failed:\n${errors}`))));
  });
  console.log(`done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = await stat(p);
    if (s.isDirectory()) {
      const entries = await readdir(p);
      newest = Math.max(newest, await newestMtime(entries.map((e) => path.join(p, e))));
    } else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await stopDatabase().catch((e: Error) => console.error(`stopping PostgreSQL: ${e.message}`));
  console.log('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: Error) => {
  console.error(`could not start: ${error.message}`);
  void shutdown(1);
});
