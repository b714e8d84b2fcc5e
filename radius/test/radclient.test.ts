import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { DEMO_NAS, DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import type { ServerPubSub } from '@backhaul/schema/events/transports/fanout.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { generateNtResponse, ntPasswordHash } from '../src/protocol/mschap.ts';
import { eventually, radclient, startTestRadius, TEST_SERVER_KEY, type TestRadius } from './support.ts';

/**
 * The RADIUS process with FreeRADIUS's radclient as the NAS, over the demo ISP: every
 * authentication method, the decisions, accounting with its idempotency, and the packets it
 * must never answer.
 */
let database: TestDatabase;
let radius: TestRadius;
let pubsub: ServerPubSub;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, createSecretBox(TEST_SERVER_KEY));
  radius = await startTestRadius(database.url);
  pubsub = await createPubSub({ databaseUrl: database.url, log: { info() {}, warn() {}, error() {}, debug() {} } });
}, 120_000);

afterAll(async () => {
  await pubsub?.close();
  await radius?.close();
  await database?.drop();
});

const auth = (attributes: string, secret?: string) => radclient(radius.authPort, 'auth', attributes, secret);
/** An Accounting-Request; once answered, what it recorded is on disk, and this waits until it is in the database too. */
const acct = async (attributes: string, secret?: string) => {
  const reply = await radclient(radius.acctPort, 'acct', attributes, secret);
  await radius.accountingSettled();
  return reply;
};
const { pap, mschap, mac } = DEMO_SUBSCRIBERS;

/** The RADIUS log entry `request` caused (the log is written in batches, a few times a second). */
async function logged<T>(login: string, request: () => Promise<T>) {
  const before = (await database.db.radiusAuthLog.aggregate({ _max: { id: true } }))._max.id ?? 0n;
  const result = await request();
  const entry = await eventually(() => database.db.radiusAuthLog.findFirst({ where: { login, id: { gt: before } }, orderBy: { id: 'desc' } }));
  return { result, entry };
}

/** Changes a service or its customer and tells the RADIUS process, as the GraphQL mutations do. */
async function changeSubscriber(login: string, change: () => Promise<unknown>) {
  await change();
  const service = await database.db.service.findUniqueOrThrow({ where: { login } });
  await pubsub.publish('SubscriberChanged', { serviceId: service.id, customerId: service.customerId, login });
  await new Promise((r) => setTimeout(r, 300));
}

/** Stores RADIUS settings and tells the RADIUS process, as updateRadiusSettings does. */
async function changeSettings(value: object) {
  await database.db.setting.upsert({ where: { key: 'radius' }, create: { key: 'radius', value }, update: { value } });
  await pubsub.publish('AuditLogAdded', { id: '0', action: 'radius.settings.update', entity: 'Setting', entityId: 'radius', customerId: null, partnerId: null });
  await new Promise((r) => setTimeout(r, 300));
}

