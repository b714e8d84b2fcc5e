/**
 * Attribute values on the wire ⇄ JavaScript values, by dictionary data type (RFC 2865 §5,
 * RFC 8044). Decoding never throws: a value of the wrong length decodes to `undefined`, which
 * the handlers treat as an invalid request. Encoding throws `EncodeError`: its input is ours
 * (policy and database), so a bad value there is a bug or bad data to surface, not wire input.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AttributeDef, DataType } from '@backhaul/schema/radius/dictionary.ts';

/** A shared secret, as configured for a NAS. */
export type Secret = string | Buffer;

/** What `decodeValue` returns for each data type. */
export interface DecodedValues {
  string: string;
  octets: Buffer;
  ipaddr: string;
  ipv4prefix: string;
  ipv6addr: string;
  ipv6prefix: string;
  ifid: string;
  integer: number;
  integer64: bigint;
  byte: number;
  short: number;
  signed: number;
  date: Date;
  ether: string;
  abinary: Buffer;
  'combo-ip': string;
  tlv: Buffer;
  vsa: Buffer;
}

/** What `encodeValue` accepts for each data type (integers also take a dictionary VALUE name). */
export interface EncodableValues {
  string: string | Buffer;
  octets: Buffer | string;
  ipaddr: string;
  ipv4prefix: string;
  ipv6addr: string;
  ipv6prefix: string;
  ifid: string | Buffer;
  integer: number | string;
  integer64: bigint | number;
  byte: number;
  short: number;
  signed: number;
  date: Date | number;
  ether: string;
  abinary: Buffer;
  'combo-ip': string;
  tlv: Buffer;
  vsa: Buffer;
}

/** A value that cannot be put on the wire (wrong type, out of range, too long). */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

/**
 * Splits the RFC 2868 tag off a `has_tag` attribute's value. Integers always carry a tag octet
 * (their value is the remaining 3 octets); for strings the first octet is a tag only when it is
 * 0x01–0x1F (RFC 2868 §3.1: otherwise the whole field is the value).
 */
export function splitTag(def: AttributeDef, raw: Buffer): { readonly tag: number | undefined; readonly value: Buffer } {
  if (!def.hasTag || raw.length === 0) return { tag: undefined, value: raw };
  const first = raw[0]!;
  if (def.dataType === 'integer') return { tag: first, value: raw };
  if (first >= 0x01 && first <= 0x1f) return { tag: first, value: raw.subarray(1) };
  return { tag: undefined, value: raw };
}

/**
 * Decodes an attribute's raw value (as found on the wire, tag included) for its data type;
 * `undefined` when the length is wrong for the type. Encrypted attributes are not decoded here:
 * reveal them with pap.ts or mppe.ts, which have the secret and the authenticator.
 */
