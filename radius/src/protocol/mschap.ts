/**
 * MS-CHAPv1 (RFC 2433) and MS-CHAPv2 (RFC 2759) as a RADIUS server checks them (RFC 2548 §2.3):
 * NT password hash, challenge response, the authenticator response that goes back in
 * MS-CHAP2-Success, and verification of a peer's response against the cleartext password (or
 * a stored NT hash).
 *
 * MD4 and DES — decision: pure JavaScript, from two small, widely used npm packages, not
 * `--openssl-legacy-provider`.
 * - Node 20's OpenSSL 3 refuses both (`digital envelope routines::unsupported`). The flag works,
 *   but it has to reach every process that runs this code: the radius process, every Vitest
 *   worker, the benchmarks, any script. Forgetting it in one place breaks MS-CHAP at run time
 *   and nowhere else; the packages work everywhere with no flag.
 * - `js-md4` (MIT, emn178) and `des.js` (MIT, indutny; the DES behind browserify's crypto).
 *   Only their pure-JS entry points are used: `md4.arrayBuffer()`, because js-md4's top-level
 *   `md4(message)` hands off to node:crypto under Node and fails exactly like OpenSSL does.
 * - Speed is no concern: one MS-CHAPv2 check is two MD4s, three DES blocks and two SHA-1s,
 *   a few microseconds; the tests run the RFC 2759 §9.2 vectors through both packages.
 * SHA-1 and MD5 come from node:crypto, which OpenSSL 3 still allows.
 */
import { timingSafeEqual } from 'node:crypto';
import des from 'des.js';
import md4 from 'js-md4';
import { nativeCrypto, sha1 } from './digest.ts';

/** MD4, pure JS (see the header). */
export function md4Digest(data: Uint8Array): Buffer {
  return Buffer.from(md4.arrayBuffer(data));
}

/** RFC 2759 §8.3 NtPasswordHash: MD4 of the password in UTF-16LE (what Windows calls Unicode). */
export function ntPasswordHash(password: string): Buffer {
  return md4Digest(Buffer.from(password, 'utf16le'));
}

/** RFC 2759 §8.4 HashNtPasswordHash: MD4 of the NT hash (kept with the hash: a subscriber's is the same at every login). */
const hashHashes = new WeakMap<Buffer, Buffer>();
export function hashNtPasswordHash(passwordHash: Buffer): Buffer {
  let hashHash = hashHashes.get(passwordHash);
  if (!hashHash) hashHashes.set(passwordHash, (hashHash = md4Digest(passwordHash)));
  return hashHash;
}

/** RFC 2759 §8.2 ChallengeHash: the first 8 octets of SHA1(PeerChallenge + AuthenticatorChallenge + UserName). */
export function challengeHash(peerChallenge: Buffer, authenticatorChallenge: Buffer, userName: string | Buffer): Buffer {
  return sha1(peerChallenge, authenticatorChallenge, userName).subarray(0, 8);
}

/** RFC 2759 §8.5 ChallengeResponse: the 8-octet challenge DES-encrypted under three 7-octet slices of the 21-octet zero-padded hash. */
export function challengeResponse(challenge: Buffer, passwordHash: Buffer): Buffer {
  if (!nativeCrypto) return challengeResponseInJs(challenge, passwordHash);
  const response = Buffer.allocUnsafe(24);
  nativeCrypto.challengeResponse(challenge, passwordHash, response);
  return response;
}

/** The same with des.js, where the addon is not built. */
export function challengeResponseInJs(challenge: Buffer, passwordHash: Buffer): Buffer {
  const response = Buffer.allocUnsafe(24);
  const ciphers = desCiphers(passwordHash);
  for (let i = 0; i < 3; i++) response.set(ciphers[i]!.update(challenge), 8 * i);
  return response;
}

type DesCipher = ReturnType<typeof des.DES.create>;
/** The three DES key schedules of an NT hash: the same for every request of a subscriber, so kept with the hash. */
const schedules = new WeakMap<Buffer, DesCipher[]>();
function desCiphers(passwordHash: Buffer): DesCipher[] {
  let ciphers = schedules.get(passwordHash);
  if (!ciphers) {
    const key = Buffer.alloc(21);
    passwordHash.copy(key, 0, 0, 16);
    ciphers = [desCipher(key.subarray(0, 7)), desCipher(key.subarray(7, 14)), desCipher(key.subarray(14, 21))];
    schedules.set(passwordHash, ciphers);
  }
  return ciphers;
}

