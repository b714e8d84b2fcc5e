/**
 * Hostile input: random, truncated and mutated datagrams must never make the codec throw, and
 * a packet protected by an authenticator must never decode once any octet of it has changed.
 * Deterministic (seeded), so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { captures, radclient } from './fixtures.ts';
import { decode, decodeResponse, type DecodeOptions, type DecodeResult, type RadiusPacket } from './packet.ts';
import { decodeValue } from './values.ts';

const dictionary = loadDictionary();

/** mulberry32: a small seeded PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Base {
  readonly name: string;
  readonly packet: Buffer;
  readonly secret: string;
  readonly options?: DecodeOptions;
}

/**
 * Requests whose every octet is covered by a Message-Authenticator or Request Authenticator.
 * Access-Requests are decoded as for a NAS that must send Message-Authenticator: without it an
 * Access-Request has no integrity at all, so a truncated one that lost it is, correctly, valid.
 */
const protectedRequests: readonly Base[] = [
  { name: 'radclient Access-Request', packet: radclient.accessRequest, secret: radclient.secret, options: { requireMessageAuthenticator: true } },
  { name: 'radclient Accounting-Request', packet: radclient.accountingRequest, secret: radclient.secret },
  { name: 'radclient CoA-Request', packet: radclient.coaRequest, secret: radclient.secret },
  { name: 'radclient Disconnect-Request', packet: radclient.disconnectRequest, secret: radclient.secret },
  { name: 'radclient Status-Server', packet: radclient.statusServerAuth, secret: radclient.secret },
  { name: 'Aruba Access-Request', packet: captures.arubaMacAuth, secret: captures.secret, options: { requireMessageAuthenticator: true } },
  { name: 'Cisco Accounting-Request', packet: captures.ciscoAccounting, secret: captures.secret },
  { name: 'Meraki EAP Access-Request', packet: captures.eapRequest, secret: captures.eapRequestSecret, options: { requireMessageAuthenticator: true } },
];

/** Calls `decode` and, when it succeeds, every value decoder on every attribute: none may throw. */
function decodeFully(datagram: Buffer, secret: string, options?: DecodeOptions): DecodeResult {
  const result = decode(datagram, secret, options);
  if (result.ok) readEverything(result.packet);
  return result;
}

function readEverything(packet: RadiusPacket): void {
  for (const attribute of packet.attributes) {
    const def = dictionary.byType(attribute.vendorId, attribute.type);
    if (def !== undefined) decodeValue(def, attribute.value);
  }
}

/** One random change to a copy of `packet`; the result may be shorter or longer. */
function mutate(packet: Buffer, next: () => number): Buffer {
  const pick = (n: number) => Math.floor(next() * n);
  const copy = Buffer.from(packet);
  switch (pick(6)) {
    case 0: {
      // Flip 1–3 bits anywhere.
      for (let i = 1 + pick(3); i > 0; i--) {
        const at = pick(copy.length);
        copy[at] = copy[at]! ^ (1 << pick(8));
      }
      return copy;
    }
    case 1: // Overwrite one octet with a random value.
      copy[pick(copy.length)] = pick(256);
      return copy;
    case 2: // Truncate the datagram (Length field unchanged).
      return copy.subarray(0, pick(copy.length));
    case 3: {
      // Truncate and make the Length field agree.
      const cut = Buffer.from(copy.subarray(0, 20 + pick(copy.length - 20)));
      cut.writeUInt16BE(cut.length, 2);
      return cut;
    }
    case 4: {
      // Insert a random (possibly malformed or unknown) attribute and fix the Length field.
      const value = Buffer.from(Array.from({ length: pick(20) }, () => pick(256)));
      const attribute = Buffer.concat([Buffer.of(1 + pick(255), pick(2) === 0 ? value.length + 2 : pick(256)), value]);
      const at = 20 + pick(copy.length - 19);
      const grown = Buffer.concat([copy.subarray(0, at), attribute, copy.subarray(at)]);
      grown.writeUInt16BE(Math.min(grown.length, 0xffff), 2);
      return grown;
    }
    default: {
      // Rewrite the Length field.
      copy.writeUInt16BE(pick(2) === 0 ? pick(0x10000) : Math.max(0, packet.length - 1 - pick(4)), 2);
      return copy;
    }
  }
}

