import { randomBytes } from 'node:crypto';
import des from 'des.js';
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { radclientAuth } from './fixtures.ts';
import {
  challengeHash,
  challengeResponse,
  challengeResponseInJs,
  generateAuthenticatorResponse,
  generateNtResponse,
  hashNtPasswordHash,
  md4Digest,
  msChapError,
  msChapUserName,
  ntPasswordHash,
  parseMsChap2Response,
  verifyMsChapV1,
  verifyMsChapV2,
} from './mschap.ts';
import { decode, getValue } from './packet.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 2759 §9.2 "Hash examples", copied from the RFC; the same values appear in the test files
// of FreeRADIUS-independent implementations (cryptlib, Android's EAP-MSCHAPv2, the npm `chap`
// package, chapcrack).
const rfc2759 = {
  userName: 'User',
  password: 'clientPass',
  authenticatorChallenge: hex('5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28'),
  peerChallenge: hex('21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E'),
  challenge: hex('D0 2E 43 86 BC E9 12 26'),
  passwordHash: hex('44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE'),
  ntResponse: hex('82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF'),
  passwordHashHash: hex('41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F'),
  authenticatorResponse: 'S=407A5589115FD0D6209F510FE9C04566932CDA56',
};

/** An MS-CHAP2-Response attribute value as a NAS sends it (RFC 2548 §2.3.2). */
function msChap2Response(ident: number, peerChallenge: Buffer, ntResponse: Buffer): Buffer {
  return Buffer.concat([Buffer.of(ident, 0), peerChallenge, Buffer.alloc(8), ntResponse]);
}

