import { createSocket } from 'node:dgram';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { DEMO_NAS, DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { radclient, startTestRadius, TEST_SERVER_KEY, type TestRadius } from './support.ts';

/**
 * 100,000 hostile datagrams from a registered NAS (which requires Message-Authenticator, as
 * the BlastRADIUS advice says): random bytes, truncated headers, lengths that lie, attribute
 * chains that run off the end, oversized and unknown attributes, forged authenticators. None may
 * be answered, and the process must answer a real request correctly afterwards.
 */
let database: TestDatabase;
let radius: TestRadius;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, createSecretBox(TEST_SERVER_KEY));
  await database.db.router.update({ where: { nasIp: DEMO_NAS.nasIp }, data: { requireMessageAuthenticator: true } });
  radius = await startTestRadius(database.url);
}, 120_000);

afterAll(async () => {
  await radius?.close();
  await database?.drop();
});

/** One hostile datagram of a random kind. */
function hostile(): Buffer {
  const code = [1, 4, 12, 40, 43, randomInt(256)][randomInt(6)]!;
  switch (randomInt(6)) {
    case 0: // random bytes of random length
      return randomBytes(randomInt(0, 4200));
    case 1: // shorter than a header
      return Buffer.concat([Buffer.of(code), randomBytes(randomInt(0, 19))]);
    case 2: {
      // a length field that lies
      const packet = Buffer.concat([Buffer.of(code, randomInt(256), 0, 0), randomBytes(16), randomBytes(randomInt(0, 200))]);
      packet.writeUInt16BE(randomInt(0, 5000), 2);
      return packet;
    }
    case 3: {
      // attributes whose lengths run past the end, or are 0/1
      const attributes = Buffer.from([1, randomInt(0, 2), 0x61, 2, 255, 0x62]);
      return withLength(Buffer.concat([Buffer.of(code, randomInt(256), 0, 0), randomBytes(16), attributes]));
    }
    case 4: {
      // well-formed chains of unknown, vendor and oversized-looking attributes
      const attributes: Buffer[] = [];
      for (let i = randomInt(1, 30); i > 0; i--) {
        const value = randomBytes(randomInt(0, 253));
        attributes.push(Buffer.concat([Buffer.of(randomInt(1, 256), value.length + 2), value]));
      }
      return withLength(Buffer.concat([Buffer.of(code, randomInt(256), 0, 0), randomBytes(16), ...attributes]).subarray(0, 4096));
    }
    default: {
      // a forged Message-Authenticator
      return withLength(Buffer.concat([Buffer.of(code, randomInt(256), 0, 0), randomBytes(16), Buffer.of(80, 18), randomBytes(16), Buffer.of(1, 5), Buffer.from('bob')]));
    }
  }
}

function withLength(packet: Buffer): Buffer {
  packet.writeUInt16BE(packet.length, 2);
  return packet;
}

describe('100,000 hostile packets', () => {
  it('are never answered, and the process still answers correctly afterwards', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    let answers = 0;
    socket.on('message', () => answers++);
    const ports = [radius.authPort, radius.acctPort];
    for (let i = 0; i < 100_000; i++) {
      socket.send(hostile(), ports[i % 2]!, '127.0.0.1');
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1)); // paced, so most reach the process rather than overflow the socket
    }
    await new Promise((r) => setTimeout(r, 1_000));
    socket.close();
    expect(answers).toBe(0);

    const { pap } = DEMO_SUBSCRIBERS;
    const reply = await radclient(radius.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "${pap.password}"\nMessage-Authenticator = 0x00`);
    expect(reply.code).toBe('Access-Accept');
    expect((await radclient(radius.authPort, 'auth', `User-Name = "${pap.login}"\nUser-Password = "${pap.password}"`)).code).toBeUndefined(); // no Message-Authenticator: dropped
  }, 120_000);
});