/** RFC 2759 §8.1 GenerateNTResponse, from the NT hash. */
export function generateNtResponse(authenticatorChallenge: Buffer, peerChallenge: Buffer, userName: string | Buffer, passwordHash: Buffer): Buffer {
  return challengeResponse(challengeHash(peerChallenge, authenticatorChallenge, userName), passwordHash);
}

const AUTH_MAGIC_1 = Buffer.from('Magic server to client signing constant', 'ascii');
const AUTH_MAGIC_2 = Buffer.from('Pad to make it do more than one iteration', 'ascii');

/** RFC 2759 §8.7 GenerateAuthenticatorResponse: `S=` and 40 upper-case hex digits. */
export function generateAuthenticatorResponse(
  passwordHash: Buffer,
  ntResponse: Buffer,
  peerChallenge: Buffer,
  authenticatorChallenge: Buffer,
  userName: string | Buffer,
): string {
  return authenticatorResponse(passwordHash, ntResponse, challengeHash(peerChallenge, authenticatorChallenge, userName));
}

function authenticatorResponse(passwordHash: Buffer, ntResponse: Buffer, challenge: Buffer): string {
  const first = sha1(hashNtPasswordHash(passwordHash), ntResponse, AUTH_MAGIC_1);
  return `S=${sha1(first, challenge, AUTH_MAGIC_2).toString('hex').toUpperCase()}`;
}

/**
 * The user name that goes into ChallengeHash: RFC 2759 §8.2 uses the name "excluding any
 * prepended domain name", so `DOMAIN\user` becomes `user`. Other forms (`user@realm`,
 * `host/pc.example`) are used as they are, as Windows does. Pass the User-Name octets rather
 * than a decoded string when they may not be valid UTF-8: the hash is over octets.
 */
export function msChapUserName<T extends string | Buffer>(userName: T): T {
  const slash = userName.lastIndexOf('\\');
  return (slash < 0 ? userName : userName.slice(slash + 1)) as T;
}

/** The password to check against: cleartext, or an NT hash stored instead of it. */
export type MsChapCredential = { readonly password: string } | { readonly ntHash: Buffer };

function ntHashOf(credential: MsChapCredential): Buffer {
  return 'password' in credential ? ntPasswordHash(credential.password) : credential.ntHash;
}

/** MS-CHAP2-Response (RFC 2548 §2.3.2): Ident, Flags, Peer-Challenge(16), Reserved(8), Response(24). */
export interface MsChap2Response {
  readonly ident: number;
  readonly flags: number;
  readonly peerChallenge: Buffer;
  readonly ntResponse: Buffer;
}

/** Splits an MS-CHAP2-Response value; `undefined` unless it is exactly 50 octets. */
export function parseMsChap2Response(value: Buffer): MsChap2Response | undefined {
  if (value.length !== 50) return undefined;
  return { ident: value[0]!, flags: value[1]!, peerChallenge: value.subarray(2, 18), ntResponse: value.subarray(26, 50) };
}

export type MsChapV2Result =
  | {
      readonly ok: true;
      /** The MS-CHAP2-Success attribute value: the peer's Ident, then `S=<authenticator response>`. */
      readonly success: Buffer;
      /** For MPPE keys (mppe.ts `msChapV2MppeKeys`). */
      readonly ntHash: Buffer;
      readonly ntResponse: Buffer;
    }
  | { readonly ok: false; readonly reason: 'malformed' | 'wrong-password'; readonly ident?: number };

/**
 * Checks an MS-CHAPv2 exchange carried in RADIUS: `challenge` is MS-CHAP-Challenge (the
 * authenticator challenge, 16 octets), `response` is MS-CHAP2-Response (50 octets), `userName`
 * the name as hashed by the peer (usually `msChapUserName(User-Name)`).
 */
