/**
 * PAP: User-Password hiding, RFC 2865 §5.2 (the dictionaries' `encrypt=1`), both ways.
 * The same scheme protects MS-CHAP-MPPE-Keys in replies (RFC 2548 §2.4.1).
 *
 *   b1 = MD5(S + RA)      c(1) = p1 xor b1
 *   bi = MD5(S + c(i-1))  c(i) = pi xor bi
 *
 * S is the shared secret, RA the Request Authenticator, p the password padded with NULs to a
 * multiple of 16 octets (at most 128).
 */
import { timingSafeEqual } from 'node:crypto';
import { EncodeError, type Secret } from './values.ts';
import { md5 } from './digest.ts';

const BLOCK = 16;
/** RFC 2865 §5.2: "The String field is between 16 and 128 octets long, inclusive." */
const MAX_HIDDEN = 128;

/** Hides a password (or any `encrypt=1` value) for the given Request Authenticator. */
export function hidePassword(password: Buffer | string, secret: Secret, authenticator: Buffer): Buffer {
  const clear = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (clear.length > MAX_HIDDEN) throw new EncodeError(`a hidden value is at most ${MAX_HIDDEN} octets, got ${clear.length}`);
  const out = Buffer.alloc(Math.max(BLOCK, Math.ceil(clear.length / BLOCK) * BLOCK));
  clear.copy(out);
  let previous = authenticator;
  for (let offset = 0; offset < out.length; offset += BLOCK) {
    const b = md5(secret, previous);
    for (let i = 0; i < BLOCK; i++) out[offset + i] = out[offset + i]! ^ b[i]!;
    previous = out.subarray(offset, offset + BLOCK);
  }
  return out;
}

/**
 * Reveals a hidden password: the cleartext without its NUL padding, or `undefined` when the
 * field is not 16–128 octets in whole blocks (a malformed attribute, RFC 2865 §5.2).
 */
export function revealPassword(hidden: Buffer, secret: Secret, authenticator: Buffer): Buffer | undefined {
  if (hidden.length < BLOCK || hidden.length > MAX_HIDDEN || hidden.length % BLOCK !== 0) return undefined;
  const out = Buffer.allocUnsafe(hidden.length);
  let previous = authenticator;
  for (let offset = 0; offset < hidden.length; offset += BLOCK) {
    const b = md5(secret, previous);
    for (let i = 0; i < BLOCK; i++) out[offset + i] = hidden[offset + i]! ^ b[i]!;
    previous = hidden.subarray(offset, offset + BLOCK);
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/**
 * Whether a hidden User-Password is `expected`. Compares in constant time for a given length
 * (the length of a PAP password is visible on the wire anyway, to the nearest 16 octets).
 */
export function checkPassword(hidden: Buffer, secret: Secret, authenticator: Buffer, expected: Buffer | string): boolean {
  const revealed = revealPassword(hidden, secret, authenticator);
  if (revealed === undefined) return false;
  const wanted = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected;
  return revealed.length === wanted.length && timingSafeEqual(revealed, wanted);
}
