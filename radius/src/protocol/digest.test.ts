import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacMd5, md5, nativeCrypto, sha1 } from './digest.ts';

describe('digests', () => {
  it('agree with node:crypto on the RFC 1321 / FIPS 180 examples and on random parts', () => {
    expect(md5('abc').toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sha1('abc').toString('hex')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    for (let i = 0; i < 200; i++) {
      const parts = [randomBytes(i % 40), 'sécret', randomBytes((i * 7) % 3000)];
      const joined = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
      expect(md5(...parts)).toEqual(createHash('md5').update(joined).digest());
      expect(sha1(...parts)).toEqual(createHash('sha1').update(joined).digest());
    }
  });

  it('return a buffer of their own, which the next digest does not overwrite', () => {
    const first = md5('one');
    md5('two');
    expect(first).toEqual(createHash('md5').update('one').digest());
  });

  it('compute HMAC-MD5 as RFC 2104 does, for short, 64-octet and long keys', () => {
    // RFC 2104 §Appendix test vector 2.
    expect(hmacMd5('Jefe', 'what do ya want for nothing?').toString('hex')).toBe('750c783e6ab0b503eaa86e310a5db738');
    for (const key of [randomBytes(5), randomBytes(64), randomBytes(100), 'a shared secret']) {
      const data = randomBytes(300);
      expect(hmacMd5(key, data.subarray(0, 10), data.subarray(10))).toEqual(createHmac('md5', key).update(data).digest());
    }
  });

  it.runIf(process.platform === 'linux')('use the native addon that npm install builds', () => {
    expect(nativeCrypto, 'radius/native/build/Release/radius_crypto.node: run `npm install`').not.toBeNull();
  });
});
