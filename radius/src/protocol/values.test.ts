import { describe, expect, it } from 'vitest';
import { loadDictionary, parseDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { decodeValue, EncodeError, encodeValue, formatIpv6, parseIpv6, splitTag } from './values.ts';

const dictionary = loadDictionary();
const def = dictionary.attribute.bind(dictionary);
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('decodeValue', () => {
  it('decodes each type from its wire form', () => {
    expect(decodeValue(def('User-Name', 'string'), Buffer.from('jürgen'))).toBe('jürgen');
    expect(decodeValue(def('Class', 'octets'), hex('00ff'))).toEqual(hex('00ff'));
    expect(decodeValue(def('Framed-IP-Address', 'ipaddr'), hex('c0a80110'))).toBe('192.168.1.16');
    expect(decodeValue(def('NAS-Port', 'integer'), hex('ffffffff'))).toBe(4294967295);
    expect(decodeValue(def('Event-Timestamp', 'date'), hex('507587c9'))).toEqual(new Date(1349879753 * 1000));
    expect(decodeValue(def('NAS-IPv6-Address', 'ipv6addr'), hex('20010db8000000000000000000000001'))).toBe('2001:db8::1');
    expect(decodeValue(def('Framed-Interface-Id', 'ifid'), hex('0211 22ff fe33 4455'))).toBe('0211:22ff:fe33:4455');
  });

  it('decodes an RFC 3162 IPv6 prefix sent with only the significant octets', () => {
    const prefix = def('Framed-IPv6-Prefix', 'ipv6prefix');
    expect(decodeValue(prefix, hex('0040 20010db800010002'))).toBe('2001:db8:1:2::/64');
    expect(decodeValue(prefix, hex('0030 20010db80001 00000000000000000000'))).toBe('2001:db8:1::/48');
    expect(decodeValue(prefix, hex('0080 00000000000000000000000000000001'))).toBe('::1/128');
    expect(decodeValue(prefix, hex('0040 20010db8'))).toBeUndefined(); // /64 needs 8 octets
    expect(decodeValue(prefix, hex('0081 00000000000000000000000000000001'))).toBeUndefined();
  });

  it('gives undefined for a value of the wrong length', () => {
    expect(decodeValue(def('NAS-Port', 'integer'), hex('0001'))).toBeUndefined();
    expect(decodeValue(def('Framed-IP-Address', 'ipaddr'), hex('c0a801'))).toBeUndefined();
    expect(decodeValue(def('Event-Timestamp', 'date'), hex('00'))).toBeUndefined();
    expect(decodeValue(def('MS-CHAP2-Response', 'octets'), Buffer.alloc(49))).toBeUndefined();
    expect(decodeValue(def('NAS-IPv6-Address', 'ipv6addr'), Buffer.alloc(4))).toBeUndefined();
  });

  it('leaves encrypted attributes to pap.ts and mppe.ts', () => {
    expect(decodeValue(def('User-Password'), Buffer.alloc(16))).toBeUndefined();
  });

  it('splits RFC 2868 tags: always for integers, for strings only when 0x01–0x1f', () => {
    expect(decodeValue(def('Tunnel-Type', 'integer'), hex('0100000d'))).toBe(13);
    expect(splitTag(def('Tunnel-Type'), hex('0100000d')).tag).toBe(1);
    expect(decodeValue(def('Tunnel-Private-Group-Id', 'string'), Buffer.from('\x01100'))).toBe('100');
    expect(decodeValue(def('Tunnel-Private-Group-Id', 'string'), Buffer.from('100'))).toBe('100');
    expect(splitTag(def('Tunnel-Private-Group-Id'), Buffer.from('100')).tag).toBeUndefined();
  });

  it('decodes integer64, byte, short and signed', () => {
    const types = parseDictionary([
      { name: 't', text: 'ATTRIBUTE A 241 integer64\nATTRIBUTE B 242 byte\nATTRIBUTE C 243 short\nATTRIBUTE D 244 signed\nATTRIBUTE E 245 ether' },
    ]);
    expect(decodeValue(types.attribute('A', 'integer64'), hex('0000000100000002'))).toBe(4294967298n);
    expect(decodeValue(types.attribute('B', 'byte'), hex('7f'))).toBe(127);
    expect(decodeValue(types.attribute('C', 'short'), hex('0102'))).toBe(258);
    expect(decodeValue(types.attribute('D', 'signed'), hex('ffffffff'))).toBe(-1);
    expect(decodeValue(types.attribute('E', 'ether'), hex('001f3b8c3a15'))).toBe('00:1f:3b:8c:3a:15');
  });
});

describe('encodeValue', () => {
  it('encodes each type to its wire form', () => {
    expect(encodeValue(def('Framed-IP-Address', 'ipaddr'), '100.64.3.17')).toEqual(hex('64400311'));
    expect(encodeValue(def('Session-Timeout', 'integer'), 86400)).toEqual(hex('00015180'));
    expect(encodeValue(def('Service-Type', 'integer'), 'Framed-User')).toEqual(hex('00000002'));
    expect(encodeValue(def('Event-Timestamp', 'date'), new Date('2023-11-14T22:13:20Z'))).toEqual(hex('6553f100'));
    expect(encodeValue(def('Framed-IPv6-Prefix', 'ipv6prefix'), '2001:db8:1::/48')).toEqual(hex('0030 20010db80001'));
    expect(encodeValue(def('NAS-IPv6-Address', 'ipv6addr'), '::ffff:192.0.2.1')).toEqual(hex('00000000000000000000ffffc0000201'));
    expect(encodeValue(def('Class', 'octets'), 'plan=42')).toEqual(Buffer.from('plan=42'));
  });

  it('puts a tag in front of strings and in the first octet of integers', () => {
    expect(encodeValue(def('Tunnel-Private-Group-Id', 'string'), '100', 1)).toEqual(Buffer.from('\x01100'));
    expect(encodeValue(def('Tunnel-Type', 'integer'), 13, 1)).toEqual(hex('0100000d'));
    expect(() => encodeValue(def('Tunnel-Type', 'integer'), 0x1000000, 1)).toThrow(EncodeError);
    expect(() => encodeValue(def('User-Name', 'string'), 'x', 1)).toThrow(/tag 1 not allowed/);
  });

  it('throws EncodeError naming the attribute for values that do not fit', () => {
    expect(() => encodeValue(def('Framed-IP-Address', 'ipaddr'), '100.64.3')).toThrow('Framed-IP-Address: expected an IPv4 address ("100.64.3")');
    expect(() => encodeValue(def('Session-Timeout', 'integer'), -1)).toThrow(EncodeError);
    expect(() => encodeValue(def('Session-Timeout', 'integer'), 2 ** 32)).toThrow(EncodeError);
    expect(() => encodeValue(def('Service-Type', 'integer'), 'Framed-Usr')).toThrow(/unknown VALUE name/);
    expect(() => encodeValue(def('MS-CHAP-MPPE-Keys', 'octets'), Buffer.alloc(16))).toThrow(/24 octets/);
    expect(() => encodeValue(def('Framed-IPv6-Prefix', 'ipv6prefix'), '2001:db8::/129')).toThrow(EncodeError);
  });
});

describe('IPv6 text', () => {
  it('formats per RFC 5952 and parses every shorthand back', () => {
    const cases: Array<[string, string]> = [
      ['20010db8000000000000000000000001', '2001:db8::1'],
      ['00000000000000000000000000000000', '::'],
      ['20010db8000000010000000000000000', '2001:db8:0:1::'],
      ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
      ['fe800000000000000211223344556677', 'fe80::211:2233:4455:6677'],
      ['00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
    ];
    for (const [bytes, text] of cases) {
      expect(formatIpv6(hex(bytes))).toBe(text);
      expect(parseIpv6(text)).toEqual(hex(bytes));
    }
    expect(parseIpv6('::1.2.3.4')).toEqual(hex('00000000000000000000000001020304'));
    expect(parseIpv6('64:ff9b::192.0.2.33')).toEqual(hex('0064ff9b0000000000000000c0000221'));
  });
});
