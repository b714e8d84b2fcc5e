/**
 * MD5, SHA-1 and HMAC-MD5 over the concatenation of their parts. The hot path computes several
 * digests of a few dozen bytes per request: the parts are joined in one reused buffer, and the
 * digest goes into a small pooled Buffer. The native addon (radius/native/radius_crypto.c,
 * OpenSSL as Node.js carries it) does the hashing where it is built; node:crypto otherwise,
 * which returns every digest in an ArrayBuffer of its own and costs the garbage collector more
 * than the hashing itself.
 */
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';

type Part = Buffer | string;

export interface NativeCrypto {
  md5(input: Buffer, length: number, out: Buffer): void;
  sha1(input: Buffer, length: number, out: Buffer): void;
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
  return digest('md5', 16, parts);
}

export function sha1(...parts: Part[]): Buffer {
  return digest('sha1', 20, parts);
}

/** HMAC-MD5 (RFC 2104) with `key`, which is at most 64 octets here (a RADIUS shared secret). */
export function hmacMd5(key: Part, ...parts: Part[]): Buffer {
  const [inner, outer] = padsOf(key);
  return md5(outer, md5(inner, ...parts));
}

const pads = new Map<Part, [Buffer, Buffer]>();
function padsOf(key: Part): [Buffer, Buffer] {
  let both = pads.get(key);
  if (!both) {
    let bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (bytes.length > 64) bytes = md5(bytes);
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

function digest(algorithm: 'md5' | 'sha1', size: number, parts: Part[]): Buffer {
  const input = join(parts);
  if (!nativeCrypto) return hash(algorithm, input, 'buffer');
  const out = Buffer.allocUnsafe(size);
  nativeCrypto[algorithm](input, input.length, out);
  return out;
}

/** The parts side by side in one reused buffer (hashing is synchronous, so it is free again at once). */
let scratch = Buffer.allocUnsafe(1024);
function join(parts: Part[]): Buffer {
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only !== undefined && typeof only !== 'string') return only;
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
  return scratch.subarray(0, offset);
}
