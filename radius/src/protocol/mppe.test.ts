import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashNtPasswordHash, ntPasswordHash } from './mschap.ts';
import {
  asymmetricStartKey,
  masterKey,
  msChapV1MppeKeys,
  msChapV2MppeKeys,
  newKeyFromSha,
  randomSalt,
  saltDecrypt,
  saltEncrypt,
} from './mppe.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 3079 §3.5.3 "Sample 128-bit Key Derivation" (same credentials as RFC 2759 §9.2).
const ntResponse = hex('82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF');
const passwordHashHash = hex('41C00C584BD2D91C4017A2A12FA59F3F');
const rfcMasterKey = hex('FDECE3717A8C838CB388E527AE3CDD31');
const rfcSendStartKey128 = hex('8B7CDC149B993A1BA118CB153F56DCCB');
const rfcSendSessionKey128 = hex('405CB2247A7956E6E211007AE27B22D4');
// The other direction (Magic2) is not printed in the RFC; this value is the one asserted by
// Android's EAP-MSCHAPv2 tests, the npm `chap` package and sbox's IPsec tests, independently.
const magic2StartKey128 = hex('D5F0E9521E3EA9589645E86051C82226');

describe('RFC 3079 key derivation', () => {
  it('derives the master key', () => {
    expect(masterKey(passwordHashHash, ntResponse)).toEqual(rfcMasterKey);
  });

  it("derives the server's send start key, which is the RFC's SendStartKey128", () => {
    expect(asymmetricStartKey(rfcMasterKey, 16, true, true)).toEqual(rfcSendStartKey128);
    // The peer receives with the key the server sends with.
    expect(asymmetricStartKey(rfcMasterKey, 16, false, false)).toEqual(rfcSendStartKey128);
    expect(asymmetricStartKey(rfcMasterKey, 8, true, true)).toEqual(rfcSendStartKey128.subarray(0, 8));
  });

  it('derives the first 128-bit session key from the start key (SendSessionKey128)', () => {
    expect(newKeyFromSha(rfcSendStartKey128, rfcSendStartKey128, 16)).toEqual(rfcSendSessionKey128);
  });

  it('gives the NAS MS-MPPE-Send-Key = server send key and MS-MPPE-Recv-Key = server receive key', () => {
    const keys = msChapV2MppeKeys(ntPasswordHash('clientPass'), ntResponse);
    expect(keys.sendKey).toEqual(rfcSendStartKey128);
    expect(keys.recvKey).toEqual(magic2StartKey128);
  });

  it('builds the MS-CHAPv1 MS-CHAP-MPPE-Keys value: 8 zero octets then the NT hash hash', () => {
    expect(msChapV1MppeKeys(ntPasswordHash('clientPass'))).toEqual(Buffer.concat([Buffer.alloc(8), passwordHashHash]));
    expect(hashNtPasswordHash(ntPasswordHash('clientPass'))).toEqual(passwordHashHash);
  });
});

describe('RFC 2548 §2.4.2 salt encryption', () => {
  const secret = 'testing123';
  const authenticator = hex('0f403f9473978057bd83d5cb98f4227a');

  it('round-trips a 16-octet key into 2 + 32 octets with the salt first', () => {
    const salt = Buffer.of(0x81, 0x23);
    const encrypted = saltEncrypt(rfcSendStartKey128, secret, authenticator, salt);
    expect(encrypted).toHaveLength(34);
    expect(encrypted.subarray(0, 2)).toEqual(salt);
    expect(saltDecrypt(encrypted, secret, authenticator)).toEqual(rfcSendStartKey128);
  });

  it('encrypts the length-prefixed, zero-padded key block by block (the RFC formula, spelled out)', () => {
    // b(1) = MD5(S + R + A), c(1) = p(1) xor b(1); b(2) = MD5(S + c(1)), c(2) = p(2) xor b(2).
    const salt = Buffer.of(0x80, 0x01);
    const plain = Buffer.concat([Buffer.of(16), rfcSendStartKey128, Buffer.alloc(15)]);
    const b1 = createHash('md5').update(secret).update(authenticator).update(salt).digest();
    const c1 = Buffer.from(plain.subarray(0, 16).map((byte, i) => byte ^ b1[i]!));
    const b2 = createHash('md5').update(secret).update(c1).digest();
    const c2 = Buffer.from(plain.subarray(16).map((byte, i) => byte ^ b2[i]!));
    expect(saltEncrypt(rfcSendStartKey128, secret, authenticator, salt)).toEqual(Buffer.concat([salt, c1, c2]));
  });

  it('does not decrypt under another secret or authenticator', () => {
    const encrypted = saltEncrypt(rfcSendStartKey128, secret, authenticator, Buffer.of(0x80, 0));
    expect(saltDecrypt(encrypted, 'testing124', authenticator)).not.toEqual(rfcSendStartKey128);
    expect(saltDecrypt(encrypted, secret, Buffer.alloc(16))).not.toEqual(rfcSendStartKey128);
  });

  it('refuses malformed values and salts', () => {
    expect(saltDecrypt(Buffer.alloc(17), secret, authenticator)).toBeUndefined();
    expect(saltDecrypt(Buffer.alloc(19), secret, authenticator)).toBeUndefined();
    expect(() => saltEncrypt(rfcSendStartKey128, secret, authenticator, Buffer.of(0x01, 0x02))).toThrow(/high bit/);
    expect(() => saltEncrypt(Buffer.alloc(240), secret, authenticator)).toThrow(/239/);
  });

  it('makes random salts with the high bit set', () => {
    for (let i = 0; i < 100; i++) expect(randomSalt()[0]! & 0x80).toBe(0x80);
  });
});