describe('authentication', () => {
  it('accepts PAP with the service static address, the MikroTik rate limit, interim interval and Class', async () => {
    const { result: reply, entry } = await logged(pap.login, () => auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nMessage-Authenticator = 0x00`));
    expect(reply.code).toBe('Access-Accept');
    expect(reply.attributes.get('Framed-IP-Address')).toEqual([pap.framedIp]);
    expect(reply.attributes.get('Mikrotik-Rate-Limit')?.[0]).toMatch(/^\d+k\/\d+k/);
    expect(reply.attributes.get('Acct-Interim-Interval')).toEqual(['300']);
    expect(reply.attributes.get('Class')?.[0]).toMatch(/^0x/);
    expect(reply.attributes.has('Message-Authenticator')).toBe(true);
    expect(reply.attributes.has('Framed-Pool')).toBe(false);
    expect(entry).toMatchObject({ result: 'ACCEPT', method: 'PAP', reason: null });
  });

  it('replies with Huawei and Juniper ERX (BNG) attributes when the NAS type’s template names them', async () => {
    const nas = await database.db.router.findFirstOrThrow({ where: { nasIp: '127.0.0.1' } });
    const template = `Framed-IP-Address = {framedIp}
Huawei-Input-Average-Rate = {uploadBps}
Huawei-Output-Average-Rate = {downloadBps}
ERX-Qos-Profile-Name = "rate-{downloadKbps}k"`;
    await database.db.radiusTemplate.upsert({
      where: { vendor_purpose: { vendor: 'OTHER', purpose: 'ACCEPT' } },
      create: { vendor: 'OTHER', purpose: 'ACCEPT', attributes: template },
      update: { attributes: template },
    });
    await database.db.router.update({ where: { id: nas.id }, data: { vendor: 'OTHER' } });
    try {
      await pubsub.publish('AuditLogAdded', { id: '0', action: 'router.update', entity: 'Router', entityId: String(nas.id), customerId: null, partnerId: null });
      await pubsub.publish('AuditLogAdded', { id: '0', action: 'radius.template.update', entity: 'RadiusTemplate', entityId: 'OTHER', customerId: null, partnerId: null });
      const reply = await eventually(async () => {
        const r = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`);
        return r.attributes.has('Huawei-Input-Average-Rate') && r;
      });
      const service = await database.db.service.findUniqueOrThrow({ where: { login: pap.login }, include: { tariff: true } });
      // radclient decodes them with FreeRADIUS's own dictionaries, as the NAS would.
      expect(reply.attributes.get('Huawei-Output-Average-Rate')).toEqual([String(service.tariff.downloadKbps * 1000)]);
      expect(reply.attributes.get('Huawei-Input-Average-Rate')).toEqual([String(service.tariff.uploadKbps * 1000)]);
      expect(reply.attributes.get('ERX-Qos-Profile-Name')).toEqual([`rate-${service.tariff.downloadKbps}k`]);
      expect(reply.attributes.has('Mikrotik-Rate-Limit')).toBe(false);
    } finally {
      await database.db.router.update({ where: { id: nas.id }, data: { vendor: nas.vendor } });
      await pubsub.publish('AuditLogAdded', { id: '0', action: 'router.update', entity: 'Router', entityId: String(nas.id), customerId: null, partnerId: null });
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  it('rejects a wrong PAP password without telling why, and logs the reason', async () => {
    const { result: reply, entry } = await logged(pap.login, () => auth(`User-Name = "${pap.login}"\nUser-Password = "not-the-password"`));
    expect(reply.code).toBe('Access-Reject');
    expect(reply.attributes.has('Reply-Message')).toBe(false);
    expect(entry).toMatchObject({ result: 'REJECT', reason: 'BAD_PASSWORD' });
  });

  it('accepts CHAP and rejects a wrong CHAP password', async () => {
    expect((await auth(`User-Name = "${pap.login}"\nCHAP-Password = "${pap.password}"`)).code).toBe('Access-Accept');
    expect((await auth(`User-Name = "${pap.login}"\nCHAP-Password = "wrong"`)).code).toBe('Access-Reject');
  });

  it('accepts MS-CHAPv1 (radtest -t mschap) with MPPE keys, and gives a pool when there is no static address', async () => {
    const reply = await auth(`User-Name = "${mschap.login}"\nMS-CHAP-Password = "${mschap.password}"`);
    expect(reply.code).toBe('Access-Accept');
    expect(reply.attributes.has('MS-CHAP-MPPE-Keys')).toBe(true);
    expect(reply.attributes.get('Framed-Pool')?.[0]).toBeTruthy();
    expect(reply.attributes.has('Framed-IP-Address')).toBe(false);
    expect((await auth(`User-Name = "${mschap.login}"\nMS-CHAP-Password = "wrong"`)).code).toBe('Access-Reject');
  });

  it('leases a pool address to a service without a static one, once, when the settings say so, and its customer is found by it', async () => {
    const login = `User-Name = "${mschap.login}"\nMS-CHAP-Password = "${mschap.password}"`;
    await changeSettings({ poolAddresses: 'BACKHAUL' });
    const first = await auth(login);
    expect(first.code).toBe('Access-Accept');
    const address = first.attributes.get('Framed-IP-Address')?.[0];
    expect(address).toMatch(/^100\.64\./); // the demo NAS's CGNAT pool
    expect(first.attributes.has('Framed-Pool')).toBe(false);
    const lease = await database.db.ipAssignment.findFirstOrThrow({ where: { kind: 'DYNAMIC', service: { login: mschap.login } } });
    expect(lease.address).toBe(address);
    const owner = await database.db.service.findUniqueOrThrow({ where: { login: mschap.login }, select: { customer: { select: { searchText: true } } } });
    expect(owner.customer.searchText.split(' ')).toContain(address); // the console's search box finds the customer by the leased address
    expect((await auth(login)).attributes.get('Framed-IP-Address')).toEqual([address]);
    expect(await database.db.ipAssignment.count({ where: { kind: 'DYNAMIC', service: { login: mschap.login } } })).toBe(1);

    await changeSettings({});
    const nasPool = await auth(login);
    expect(nasPool.attributes.has('Framed-IP-Address')).toBe(false);
    expect(nasPool.attributes.get('Framed-Pool')?.[0]).toBeTruthy();
  });

  it('accepts MS-CHAPv2 with MS-CHAP2-Success and both MPPE keys', async () => {
    const challenge = randomBytes(16);
    const peerChallenge = randomBytes(16);
    const ntResponse = generateNtResponse(challenge, peerChallenge, mschap.login, ntPasswordHash(mschap.password));
    const response = Buffer.concat([Buffer.of(7, 0), peerChallenge, Buffer.alloc(8), ntResponse]);
    const reply = await auth(`User-Name = "${mschap.login}"\nMS-CHAP-Challenge = 0x${challenge.toString('hex')}\nMS-CHAP2-Response = 0x${response.toString('hex')}`);
    expect(reply.code).toBe('Access-Accept');
    expect(reply.attributes.get('MS-CHAP2-Success')?.[0]).toMatch(/^0x07533d/i); // ident 7, "S="
    expect(reply.attributes.has('MS-MPPE-Send-Key')).toBe(true);
    expect(reply.attributes.has('MS-MPPE-Recv-Key')).toBe(true);
    const wrong = Buffer.from(response);
    wrong[30] = wrong[30]! ^ 1;
    const rejected = await auth(`User-Name = "${mschap.login}"\nMS-CHAP-Challenge = 0x${challenge.toString('hex')}\nMS-CHAP2-Response = 0x${wrong.toString('hex')}`);
    expect(rejected.code).toBe('Access-Reject');
    expect(rejected.attributes.get('MS-CHAP-Error')?.[0]).toContain('E=691');
  });

  it.each([
    ['MikroTik DHCP', '02:00:5E:10:00:01'],
    ['Cisco', '0200.5e10.0001'],
    ['UBNT', '02005e100001'],
  ])('accepts MAC authentication in the %s format', async (_vendor, spelled) => {
    const { result: reply, entry } = await logged(spelled, () => auth(`User-Name = "${spelled}"\nUser-Password = "${spelled}"`));
    expect(reply.code).toBe('Access-Accept');
    expect(entry).toMatchObject({ method: 'MAC', result: 'ACCEPT' });
  });

  it('accepts a hotspot login (PAP with the MAC in Calling-Station-Id)', async () => {
    const reply = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nCalling-Station-Id = "${mac.mac}"\nNAS-Port-Type = Wireless-802.11`);
    expect(reply.code).toBe('Access-Accept');
  });

  it('rejects unknown logins and unknown MACs', async () => {
    const user = await logged('nobody-here', () => auth('User-Name = "nobody-here"\nUser-Password = "x"'));
    expect(user.result.code).toBe('Access-Reject');
    expect(user.entry).toMatchObject({ reason: 'UNKNOWN_USER' });
    const mac = await logged('02:00:00:00:00:99', () => auth('User-Name = "02:00:00:00:00:99"'));
    expect(mac.result.code).toBe('Access-Reject');
    expect(mac.entry).toMatchObject({ reason: 'UNKNOWN_MAC' });
  });

  it('rejects a disabled service with the reason in Reply-Message, and accepts it again once re-enabled', async () => {
    await changeSubscriber(pap.login, () => database.db.service.update({ where: { login: pap.login }, data: { status: 'DISABLED' } }));
    const reply = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`);
    expect(reply.code).toBe('Access-Reject');
    expect(reply.attributes.get('Reply-Message')?.[0]).toMatch(/disabled/);
    await changeSubscriber(pap.login, () => database.db.service.update({ where: { login: pap.login }, data: { status: 'ACTIVE' } }));
    expect((await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`)).code).toBe('Access-Accept');
  });

  it('accepts a blocked customer into the blocked address list, at the blocked speed', async () => {
    const service = await database.db.service.findUniqueOrThrow({ where: { login: pap.login } });
    await changeSubscriber(pap.login, () => database.db.customer.update({ where: { id: service.customerId }, data: { status: 'BLOCKED' } }));
    const { result: reply, entry } = await logged(pap.login, () => auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`));
    expect(reply.code).toBe('Access-Accept');
    expect(reply.attributes.get('Mikrotik-Address-List')).toEqual(['backhaul-blocked']);
    expect(reply.attributes.get('Mikrotik-Rate-Limit')).toEqual(['512k/512k']);
    expect(entry).toMatchObject({ result: 'BLOCKED' });
    await changeSubscriber(pap.login, () => database.db.customer.update({ where: { id: service.customerId }, data: { status: 'ACTIVE' } }));
  });

  it("records when the NAS was last heard from", async () => {
    await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`);
    const nas = await eventually(() => database.db.router.findFirst({ where: { nasIp: DEMO_NAS.nasIp, lastPacketAt: { not: null } } }), 15_000);
    expect(Date.now() - nas.lastPacketAt!.getTime()).toBeLessThan(30_000);
    expect(await database.db.router.count({ where: { nasIp: { not: DEMO_NAS.nasIp }, lastPacketAt: { not: null } } })).toBe(0);
  });

  it('answers Status-Server', async () => {
    const reply = await radclient(radius.authPort, 'status', 'Message-Authenticator = 0x00');
    expect(reply.code).toBe('Access-Accept');
  });
});

describe('what is never answered', () => {
  it('drops a request with the wrong shared secret', async () => {
    const reply = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nMessage-Authenticator = 0x00`, 'not-the-secret');
    expect(reply.code).toBeUndefined();
    expect((await acct(`User-Name = "${pap.login}"\nAcct-Status-Type = Start\nAcct-Session-Id = "wrong-secret"`, 'not-the-secret')).code).toBeUndefined();
    expect(await database.db.radiusSession.count({ where: { acctSessionId: 'wrong-secret' } })).toBe(0);
  });

  it('drops packets from an address that is not a registered NAS', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.2', resolve));
    let answered = false;
    socket.on('message', () => (answered = true));
    // A well-formed Status-Server would be answered from a known NAS.
    socket.send(Buffer.concat([Buffer.of(12, 1, 0, 20), randomBytes(16)]), radius.authPort, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
    socket.close();
    expect(answered).toBe(false);
  });
});

