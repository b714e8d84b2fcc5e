import { mkdtemp, readdir, readFile, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, withDatabase } from '@backhaul/prisma/db';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '@backhaul/prisma/embedded';
import { applyMigrations } from '@backhaul/prisma/migrate';
import { DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { eventually, radclient, startTestRadius, TEST_SERVER_KEY, type TestRadius } from './support.ts';

/**
 * PostgreSQL goes away under a running RADIUS process: known subscribers keep logging in from
 * the cache, accounting is acknowledged only once it is on disk, and everything spooled reaches
 * the database when it is back — nothing lost.
 */
let work: string;
let port: number;
let server: EmbeddedDatabase;
let url: string;
let radius: TestRadius;

const startServer = () => startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'backhaul-pg-down-'));
  await chmod(work, 0o755);
  port = await freePort();
  server = await startServer();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE backhaul');
  await admin.end();
  url = withDatabase(server.url, 'backhaul');
  await applyMigrations(url);
  const db = createDb(url);
  await seedDemo(db, createSecretBox(TEST_SERVER_KEY));
  await db.$disconnect();
  radius = await startTestRadius(url);
}, 180_000);

afterAll(async () => {
  await radius?.close();
  await server?.stop().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

const { pap } = DEMO_SUBSCRIBERS;
const device = 'AA:BB:CC:00:00:10';
const session = (status: string, id: string, extra = '') =>
  `User-Name = "${pap.login}"\nAcct-Status-Type = ${status}\nAcct-Session-Id = "${id}"\nFramed-IP-Address = ${pap.framedIp}\nCalling-Station-Id = "${device}"${extra}`;

describe('with PostgreSQL down', () => {
  it('authenticates from the cache, spools accounting to disk, and replays all of it when the database returns', async () => {
    expect((await radclient(radius.acctPort, 'acct', session('Start', 'down-1'))).code).toBe('Accounting-Response');
    await server.stop();

    const login = await radclient(radius.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nCalling-Station-Id = "${device}"`);
    expect(login.code).toBe('Access-Accept');
    expect(login.attributes.get('Framed-IP-Address')).toEqual([pap.framedIp]);

    for (const [status, id, extra] of [
      ['Interim-Update', 'down-1', '\nAcct-Input-Octets = 7000\nAcct-Session-Time = 300'],
      ['Start', 'down-2', ''],
      ['Stop', 'down-1', '\nAcct-Input-Octets = 9000\nAcct-Session-Time = 360\nAcct-Terminate-Cause = Lost-Carrier'],
    ] as const) {
      expect((await radclient(radius.acctPort, 'acct', session(status, id, extra))).code).toBe('Accounting-Response');
    }
    // Every acknowledged record is on disk: in the journal, or already handed to the spool.
    const onDisk = await Promise.all(
      (await readdir(radius.spoolDir)).filter((f) => f.endsWith('.jsonl') || f.endsWith('.open')).map((f) => readFile(path.join(radius.spoolDir, f), 'utf8')),
    );
    const lines = onDisk.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { acctSessionId: string; status: string });
    expect(lines.map((r) => `${r.acctSessionId} ${r.status}`)).toEqual(expect.arrayContaining(['down-1 INTERIM', 'down-2 START', 'down-1 STOP']));

    server = await startServer();
    const db = createDb(url);
    try {
      const stopped = await eventually(() => db.radiusSession.findFirst({ where: { acctSessionId: 'down-1', stoppedAt: { not: null } } }), 20_000);
      expect(stopped).toMatchObject({ inputOctets: 9000n, sessionTime: 360, terminateCause: 'Lost-Carrier' });
      expect(await db.radiusSession.findFirst({ where: { acctSessionId: 'down-2', stoppedAt: null } })).not.toBeNull();
      const traffic = await db.trafficDaily.findFirstOrThrow({ where: { serviceId: stopped.serviceId! } });
      expect(traffic.inputOctets).toBe(9000n);
      await eventually(async () => (await readdir(radius.spoolDir)).filter((f) => f.endsWith('.jsonl')).length === 0, 10_000);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});
