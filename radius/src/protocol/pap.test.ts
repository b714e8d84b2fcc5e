import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { radclient, rfc2865 } from './fixtures.ts';
import { decode, findAttribute, type RadiusPacket } from './packet.ts';
import { checkPassword, hidePassword, revealPassword } from './pap.ts';

const dictionary = loadDictionary();
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function decoded(datagram: Buffer, secret: string): RadiusPacket {
  const result = decode(datagram, secret);
  if (!result.ok) throw new Error(result.reason);
  return result.packet;
}

describe('PAP (RFC 2865 §5.2)', () => {
  const authenticator = hex('0f403f9473978057bd83d5cb98f4227a');

  it('hides the RFC 2865 §7.1 password as the RFC shows', () => {
    expect(hidePassword(rfc2865.password, rfc2865.secret, authenticator).toString('hex')).toBe('0dbe708d93d413ce3196e43f782a0aee');
  });

  it('hides a password longer than 16 octets as FreeRADIUS radclient did (two chained blocks)', () => {
    const request = decoded(radclient.accessRequest, radclient.secret);
    const onTheWire = findAttribute(request, dictionary.attribute('User-Password'))!.value;
    expect(hidePassword(radclient.accessRequestPassword, radclient.secret, request.authenticator)).toEqual(onTheWire);
  });

  it('round-trips passwords of 0, 16, 17 and 128 octets and strips only the NUL padding', () => {
    for (const length of [0, 1, 16, 17, 128]) {
      const password = Buffer.alloc(length, 0x61);
      const hidden = hidePassword(password, 'secret', authenticator);
      expect(hidden.length).toBe(Math.max(16, Math.ceil(length / 16) * 16));
      expect(revealPassword(hidden, 'secret', authenticator)).toEqual(password);
    }
    expect(() => hidePassword(Buffer.alloc(129), 'secret', authenticator)).toThrow(/128/);
  });

  it('refuses hidden values that are not 16–128 octets in whole blocks', () => {
    for (const length of [0, 15, 17, 144]) expect(revealPassword(Buffer.alloc(length), 'secret', authenticator)).toBeUndefined();
  });

  it('matches only the right password', () => {
    const hidden = hidePassword('correct horse', 'secret', authenticator);
    expect(checkPassword(hidden, 'secret', authenticator, 'correct horse')).toBe(true);
    expect(checkPassword(hidden, 'secret', authenticator, 'correct horsE')).toBe(false);
    expect(checkPassword(hidden, 'secret', authenticator, 'correct hors')).toBe(false);
    expect(checkPassword(hidden, 'secreT', authenticator, 'correct horse')).toBe(false);
    expect(checkPassword(Buffer.alloc(5), 'secret', authenticator, '')).toBe(false);
  });
});