export function decodeValue<T extends DataType>(def: AttributeDef<T>, raw: Buffer): DecodedValues[T] | undefined;
export function decodeValue(def: AttributeDef, raw: Buffer): DecodedValues[DataType] | undefined {
  if (def.encrypt !== 0) return undefined;
  if (def.fixedLength !== undefined && raw.length !== def.fixedLength) return undefined;
  const value = splitTag(def, raw).value;
  const n = value.length;
  switch (def.dataType) {
    case 'string':
      return value.toString('utf8');
    case 'octets':
    case 'abinary':
    case 'tlv':
    case 'vsa':
      return value;
    case 'ipaddr':
      return n === 4 ? `${value[0]}.${value[1]}.${value[2]}.${value[3]}` : undefined;
    case 'ipv4prefix':
      // RFC 8044 §3.11: reserved, prefix-length, 4 octets.
      return n === 6 && value[1]! <= 32 ? `${value[2]}.${value[3]}.${value[4]}.${value[5]}/${value[1]}` : undefined;
    case 'ipv6addr':
      return n === 16 ? formatIpv6(value) : undefined;
    case 'ipv6prefix': {
      // RFC 3162 §2.3: reserved, prefix-length, then only as many prefix octets as needed.
      if (n < 2 || n > 18) return undefined;
      const length = value[1]!;
      if (length > 128 || n - 2 < Math.ceil(length / 8)) return undefined;
      const address = Buffer.alloc(16);
      value.copy(address, 0, 2);
      return `${formatIpv6(address)}/${length}`;
    }
    case 'ifid':
      return n === 8 ? value.toString('hex').replace(/(.{4})(?!$)/g, '$1:') : undefined;
    case 'integer':
      if (def.hasTag) return n === 4 ? value.readUIntBE(1, 3) : undefined;
      return n === 4 ? value.readUInt32BE(0) : undefined;
    case 'integer64':
      return n === 8 ? value.readBigUInt64BE(0) : undefined;
    case 'byte':
      return n === 1 ? value[0] : undefined;
    case 'short':
      return n === 2 ? value.readUInt16BE(0) : undefined;
    case 'signed':
      return n === 4 ? value.readInt32BE(0) : undefined;
    case 'date':
      return n === 4 ? new Date(value.readUInt32BE(0) * 1000) : undefined;
    case 'ether':
      return n === 6 ? value.toString('hex').replace(/(..)(?!$)/g, '$1:') : undefined;
    case 'combo-ip':
      return n === 4 ? `${value[0]}.${value[1]}.${value[2]}.${value[3]}` : n === 16 ? formatIpv6(value) : undefined;
  }
}

/**
 * Encodes a value for its attribute's data type, tag included when given. Encryption is the
 * packet encoder's job (it has the authenticator): this returns the cleartext value.
 */
export function encodeValue<T extends DataType>(def: AttributeDef<T>, value: EncodableValues[T], tag?: number): Buffer;
export function encodeValue(def: AttributeDef, value: EncodableValues[DataType], tag?: number): Buffer {
  if (tag !== undefined && (!def.hasTag || !Number.isInteger(tag) || tag < 0 || tag > 0x1f)) {
    throw new EncodeError(`${def.name}: tag ${tag} not allowed`);
  }
  const encoded = encodeUntagged(def, value);
  if (def.fixedLength !== undefined && encoded.length !== def.fixedLength) {
    throw new EncodeError(`${def.name}: must be ${def.fixedLength} octets, got ${encoded.length}`);
  }
  if (tag === undefined) return encoded;
  if (def.dataType === 'integer') {
    encoded[0] = tag;
    return encoded;
  }
  return Buffer.concat([Buffer.of(tag), encoded]);
}

/** Top-level rather than a closure per call: the encoder is on the hot path. */
function refuse(def: AttributeDef, value: unknown, why: string): never {
  throw new EncodeError(`${def.name}: ${why} (${typeof value === 'string' ? JSON.stringify(value) : String(value)})`);
}

