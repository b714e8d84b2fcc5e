/**
 * The whole stack for browser tests, started exactly as a person starts it (`npm start`, i.e.
 * server/src/stack.ts), as a child process: its own embedded PostgreSQL in a scratch directory,
 * the demo ISP, the API, the RADIUS process and the built console and portal, all on free ports
 * so a developer's own `npm start` can keep running. e2e imports no project source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS = path.join(ROOT, 'e2e/results');

export interface StackInfo {
  apiUrl: string;
  graphqlUrl: string;
  consoleUrl: string;
  radius: { host: string; authPort: number; acctPort: number };
  /** Where the stack's output went. */
  logFile: string;
}

export interface RunningStack extends StackInfo {
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port nobody listens on right now (RADIUS). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export interface StackOptions {
  timeoutMs?: number;
  /** More environment for server/src/stack.ts, e.g. DATABASE_URL and SERVER_KEY of a database prepared beforehand. */
  env?: Record<string, string>;
  /** Where the stack's output goes (default e2e/results/stack.log). */
  logFile?: string;
}

/**
 * Starts the stack and resolves once it prints that it is running. The first start in a clone
 * builds the console and the portal (about a minute on two cores); later ones reuse the builds.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'backhaul-e2e-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must reach its directory.
  await chmod(dataDir, 0o755);
  const [pgPort, port, consolePort, portalPort, authPort, acctPort] = await Promise.all([
    freeTcpPort(),
    freeTcpPort(),
    freeTcpPort(),
    freeTcpPort(),
    freeUdpPort(),
    freeUdpPort(),
  ]);
  const host = '127.0.0.1';
  const logFile = options.logFile ?? path.join(RESULTS, 'stack.log');
  await mkdir(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/stack.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PG_PORT: String(pgPort),
      HOST: host,
      PORT: String(port),
      CONSOLE_PORT: String(consolePort),
      PORTAL_PORT: String(portalPort),
      RADIUS_AUTH_PORT: String(authPort),
      RADIUS_ACCT_PORT: String(acctPort),
      RADIUS_WORKERS: '1',
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the stack did not start within ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Backhaul is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the stack stopped while starting (${signal ?? `exit code ${code}`}); see ${logFile}`));
      });
    });
  } catch (error) {
    // A stack that failed to start must not keep its processes or its scratch directory.
    await stop();
    throw error;
  }

  const apiUrl = `http://${host}:${port}`;
  return {
    apiUrl,
    graphqlUrl: `${apiUrl}/graphql`,
    consoleUrl: `http://${host}:${consolePort}`,
    radius: { host, authPort, acctPort },
    logFile,
    stop,
  };
}
