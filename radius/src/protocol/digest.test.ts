import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hmacMd5, hmacMd5Range, md5, md5Range, nativeCrypto, sha1 } from './digest.ts';

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
    // The last message is longer than any before it in this file: the joining buffer grows for it.
    for (const [key, size] of [[randomBytes(5), 300], [randomBytes(64), 300], [randomBytes(100), 300], ['a shared secret', 20_000]] as const) {
      const data = randomBytes(size);
      expect(hmacMd5(key, data.subarray(0, 10), data.subarray(10))).toEqual(createHmac('md5', key).update(data).digest());
    }
  });

  it('write the digest of a buffer prefix into a given buffer at an offset, leaving the rest alone', () => {
    checkRanges({ md5Range, hmacMd5Range });
  });

  it('give the same results through node:crypto where the addon is not built', async () => {
    vi.resetModules();
    vi.doMock('node:module', async (original) => ({
      ...(await original<typeof import('node:module')>()),
      createRequire: () => () => {
        throw new Error('not built');
      },
    }));
    const fallback = await import('./digest.ts');
    vi.doUnmock('node:module');
    expect(fallback.nativeCrypto).toBeNull();
    expect(fallback.md5('abc').toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(fallback.sha1('a', 'bc').toString('hex')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(fallback.hmacMd5('Jefe', 'what do ya want for nothing?').toString('hex')).toBe('750c783e6ab0b503eaa86e310a5db738');
    checkRanges(fallback);
  });

  it.runIf(process.platform === 'linux')('use the native addon that npm install builds', () => {
    expect(nativeCrypto, 'radius/native/build/Release/radius_crypto.node: run `npm install`').not.toBeNull();
  });
});

function checkRanges(digest: Pick<typeof import('./digest.ts'), 'md5Range' | 'hmacMd5Range'>): void {
  const input = randomBytes(200);
  const out = Buffer.alloc(40, 0xaa);
  digest.md5Range(input, 150, out, 3);
  expect(out.subarray(3, 19)).toEqual(createHash('md5').update(input.subarray(0, 150)).digest());
  digest.hmacMd5Range('a shared secret', input, 120, out, 20);
  expect(out.subarray(20, 36)).toEqual(createHmac('md5', 'a shared secret').update(input.subarray(0, 120)).digest());
  expect([...out.subarray(0, 3), out[19], ...out.subarray(36)]).toEqual(Array(8).fill(0xaa));
}
