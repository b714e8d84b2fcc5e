/**
 * MPPE keys for PPP encryption after MS-CHAP: RFC 3079 key derivation, and the salted
 * encryption that carries them in MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 §2.4.2;
 * the same scheme as Tunnel-Password, RFC 2868 §3.5, the dictionaries' `encrypt=2`).
 *
 * Directions are the NAS's: MS-MPPE-Send-Key encrypts what the NAS sends to the peer, so it is
 * the server-side send key (RFC 3079 Magic3), and MS-MPPE-Recv-Key the server-side receive key
 * (Magic2). RFC 3079 §3.5.3's "SendStartKey128" is that server send key.
 */
import { randomFillSync } from 'node:crypto';
import { hashNtPasswordHash } from './mschap.ts';
import { EncodeError, type Secret } from './values.ts';
import { md5, sha1 } from './digest.ts';

/** MS-MPPE-Encryption-Policy values (RFC 2548 §2.4.4). */
export const MppeEncryptionPolicy = { Allowed: 1, Required: 2 } as const;

/**
 * MS-MPPE-Encryption-Types bits (RFC 2548 §2.4.5): 0x2 40-bit RC4, 0x4 128-bit RC4, both = 6.
 * Note that the FreeRADIUS dictionary names 1 and 2 "RC4-40bit-Allowed"/"RC4-128bit-Allowed";
 * use these numbers, which are what FreeRADIUS itself sends (4 or 6).
 */
export const MppeEncryptionTypes = { Rc4_40: 0x2, Rc4_128: 0x4, Rc4_40or128: 0x6 } as const;

const MASTER_MAGIC = Buffer.from('This is the MPPE Master Key', 'ascii');
const MAGIC_2 = Buffer.from('On the client side, this is the send key; on the server side, it is the receive key.', 'ascii');
const MAGIC_3 = Buffer.from('On the client side, this is the receive key; on the server side, it is the send key.', 'ascii');
const SHS_PAD_1 = Buffer.alloc(40, 0x00);
const SHS_PAD_2 = Buffer.alloc(40, 0xf2);

/** RFC 3079 §3.4 GetMasterKey: SHA1(PasswordHashHash + NT-Response + Magic1), first 16 octets. */
export function masterKey(passwordHashHash: Buffer, ntResponse: Buffer): Buffer {
  return sha1(passwordHashHash, ntResponse, MASTER_MAGIC).subarray(0, 16);
}

/** RFC 3079 §3.4 GetAsymmetricStartKey. */
export function asymmetricStartKey(master: Buffer, keyLength: 8 | 16, isSend: boolean, isServer: boolean): Buffer {
  const magic = isSend === isServer ? MAGIC_3 : MAGIC_2;
  return sha1(master, SHS_PAD_1, magic, SHS_PAD_2).subarray(0, keyLength);
}

/** RFC 3079 §2.4/§3.4 GetNewKeyFromSHA: the session key the peers derive from a start key. */
export function newKeyFromSha(startKey: Buffer, sessionKey: Buffer, keyLength: 8 | 16): Buffer {
  return sha1(startKey.subarray(0, keyLength), SHS_PAD_1, sessionKey.subarray(0, keyLength), SHS_PAD_2).subarray(0, keyLength);
}

/** The 128-bit MS-MPPE-Send-Key and MS-MPPE-Recv-Key (cleartext) after a successful MS-CHAPv2. */
export function msChapV2MppeKeys(ntHash: Buffer, ntResponse: Buffer): { readonly sendKey: Buffer; readonly recvKey: Buffer } {
  const master = masterKey(hashNtPasswordHash(ntHash), ntResponse);
  return { sendKey: asymmetricStartKey(master, 16, true, true), recvKey: asymmetricStartKey(master, 16, false, true) };
}

/**
 * The MS-CHAP-MPPE-Keys value (cleartext, 24 octets) after a successful MS-CHAPv1: an 8-octet
 * LAN Manager key, left zero because we never use LM hashes, then the NT hash's hash. RFC 2548
 * §2.4.1 says the NT hash, but NASes expect the hash's hash (FreeRADIUS calls the RFC wrong
 * here and sends this). The packet encoder hides it like a User-Password (`encrypt=1`).
 */
export function msChapV1MppeKeys(ntHash: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(8), hashNtPasswordHash(ntHash)]);
}

/**
 * Salt-encrypts a value (RFC 2548 §2.4.2, RFC 2868 §3.5): Salt(2, high bit set) then the
 * length-prefixed, zero-padded plaintext XORed with the MD5 chain started from
 * MD5(secret + Request Authenticator + Salt). Salts must differ between the attributes of one
 * packet; the packet encoder passes consecutive ones.
 */
export function saltEncrypt(plaintext: Buffer, secret: Secret, requestAuthenticator: Buffer, salt: Buffer = randomSalt()): Buffer {
  if (plaintext.length > 239) throw new EncodeError(`a salt-encrypted value is at most 239 octets, got ${plaintext.length}`);
  if (salt.length !== 2 || (salt[0]! & 0x80) === 0) throw new EncodeError('the salt is two octets with the high bit set');
  const blocks = Math.ceil((plaintext.length + 1) / 16);
  const out = Buffer.alloc(2 + blocks * 16);
  salt.copy(out, 0);
  out[2] = plaintext.length;
  plaintext.copy(out, 3);
  for (let offset = 2; offset < out.length; offset += 16) {
    const b = offset === 2 ? md5(secret, requestAuthenticator, salt) : md5(secret, out.subarray(offset - 16, offset));
    for (let i = 0; i < 16; i++) out[offset + i] = out[offset + i]! ^ b[i]!;
  }
  return out;
}

/** Reverses `saltEncrypt`; `undefined` when the value is malformed (wrong size or length octet). */
export function saltDecrypt(value: Buffer, secret: Secret, requestAuthenticator: Buffer): Buffer | undefined {
  if (value.length < 18 || (value.length - 2) % 16 !== 0) return undefined;
  const clear = Buffer.allocUnsafe(value.length - 2);
  for (let offset = 2; offset < value.length; offset += 16) {
    const b = offset === 2 ? md5(secret, requestAuthenticator, value.subarray(0, 2)) : md5(secret, value.subarray(offset - 16, offset));
    for (let i = 0; i < 16; i++) clear[offset - 2 + i] = value[offset + i]! ^ b[i]!;
  }
  const length = clear[0]!;
  return length <= clear.length - 1 ? clear.subarray(1, 1 + length) : undefined;
}

/** Two random octets with the high bit set (RFC 2548 §2.4.2). */
export function randomSalt(): Buffer {
  if (saltOffset >= saltPool.length) {
    randomFillSync(saltPool);
    saltOffset = 0;
  }
  const salt = Buffer.from(saltPool.subarray(saltOffset, (saltOffset += 2)));
  salt[0] = salt[0]! | 0x80;
  return salt;
}

/** Random octets drawn 4 KiB at a time: one call into the CSPRNG per 2,048 salts instead of one per salt. */
const saltPool = Buffer.alloc(4096);
let saltOffset = saltPool.length;