/** Whether `mutated` still carries exactly the original packet (e.g. a bit flipped twice). */
function sameAsOriginal(mutated: Buffer, original: Buffer): boolean {
  return mutated.length >= original.length && mutated.readUInt16BE(2) === original.length && mutated.subarray(0, original.length).equals(original);
}

describe('decode under hostile input', () => {
  it('never throws and never accepts a changed protected request (8,000 mutations)', () => {
    const next = random(0x5eed);
    let accepted = 0;
    let checked = 0;
    for (let i = 0; i < 8_000; i++) {
      const base = protectedRequests[i % protectedRequests.length]!;
      const mutated = mutate(base.packet, next);
      let result: DecodeResult | undefined;
      expect(() => (result = decodeFully(mutated, base.secret, base.options)), `${base.name} #${i}: ${mutated.toString('hex')}`).not.toThrow();
      if (sameAsOriginal(mutated, base.packet)) continue;
      checked++;
      if (result?.ok) {
        accepted++;
        console.error(`accepted a mutated ${base.name}: ${mutated.toString('hex')}`);
      }
    }
    expect(checked).toBeGreaterThan(7_500);
    expect(accepted).toBe(0);
  });

  it('never throws on random datagrams and never accepts one when authenticators are required (2,000)', () => {
    const next = random(0xbad);
    const codes = [1, 4, 12, 40, 43, 2, 5, 0, 255];
    for (let i = 0; i < 2_000; i++) {
      let datagram: Buffer;
      if (i % 2 === 0) {
        // Pure noise of any length.
        datagram = Buffer.from(Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
      } else {
        // A plausible header and well-formed random attributes, some of them VSAs.
        const parts: Buffer[] = [];
        for (let n = Math.floor(next() * 12); n > 0; n--) {
          const value = Buffer.from(Array.from({ length: Math.floor(next() * 30) }, () => Math.floor(next() * 256)));
          if (next() < 0.3) {
            const vendor = [311, 14988, 9, 2636, 14122, 3561][Math.floor(next() * 6)]!;
            const sub = Buffer.concat([Buffer.of(1 + Math.floor(next() * 40), value.length + 2), value]);
            const header = Buffer.alloc(6);
            header[0] = 26;
            header[1] = 6 + sub.length;
            header.writeUInt32BE(vendor, 2);
            parts.push(header, sub);
          } else {
            parts.push(Buffer.of(1 + Math.floor(next() * 100), value.length + 2), value);
          }
        }
        const header = Buffer.alloc(20);
        header[0] = codes[Math.floor(next() * codes.length)]!;
        header[1] = Math.floor(next() * 256);
        for (let b = 4; b < 20; b++) header[b] = Math.floor(next() * 256);
        datagram = Buffer.concat([header, ...parts]);
        datagram.writeUInt16BE(Math.min(datagram.length, 0xffff), 2);
      }
      expect(() => decodeFully(datagram, 'secret')).not.toThrow();
      let strict: DecodeResult | undefined;
      expect(() => (strict = decodeFully(datagram, 'secret', { requireMessageAuthenticator: true }))).not.toThrow();
      expect(strict?.ok, datagram.toString('hex')).toBe(false);
    }
  });

  it('never throws on a changed reply and never accepts one (2,000 mutations)', () => {
    const next = random(0xacc);
    const request = decode(radclient.accessRequest, radclient.secret);
    if (!request.ok) throw new Error(request.reason);
    for (let i = 0; i < 2_000; i++) {
      const mutated = mutate(radclient.accessAccept, next);
      let result: DecodeResult | undefined;
      expect(() => (result = decodeResponse(mutated, request.packet, radclient.secret))).not.toThrow();
      if (result?.ok) readEverything(result.packet);
      if (!sameAsOriginal(mutated, radclient.accessAccept)) expect(result?.ok, mutated.toString('hex')).toBe(false);
    }
  });
});