describe('accounting', () => {
  const session = (status: string, id: string, extra = '') =>
    `User-Name = "${pap.login}"\nAcct-Status-Type = ${status}\nAcct-Session-Id = "${id}"\nNAS-Port-Id = "pppoe-1"\nFramed-IP-Address = ${pap.framedIp}\nCalling-Station-Id = "AA:BB:CC:00:00:01"${extra}`;

  it('records start, interim (with gigawords) and stop, and sums the traffic per service per day', async () => {
    expect((await acct(session('Start', 'acct-1'))).code).toBe('Accounting-Response');
    const started = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-1' } });
    expect(started).toMatchObject({ login: pap.login, framedIp: pap.framedIp, stoppedAt: null, mac: 'aa:bb:cc:00:00:01' });
    expect(started.serviceId).not.toBeNull();

    await acct(session('Interim-Update', 'acct-1', '\nAcct-Input-Octets = 1000\nAcct-Input-Gigawords = 1\nAcct-Output-Octets = 5000\nAcct-Session-Time = 300'));
    const interim = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-1' } });
    expect(interim.inputOctets).toBe(2n ** 32n + 1000n);
    expect(interim.sessionTime).toBe(300);

    await acct(session('Stop', 'acct-1', '\nAcct-Input-Octets = 2000\nAcct-Input-Gigawords = 1\nAcct-Output-Octets = 9000\nAcct-Session-Time = 400\nAcct-Terminate-Cause = User-Request'));
    const stopped = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-1' } });
    expect(stopped.stoppedAt).not.toBeNull();
    expect(stopped.terminateCause).toBe('User-Request');
    const traffic = await database.db.trafficDaily.findMany({ where: { serviceId: started.serviceId! } });
    expect(traffic).toHaveLength(1);
    expect(traffic[0]).toMatchObject({ inputOctets: 2n ** 32n + 2000n, outputOctets: 9000n });
  });

  it('is idempotent: duplicates and late retransmits change nothing', async () => {
    await acct(session('Start', 'acct-2'));
    await acct(session('Interim-Update', 'acct-2', '\nAcct-Input-Octets = 500\nAcct-Session-Time = 60'));
    await acct(session('Interim-Update', 'acct-2', '\nAcct-Input-Octets = 500\nAcct-Session-Time = 60'));
    await acct(session('Start', 'acct-2'));
    await acct(session('Stop', 'acct-2', '\nAcct-Input-Octets = 800\nAcct-Session-Time = 90'));
    await acct(session('Stop', 'acct-2', '\nAcct-Input-Octets = 800\nAcct-Session-Time = 90'));
    await acct(session('Interim-Update', 'acct-2', '\nAcct-Input-Octets = 500\nAcct-Session-Time = 60'));
    const rows = await database.db.radiusSession.findMany({ where: { acctSessionId: 'acct-2' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ inputOctets: 800n, sessionTime: 90 });
    expect(rows[0]!.stoppedAt).not.toBeNull();
  });

  it('shows an interim for an unseen session as online, and Accounting-On closes the NAS sessions', async () => {
    await acct(session('Interim-Update', 'acct-3', '\nAcct-Session-Time = 120'));
    const row = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-3' } });
    expect(row.stoppedAt).toBeNull();
    expect(Date.now() - row.startedAt.getTime()).toBeGreaterThanOrEqual(119_000);
    await acct(`Acct-Status-Type = Accounting-On\nNAS-IP-Address = ${DEMO_NAS.nasIp}`);
    const closed = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-3' } });
    expect(closed).toMatchObject({ terminateCause: 'NAS-Reboot' });
    expect(closed.stoppedAt).not.toBeNull();
  });

  it('closes sessions that missed their interim updates as stale', async () => {
    await acct(session('Start', 'acct-4'));
    await database.db.radiusSession.updateMany({ where: { acctSessionId: 'acct-4' }, data: { updatedAt: new Date(Date.now() - 3_600_000) } });
    await eventually(async () => radius.leader.isLeader);
    expect(await radius.leader.sweep()).toBeGreaterThanOrEqual(1);
    expect(await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'acct-4' } })).toMatchObject({ terminateCause: 'Stale' });
  });

  it('samples the online sessions of every NAS each minute, zeros included', async () => {
    await acct(session('Start', 'acct-6'));
    await eventually(async () => radius.leader.isLeader);
    await radius.leader.sample();
    await radius.leader.sample(); // the same minute again: replaced, not added
    const nas = await database.db.router.findFirstOrThrow({ where: { nasIp: DEMO_NAS.nasIp } });
    const onlineNow = await database.db.radiusSession.count({ where: { routerId: nas.id, stoppedAt: null } });
    expect(onlineNow).toBeGreaterThanOrEqual(1);
    const samples = await database.db.onlineSample.findMany();
    const minute = Math.max(...samples.map((x) => x.at.getTime()));
    const latest = samples.filter((x) => x.at.getTime() === minute);
    expect(latest).toHaveLength(await database.db.router.count());
    expect(latest.find((x) => x.routerId === nas.id)?.online).toBe(onlineNow);
    expect(latest.some((x) => x.online === 0)).toBe(true);
    expect(minute % 60_000).toBe(0);
    await acct(session('Stop', 'acct-6'));
  });

  it('enforces the simultaneous-use limit from the online sessions, but lets the same device reconnect', async () => {
    await acct(session('Start', 'acct-5'));
    await new Promise((r) => setTimeout(r, 100));
    const otherDevice = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nCalling-Station-Id = "AA:BB:CC:00:00:02"`);
    expect(otherDevice.code).toBe('Access-Reject');
    expect(otherDevice.attributes.get('Reply-Message')?.[0]).toMatch(/simultaneous/);
    const sameDevice = await auth(`User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nCalling-Station-Id = "AA:BB:CC:00:00:01"`);
    expect(sameDevice.code).toBe('Access-Accept');
    await acct(session('Stop', 'acct-5'));
  });
});

describe('with node:dgram instead of the batched UDP addon (where it is not built)', () => {
  it('authenticates and stores accounting the same way', async () => {
    const fallback = await startTestRadius(database.url, { udp: 'dgram' });
    try {
      expect([fallback.udp, radius.udp]).toEqual(['dgram', process.platform === 'linux' ? 'batched' : 'dgram']);
      const reply = await radclient(fallback.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`);
      expect(reply.code).toBe('Access-Accept');
      expect(reply.attributes.get('Framed-IP-Address')).toEqual([pap.framedIp]);
      expect((await radclient(fallback.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "wrong"`)).code).toBe('Access-Reject');
      const id = `dgram-${randomBytes(4).toString('hex')}`;
      expect((await radclient(fallback.acctPort, 'acct', `User-Name = "${pap.login}"\nAcct-Status-Type = Start\nAcct-Session-Id = "${id}"`)).code).toBe('Accounting-Response');
      await fallback.accountingSettled();
      expect(await database.db.radiusSession.findFirst({ where: { acctSessionId: id } })).toMatchObject({ login: pap.login, stoppedAt: null });
    } finally {
      await fallback.close();
    }
  });
});
