import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAS, DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { decode, encodeResponse, PacketCode } from '../src/protocol/packet.ts';
import { startTestServer, type TestServer } from '../../server/test/support/server.ts';
import { collect, until, wsClient } from '../../server/test/support/subscriptions.ts';
import { eventually, radclient, startTestRadius, type TestRadius } from './support.ts';

/**
 * The README's promise, end to end: a radclient Accounting-Start shows in `onlineSessions`, and
 * `disconnectSession` reaches the NAS as a Disconnect-Request whose ACK comes back to the API.
 */
let api: TestServer;
let radius: TestRadius;
let nas: Socket;
let admin: string;
let disconnects = 0;
const SERVER_KEY = 'test-server-key-0123456789abcdef-0123456789';

beforeAll(async () => {
  api = await startTestServer({ coaTimeoutMs: 10_000 });
  await seedDemo(api.database.db, api.secrets);
  nas = createSocket('udp4');
  await new Promise<void>((resolve) => nas.bind(0, '127.0.0.1', resolve));
  nas.on('message', (datagram, from) => {
    const decoded = decode(datagram, DEMO_NAS.secret);
    if (!decoded.ok || decoded.packet.code !== PacketCode.DisconnectRequest) return;
    disconnects++;
    nas.send(encodeResponse(decoded.packet, PacketCode.DisconnectAck, [], DEMO_NAS.secret), from.port, from.address);
  });
  await api.database.db.router.update({ where: { nasIp: DEMO_NAS.nasIp }, data: { coaPort: nas.address().port } });
  radius = await startTestRadius(api.database.url, { serverKey: SERVER_KEY });
  admin = (await api.staff('Super administrator')).token;
  await eventually(async () => radius.leader.isLeader);
}, 120_000);

afterAll(async () => {
  nas?.close();
  await radius?.close();
  await api?.close();
});

describe('radclient → RADIUS → GraphQL', () => {
  it('shows an accounting start in onlineSessions and disconnects it through the API', async () => {
    const { pap } = DEMO_SUBSCRIBERS;
    const start = await radclient(
      radius.acctPort,
      'acct',
      `User-Name = "${pap.login}"\nAcct-Status-Type = Start\nAcct-Session-Id = "readme-1"\nFramed-IP-Address = ${pap.framedIp}\nCalling-Station-Id = "02:00:5E:10:00:09"`,
    );
    expect(start.code).toBe('Accounting-Response');
    await radius.accountingSettled(); // on disk when answered; in the database a moment later
    const online = await api.gql('{ onlineSessions(first: 10, filter: { login: "demo-pap" }) { totalCount edges { node { id login framedIp mac customer { name } } } } }', {}, admin);
    expect(online.body.data?.onlineSessions.totalCount).toBe(1);
    const session = online.body.data?.onlineSessions.edges[0].node;
    expect(session).toMatchObject({ login: pap.login, framedIp: pap.framedIp, mac: '02:00:5e:10:00:09', customer: { name: pap.customer } });

    const result = await api.gql(
      'mutation($id: ID!) { disconnectSession(id: $id) { __typename ... on DisconnectSessionSuccess { data { result attempts } } ... on DomainError { message } } }',
      { id: session.id },
      admin,
    );
    expect(result.body.data?.disconnectSession).toMatchObject({ data: { result: 'ACK', attempts: 1 } });
    expect(disconnects).toBe(1);
  });

  it('streams a reject with its reason to radiusLogAdded, then the row is in radiusLog', async () => {
    const { pap } = DEMO_SUBSCRIBERS;
    const client = wsClient(api, admin);
    type Added = { entryId: string; result: string; reason: string | null; login: string; customerId: number | null };
    const sub = collect<{ radiusLogAdded: Added[] }>(client, 'subscription { radiusLogAdded(batchMs: 100, filter: { result: [REJECT] }) { entryId result reason login customerId } }');
    // The server starts subscriptions asynchronously: publish a probe until it arrives, then send the real reject.
    const probe = { id: '0', result: 'REJECT' as const, reason: 'PROBE', login: 'probe', routerId: null, customerId: null, partnerId: null };
    const added = () => sub.received.flatMap((r) => r.radiusLogAdded).filter((e) => e.reason !== 'PROBE');
    await until(() => sub.received.length > 0, 'the subscription', 8000, () => api.pubsub.publish('RadiusLogged', { entries: [probe] }));
    const reply = await radclient(radius.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "wrong-password"`);
    expect(reply.code).toBe('Access-Reject');
    await until(() => added().length > 0, 'the live reject');
    const entry = added()[0]!;
    expect(entry).toMatchObject({ result: 'REJECT', reason: 'BAD_PASSWORD', login: pap.login });
    expect(entry.customerId).toEqual(expect.any(Number));
    const row = await api.gql('query($id: ID!) { node(id: $id) { ... on RadiusLogEntry { login result reason } } }', { id: entry.entryId }, admin);
    expect(row.body.data?.node).toEqual({ login: pap.login, result: 'REJECT', reason: 'BAD_PASSWORD' });
    sub.dispose();
    await client.dispose();
  });
});
