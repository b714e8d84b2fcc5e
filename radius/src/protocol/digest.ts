/**
 * MD5, SHA-1 and HMAC-MD5 over the concatenation of their parts, or over a prefix of a buffer
 * (`…Range`). The hot path computes several digests of a few dozen bytes per request: the parts
 * are joined in one reused buffer, and the digest goes into a small pooled Buffer, or straight
 * into the caller's (`…Range`: a packet is signed in place). The native addon
 * (radius/native/radius_crypto.c, OpenSSL as Node.js carries it) does the hashing where it is
 * built; node:crypto otherwise, which returns every digest in an ArrayBuffer of its own and
 * costs the garbage collector more than the hashing itself.
 */
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';

type Part = Buffer | string;

export interface NativeCrypto {
  /** The digest of `input[0..length)` into `out` at `at` (default 0). */
  md5(input: Buffer, length: number, out: Buffer, at?: number): void;
  sha1(input: Buffer, length: number, out: Buffer, at?: number): void;
  /** HMAC-MD5 of `input[0..length)` into `out` at `at`, with the key's 64-octet inner and outer pads. */
  hmacMd5(innerPad: Buffer, outerPad: Buffer, input: Buffer, length: number, out: Buffer, at?: number): void;
  /** RFC 2759 §8.5 ChallengeResponse into `out` (24 octets). */
  challengeResponse(challenge: Buffer, ntHash: Buffer, out: Buffer): void;
}

/** The addon, or null where it is not built (mschap.ts then uses des.js). */
export const nativeCrypto = ((): NativeCrypto | null => {
  try {
    return createRequire(import.meta.url)('../../native/build/Release/radius_crypto.node') as NativeCrypto;
  } catch {
    return null;
  }
})();

export function md5(...parts: Part[]): Buffer {
  const out = Buffer.allocUnsafe(16);
  const length = join(parts); // before reading `scratch`: joining may replace it with a larger buffer
  digestRange('md5', scratch, length, out, 0);
  return out;
}

export function sha1(...parts: Part[]): Buffer {
  const out = Buffer.allocUnsafe(20);
  const length = join(parts);
  digestRange('sha1', scratch, length, out, 0);
  return out;
}

/** HMAC-MD5 (RFC 2104) with `key`, which is at most 64 octets here (a RADIUS shared secret). */
export function hmacMd5(key: Part, ...parts: Part[]): Buffer {
  const out = Buffer.allocUnsafe(16);
  const length = join(parts);
  hmacMd5Range(key, scratch, length, out, 0);
  return out;
}

/** MD5 of `input[0..length)` into `out` at `at`. */
export function md5Range(input: Buffer, length: number, out: Buffer, at: number): void {
  digestRange('md5', input, length, out, at);
}

/** HMAC-MD5 with `key` of `input[0..length)` into `out` at `at`. */
export function hmacMd5Range(key: Part, input: Buffer, length: number, out: Buffer, at: number): void {
  const [inner, outer] = padsOf(key);
  if (nativeCrypto) return nativeCrypto.hmacMd5(inner, outer, input, length, out, at);
  const innerDigest = hash('md5', Buffer.concat([inner, input.subarray(0, length)]), 'buffer');
  hash('md5', Buffer.concat([outer, innerDigest]), 'buffer').copy(out, at);
}

const pads = new Map<Part, [Buffer, Buffer]>();
function padsOf(key: Part): [Buffer, Buffer] {
  let both = pads.get(key);
  if (!both) {
    let bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (bytes.length > 64) bytes = hash('md5', bytes, 'buffer'); // not md5(): the scratch may hold the message already
    const inner = Buffer.alloc(64, 0x36);
    const outer = Buffer.alloc(64, 0x5c);
    for (let i = 0; i < bytes.length; i++) {
      inner[i]! ^= bytes[i]!;
      outer[i]! ^= bytes[i]!;
    }
    if (pads.size >= 1_000) pads.clear(); // secrets are few; strings from elsewhere must not grow it
    pads.set(key, (both = [inner, outer]));
  }
  return both;
}

function digestRange(algorithm: 'md5' | 'sha1', input: Buffer, length: number, out: Buffer, at: number): void {
  if (nativeCrypto) nativeCrypto[algorithm](input, length, out, at);
  else hash(algorithm, input.subarray(0, length), 'buffer').copy(out, at);
}

/**
 * The parts side by side at the start of one reused buffer; returns their length. Hashing is
 * synchronous, so the buffer is free again as soon as the digest is taken.
 */
let scratch = Buffer.allocUnsafe(1024);
function join(parts: Part[]): number {
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  if (length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
  let offset = 0;
  for (const part of parts) {
    if (typeof part === 'string') offset += scratch.write(part, offset);
    else {
      scratch.set(part, offset); // TypedArray#set: Buffer#copy checks and slices on every call
      offset += part.length;
    }
  }
  return offset;
}