function encodeUntagged(def: AttributeDef, value: EncodableValues[DataType]): Buffer {
  switch (def.dataType) {
    case 'string':
    case 'octets':
      if (typeof value === 'string') return Buffer.from(value, 'utf8');
      return Buffer.isBuffer(value) ? value : refuse(def, value, 'expected a string or a Buffer');
    case 'abinary':
    case 'tlv':
    case 'vsa':
    case 'ifid':
      if (Buffer.isBuffer(value)) return def.dataType === 'ifid' && value.length !== 8 ? refuse(def, value, 'expected 8 octets') : value;
      if (def.dataType === 'ifid' && typeof value === 'string') {
        const hex = value.replace(/:/g, '');
        return /^[0-9a-fA-F]{16}$/.test(hex) ? Buffer.from(hex, 'hex') : refuse(def, value, 'expected an interface id');
      }
      return refuse(def, value, 'expected a Buffer');
    case 'ipaddr':
      return typeof value === 'string' && isIPv4(value) ? Buffer.from(value.split('.').map(Number)) : refuse(def, value, 'expected an IPv4 address');
    case 'combo-ip':
      if (typeof value === 'string' && isIPv4(value)) return Buffer.from(value.split('.').map(Number));
      return typeof value === 'string' && isIPv6(value) ? parseIpv6(value) : refuse(def, value, 'expected an IP address');
    case 'ipv4prefix': {
      const [address, length] = typeof value === 'string' ? value.split('/') : [];
      const bits = Number(length);
      if (address === undefined || !isIPv4(address) || !Number.isInteger(bits) || bits < 0 || bits > 32) return refuse(def, value, 'expected an IPv4 prefix');
      return Buffer.from([0, bits, ...address.split('.').map(Number)]);
    }
    case 'ipv6addr':
      return typeof value === 'string' && isIPv6(value) ? parseIpv6(value) : refuse(def, value, 'expected an IPv6 address');
    case 'ipv6prefix': {
      const [address, length] = typeof value === 'string' ? value.split('/') : [];
      const bits = Number(length);
      if (address === undefined || !isIPv6(address) || !Number.isInteger(bits) || bits < 0 || bits > 128) return refuse(def, value, 'expected an IPv6 prefix');
      const octets = Math.ceil(bits / 8);
      return Buffer.concat([Buffer.of(0, bits), parseIpv6(address).subarray(0, octets)]);
    }
    case 'integer': {
      const number = typeof value === 'string' ? def.values.get(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > (def.hasTag ? 0xffffff : 0xffffffff)) {
        return refuse(def, value, typeof value === 'string' ? 'unknown VALUE name' : 'expected an unsigned 32-bit integer');
      }
      const out = Buffer.allocUnsafe(4);
      out.writeUInt32BE(number, 0);
      return out;
    }
    case 'integer64': {
      const big = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
      if (big === undefined || big < 0n || big > 0xffffffffffffffffn) return refuse(def, value, 'expected an unsigned 64-bit integer');
      const out = Buffer.allocUnsafe(8);
      out.writeBigUInt64BE(big, 0);
      return out;
    }
    case 'byte':
    case 'short': {
      const max = def.dataType === 'byte' ? 0xff : 0xffff;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) return refuse(def, value, 'out of range');
      const out = Buffer.allocUnsafe(def.dataType === 'byte' ? 1 : 2);
      out.writeUIntBE(value, 0, out.length);
      return out;
    }
    case 'signed': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) return refuse(def, value, 'out of range');
      const out = Buffer.allocUnsafe(4);
      out.writeInt32BE(value, 0);
      return out;
    }
    case 'date': {
      const seconds = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) return refuse(def, value, 'expected a date');
      const out = Buffer.allocUnsafe(4);
      out.writeUInt32BE(seconds, 0);
      return out;
    }
    case 'ether': {
      const hex = typeof value === 'string' ? value.replace(/[:.-]/g, '') : '';
      return /^[0-9a-fA-F]{12}$/.test(hex) ? Buffer.from(hex, 'hex') : refuse(def, value, 'expected a MAC address');
    }
  }
}

/** RFC 5952 text form of a 16-octet IPv6 address (longest run of zero groups compressed). */
export function formatIpv6(address: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(address.readUInt16BE(i));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** 16 octets of a textual IPv6 address already checked with `isIPv6` (IPv4-suffixed forms too). */
export function parseIpv6(text: string): Buffer {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const suffix = body.slice(lastColon + 1);
  if (suffix.includes('.')) {
    // The last 32 bits written as dotted IPv4 (`::ffff:192.0.2.1`).
    const [a = 0, b = 0, c = 0, d = 0] = suffix.split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const [head = '', rest] = body.split('::');
  const left = head === '' ? [] : head.split(':').map((g) => Number.parseInt(g, 16));
  const right = rest === undefined || rest === '' ? [] : rest.split(':').map((g) => Number.parseInt(g, 16));
  const missing = 8 - tail.length - left.length - right.length;
  const groups = rest === undefined ? [...left, ...tail] : [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}
