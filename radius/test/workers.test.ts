import { execFile, fork, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { TEST_SERVER_KEY } from './support.ts';

/**
 * The RADIUS process as `npm start` runs it (radius/src/main.ts), with two workers sharing the
 * ports: radclient's requests are all answered, and a second process on the same ports refuses
 * to start instead of quietly taking a share of the datagrams.
 */
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let database: TestDatabase;
let spoolDir: string;
let ports: { auth: number; acct: number };
const running: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, createSecretBox(TEST_SERVER_KEY));
  spoolDir = await mkdtemp(path.join(tmpdir(), 'backhaul-workers-'));
  ports = { auth: await freeUdpPort(), acct: await freeUdpPort() };
}, 120_000);

afterAll(async () => {
  await Promise.all(running.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
  await database?.drop();
  await rm(spoolDir, { recursive: true, force: true });
});

function start(): { child: ChildProcess; ready: Promise<'ready' | number> } {
  const child = fork(MAIN, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      SERVER_KEY: TEST_SERVER_KEY,
      RADIUS_HOST: '127.0.0.1',
      RADIUS_AUTH_PORT: String(ports.auth),
      RADIUS_ACCT_PORT: String(ports.acct),
      RADIUS_WORKERS: '2',
      RADIUS_SPOOL_DIR: spoolDir,
      LOG_LEVEL: 'warn',
    },
  });
  running.push(child);
  const ready = new Promise<'ready' | number>((resolve) => {
    child.on('message', (m: { ready?: boolean }) => m?.ready && resolve('ready'));
    child.once('exit', (code) => resolve(code ?? -1));
  });
  return { child, ready };
}

describe('the RADIUS process with two workers', () => {
  it('answers every request, and a second process on its ports refuses to start', { timeout: 90_000 }, async () => {
    const first = start();
    expect(await first.ready).toBe('ready');

    const { pap } = DEMO_SUBSCRIBERS;
    const requests = Array.from({ length: 60 }, () => `User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`).join('\n\n');
    const output = await new Promise<string>((resolve) => {
      const child = execFile('radclient', ['-x', '-p', '20', '-r', '2', '-t', '2', `127.0.0.1:${ports.auth}`, 'auth', 'testing123'], { timeout: 30_000 }, (_error, stdout, stderr) =>
        resolve(`${stdout}${stderr}`),
      );
      child.stdin?.end(`${requests}\n`);
    });
    expect(output.match(/Received Access-Accept/g)?.length).toBe(60);

    const second = start();
    let stderr = '';
    second.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await second.ready).toBe(1);
    expect(stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1 ports ${ports.auth}/${ports.acct}: .*Address already in use`));
  });
});

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
