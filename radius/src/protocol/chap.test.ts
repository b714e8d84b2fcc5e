import { describe, expect, it } from 'vitest';
import { chapResponse, checkChapPassword } from './chap.ts';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { radclientAuth } from './fixtures.ts';
import { decode, findAttribute, type RadiusPacket } from './packet.ts';

const dictionary = loadDictionary();
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function decoded(datagram: Buffer, secret: string): RadiusPacket {
  const result = decode(datagram, secret);
  if (!result.ok) throw new Error(result.reason);
  return result.packet;
}

describe('CHAP (RFC 1994, RFC 2865 §5.3)', () => {
  it('computes the published CHAP-MD5 examples', () => {
    // PEAR Crypt_CHAP chaptest.php: identifier 1, challenge 102DB5DF085D3041.
    expect(chapResponse(1, 'MyPw', hex('102DB5DF085D3041')).toString('hex')).toBe('8f028814450d66d94c72331ef455a172');
    expect(chapResponse(1, 'sepp', hex('102DB5DF085D3041')).toString('hex')).toBe('d39bfaf5d6855a948c8c81a85947502c');
    // The npm `chap` package's test: identifier 1, a 16-octet challenge, base64 result.
    expect(chapResponse(1, 'MyPw', hex('c49c74a7d3f8fa006ea57190f28ab34c')).toString('base64')).toBe('giwrxlSx0Kjb6oc3+73eDg==');
  });

  it("checks radclient's CHAP-Password against the Request Authenticator as challenge", () => {
    const request = decoded(radclientAuth.chapRequest, radclientAuth.secret);
    const chapPassword = findAttribute(request, dictionary.attribute('CHAP-Password'))!.value;
    expect(findAttribute(request, dictionary.attribute('CHAP-Challenge'))).toBeUndefined();
    expect(checkChapPassword(chapPassword, request.authenticator, radclientAuth.chapPassword)).toBe(true);
    expect(checkChapPassword(chapPassword, request.authenticator, 'hello-chaP')).toBe(false);
  });

  it('refuses a CHAP-Password of the wrong length or an empty challenge', () => {
    const response = Buffer.concat([Buffer.of(1), chapResponse(1, 'MyPw', hex('102DB5DF085D3041'))]);
    expect(checkChapPassword(response, hex('102DB5DF085D3041'), 'MyPw')).toBe(true);
    expect(checkChapPassword(response.subarray(0, 16), hex('102DB5DF085D3041'), 'MyPw')).toBe(false);
    expect(checkChapPassword(response, Buffer.alloc(0), 'MyPw')).toBe(false);
  });
});