export function verifyMsChapV2(input: {
  readonly userName: string | Buffer;
  readonly challenge: Buffer;
  readonly response: Buffer;
  readonly credential: MsChapCredential;
}): MsChapV2Result {
  const response = parseMsChap2Response(input.response);
  if (response === undefined || input.challenge.length !== 16) return { ok: false, reason: 'malformed' };
  const ntHash = ntHashOf(input.credential);
  const challenge = challengeHash(response.peerChallenge, input.challenge, input.userName);
  if (!timingSafeEqual(challengeResponse(challenge, ntHash), response.ntResponse)) return { ok: false, reason: 'wrong-password', ident: response.ident };
  const success = Buffer.allocUnsafe(43);
  success[0] = response.ident;
  success.write(authenticatorResponse(ntHash, response.ntResponse, challenge), 1, 'ascii');
  return {
    ok: true,
    success,
    ntHash,
    ntResponse: Buffer.from(response.ntResponse),
  };
}

/** MS-CHAP-Response (RFC 2548 §2.3.1): Ident, Flags, LM-Response(24), NT-Response(24). */
export interface MsChapResponse {
  readonly ident: number;
  /** Bit 0 set: use the NT-Response (RFC 2433 §A: otherwise only the LM response is valid). */
  readonly useNt: boolean;
  readonly lmResponse: Buffer;
  readonly ntResponse: Buffer;
}

/** Splits an MS-CHAP-Response value; `undefined` unless it is exactly 50 octets. */
export function parseMsChapResponse(value: Buffer): MsChapResponse | undefined {
  if (value.length !== 50) return undefined;
  return { ident: value[0]!, useNt: (value[1]! & 1) === 1, lmResponse: value.subarray(2, 26), ntResponse: value.subarray(26, 50) };
}

export type MsChapV1Result =
  | { readonly ok: true; readonly ntHash: Buffer }
  | { readonly ok: false; readonly reason: 'malformed' | 'lm-only' | 'wrong-password'; readonly ident?: number };

/**
 * Checks an MS-CHAPv1 exchange: `challenge` is MS-CHAP-Challenge (8 octets), `response` is
 * MS-CHAP-Response. LAN Manager responses are refused (`lm-only`): the LM hash is broken and
 * every Windows since NT 4 SP4 sends the NT response.
 */
export function verifyMsChapV1(input: { readonly challenge: Buffer; readonly response: Buffer; readonly credential: MsChapCredential }): MsChapV1Result {
  const response = parseMsChapResponse(input.response);
  if (response === undefined || input.challenge.length !== 8) return { ok: false, reason: 'malformed' };
  if (!response.useNt) return { ok: false, reason: 'lm-only', ident: response.ident };
  const ntHash = ntHashOf(input.credential);
  if (!timingSafeEqual(challengeResponse(input.challenge, ntHash), response.ntResponse)) {
    return { ok: false, reason: 'wrong-password', ident: response.ident };
  }
  return { ok: true, ntHash };
}

/**
 * An MS-CHAP-Error value (RFC 2548 §2.1.5, text per RFC 2759 §6): the Ident, then
 * `E=<code> R=<0|1> C=<challenge hex> V=3`. 691 is "authentication failure"; R=0 tells the peer
 * not to retry. The challenge is the authenticator challenge for a retry (v2 only).
 */
export function msChapError(ident: number, options: { readonly code?: number; readonly retry?: boolean; readonly challenge?: Buffer } = {}): Buffer {
  const parts = [`E=${options.code ?? 691}`, `R=${options.retry ? 1 : 0}`];
  if (options.challenge !== undefined) parts.push(`C=${options.challenge.toString('hex').toUpperCase()}`);
  parts.push('V=3');
  return Buffer.concat([Buffer.of(ident & 0xff), Buffer.from(parts.join(' '), 'ascii')]);
}

/** A DES-ECB cipher under a 7-octet key spread over 8 octets (RFC 2759 §8.6 DesEncrypt); one 8-octet block per update(). */
function desCipher(key7: Buffer): DesCipher {
  const key = [
    key7[0]!,
    ((key7[0]! << 7) | (key7[1]! >> 1)) & 0xff,
    ((key7[1]! << 6) | (key7[2]! >> 2)) & 0xff,
    ((key7[2]! << 5) | (key7[3]! >> 3)) & 0xff,
    ((key7[3]! << 4) | (key7[4]! >> 4)) & 0xff,
    ((key7[4]! << 3) | (key7[5]! >> 5)) & 0xff,
    ((key7[5]! << 2) | (key7[6]! >> 6)) & 0xff,
    (key7[6]! << 1) & 0xff,
  ].map((b) => b & 0xfe); // the low bit of each octet is DES parity, which DES ignores
  return des.DES.create({ type: 'encrypt', key, padding: false });
}