describe('MD4 and DES (pure JS, no OpenSSL legacy provider)', () => {
  it('hashes the RFC 1320 §A.5 test suite', () => {
    expect(md4Digest(Buffer.from('')).toString('hex')).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect(md4Digest(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect(md4Digest(Buffer.from('message digest')).toString('hex')).toBe('d9130a8164549fe818874806e1c7014b');
    expect(md4Digest(Buffer.from('abcdefghijklmnopqrstuvwxyz')).toString('hex')).toBe('d79e1c308aa5bbcdeea8ed63df412da9');
  });

  it('encrypts the classic DES known-answer vector (key 7CA110454A1A6E57)', () => {
    const cipher = des.DES.create({ type: 'encrypt', key: hex('7CA110454A1A6E57'), padding: false });
    expect(Buffer.from(cipher.update(hex('01A1D6D039776742'))).toString('hex')).toBe('690f5b0d9a26939b');
  });
});

describe('MS-CHAPv2 (RFC 2759 §9.2 vectors)', () => {
  it('computes the NT password hash and its hash', () => {
    expect(ntPasswordHash(rfc2759.password)).toEqual(rfc2759.passwordHash);
    expect(hashNtPasswordHash(rfc2759.passwordHash)).toEqual(rfc2759.passwordHashHash);
  });

  it('computes the challenge hash', () => {
    expect(challengeHash(rfc2759.peerChallenge, rfc2759.authenticatorChallenge, rfc2759.userName)).toEqual(rfc2759.challenge);
  });

  it('computes the NT-Response, natively and with des.js alike', () => {
    expect(challengeResponse(rfc2759.challenge, rfc2759.passwordHash)).toEqual(rfc2759.ntResponse);
    expect(challengeResponseInJs(rfc2759.challenge, rfc2759.passwordHash)).toEqual(rfc2759.ntResponse);
    for (let i = 0; i < 50; i++) {
      const [challenge, hash] = [randomBytes(8), randomBytes(16)];
      expect(challengeResponse(challenge, hash)).toEqual(challengeResponseInJs(challenge, hash));
    }
    expect(generateNtResponse(rfc2759.authenticatorChallenge, rfc2759.peerChallenge, rfc2759.userName, rfc2759.passwordHash)).toEqual(rfc2759.ntResponse);
  });

  it('answers every challenge right with the key schedules it keeps per hash', () => {
    const other = Buffer.from('0102030405060708', 'hex');
    const fresh = challengeResponse(other, Buffer.from(rfc2759.passwordHash)); // a new hash object: schedules built anew
    for (let i = 0; i < 3; i++) {
      expect(challengeResponse(rfc2759.challenge, rfc2759.passwordHash)).toEqual(rfc2759.ntResponse);
      expect(challengeResponse(other, rfc2759.passwordHash)).toEqual(fresh);
    }
  });

  it('computes the authenticator response for MS-CHAP2-Success', () => {
    expect(
      generateAuthenticatorResponse(rfc2759.passwordHash, rfc2759.ntResponse, rfc2759.peerChallenge, rfc2759.authenticatorChallenge, rfc2759.userName),
    ).toBe(rfc2759.authenticatorResponse);
  });

  it('accepts the RFC peer response and returns the MS-CHAP2-Success value', () => {
    const result = verifyMsChapV2({
      userName: rfc2759.userName,
      challenge: rfc2759.authenticatorChallenge,
      response: msChap2Response(0x2a, rfc2759.peerChallenge, rfc2759.ntResponse),
      credential: { password: rfc2759.password },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.success).toEqual(Buffer.concat([Buffer.of(0x2a), Buffer.from(rfc2759.authenticatorResponse)]));
    expect(result.success).toHaveLength(43);
    expect(result.ntHash).toEqual(rfc2759.passwordHash);
    expect(result.ntResponse).toEqual(rfc2759.ntResponse);
  });

  it('accepts a stored NT hash instead of the cleartext password', () => {
    const result = verifyMsChapV2({
      userName: rfc2759.userName,
      challenge: rfc2759.authenticatorChallenge,
      response: msChap2Response(1, rfc2759.peerChallenge, rfc2759.ntResponse),
      credential: { ntHash: rfc2759.passwordHash },
    });
    expect(result.ok).toBe(true);
  });

  it('rejects a wrong password, keeping the ident for MS-CHAP-Error', () => {
    const result = verifyMsChapV2({
      userName: rfc2759.userName,
      challenge: rfc2759.authenticatorChallenge,
      response: msChap2Response(7, rfc2759.peerChallenge, rfc2759.ntResponse),
      credential: { password: 'clientPasS' },
    });
    expect(result).toEqual({ ok: false, reason: 'wrong-password', ident: 7 });
  });

  it('rejects the right password under another user name (the name is in the challenge hash)', () => {
    const result = verifyMsChapV2({
      userName: 'user',
      challenge: rfc2759.authenticatorChallenge,
      response: msChap2Response(7, rfc2759.peerChallenge, rfc2759.ntResponse),
      credential: { password: rfc2759.password },
    });
    expect(result.ok).toBe(false);
  });

  it('calls responses and challenges of the wrong size malformed', () => {
    const response = msChap2Response(1, rfc2759.peerChallenge, rfc2759.ntResponse);
    const credential = { password: rfc2759.password };
    expect(verifyMsChapV2({ userName: 'User', challenge: rfc2759.authenticatorChallenge, response: response.subarray(0, 49), credential })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyMsChapV2({ userName: 'User', challenge: rfc2759.challenge, response, credential })).toEqual({ ok: false, reason: 'malformed' });
    expect(parseMsChap2Response(Buffer.alloc(51))).toBeUndefined();
  });

  it('strips a Windows domain from the user name before hashing', () => {
    expect(msChapUserName('CORP\\User')).toBe('User');
    expect(msChapUserName('User')).toBe('User');
    expect(msChapUserName('user@isp.example')).toBe('user@isp.example');
    expect(msChapUserName(Buffer.from('CORP\\\xffUser', 'latin1'))).toEqual(Buffer.from('\xffUser', 'latin1'));
  });

  it('formats MS-CHAP-Error as RFC 2759 §6 text after the ident', () => {
    expect(msChapError(5).toString('latin1')).toBe('\x05E=691 R=0 V=3');
    expect(msChapError(5, { challenge: rfc2759.authenticatorChallenge, retry: true }).toString('latin1')).toBe(
      '\x05E=691 R=1 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3',
    );
  });
});

describe('MS-CHAPv1 (RFC 2433)', () => {
  // Password "MyPw", challenge 102DB5DF085D3041: the MS-CHAPv1 example used by PEAR Crypt_CHAP's
  // chaptest.php (hex) and the npm `chap` package's tests (base64 "Tp08j5z9OF1b9NMkZ5GVbKTDUatAmj1h").
  const challenge = hex('102DB5DF085D3041');
  const ntResponse = hex('4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61');

  it('agrees with both published forms of the example', () => {
    expect(Buffer.from('Tp08j5z9OF1b9NMkZ5GVbKTDUatAmj1h', 'base64')).toEqual(ntResponse);
    expect(ntPasswordHash('MyPw').toString('hex')).toBe('fc156af7edcd6c0edde3337d427f4eac');
    expect(challengeResponse(challenge, ntPasswordHash('MyPw'))).toEqual(ntResponse);
  });

  it('accepts the NT response of an MS-CHAP-Response', () => {
    const response = Buffer.concat([Buffer.of(3, 1), Buffer.alloc(24), ntResponse]);
    const result = verifyMsChapV1({ challenge, response, credential: { password: 'MyPw' } });
    expect(result).toEqual({ ok: true, ntHash: ntPasswordHash('MyPw') });
  });

  it('rejects a wrong password and LM-only responses', () => {
    const response = Buffer.concat([Buffer.of(3, 1), Buffer.alloc(24), ntResponse]);
    expect(verifyMsChapV1({ challenge, response, credential: { password: 'mypw' } })).toEqual({ ok: false, reason: 'wrong-password', ident: 3 });
    const lmOnly = Buffer.concat([Buffer.of(3, 0), ntResponse, Buffer.alloc(24)]);
    expect(verifyMsChapV1({ challenge, response: lmOnly, credential: { password: 'MyPw' } })).toEqual({ ok: false, reason: 'lm-only', ident: 3 });
    expect(verifyMsChapV1({ challenge: challenge.subarray(1), response, credential: { password: 'MyPw' } })).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('MS-CHAPv1 from radclient', () => {
  it('verifies the MS-CHAP-Response radclient computed from the cleartext password', () => {
    const result = decode(radclientAuth.msChapV1Request, radclientAuth.secret);
    if (!result.ok) throw new Error(result.reason);
    const request = result.packet;
    const dictionary = loadDictionary();
    const challenge = getValue(request, dictionary.attribute('MS-CHAP-Challenge', 'octets'))!;
    const response = getValue(request, dictionary.attribute('MS-CHAP-Response', 'octets'))!;
    expect(verifyMsChapV1({ challenge, response, credential: { password: radclientAuth.msChapV1Password } }).ok).toBe(true);
    expect(verifyMsChapV1({ challenge, response, credential: { password: 'hello-mschaP' } }).ok).toBe(false);
  });
});
