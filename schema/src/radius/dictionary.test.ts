import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DICTIONARY_FILES, DictionaryError, loadDictionary, parseDictionary } from './dictionary.ts';

const dictionary = loadDictionary();

describe('loadDictionary (the shipped FreeRADIUS files)', () => {
  it('reads every file from schema/src/radius/dictionaries', () => {
    const shipped = readdirSync(new URL('./dictionaries/', import.meta.url)).filter((f) => f.startsWith('dictionary.'));
    expect([...DICTIONARY_FILES].sort()).toEqual(shipped.sort());
    expect(dictionary.attributes.size).toBeGreaterThan(300);
    expect([...dictionary.vendors]).toEqual(
      expect.arrayContaining([
        ['Microsoft', 311],
        ['Mikrotik', 14988],
        ['Cisco', 9],
        ['Juniper', 2636],
        ['ERX', 4874],
        ['Huawei', 2011],
        ['WISPr', 14122],
        ['ADSL-Forum', 3561],
      ]),
    );
  });

  it('knows the encryption and tag flags', () => {
    expect(dictionary.attribute('User-Password')).toMatchObject({ vendorId: 0, type: 2, dataType: 'string', encrypt: 1, hasTag: false });
    expect(dictionary.attribute('Tunnel-Password')).toMatchObject({ type: 69, encrypt: 2, hasTag: true });
    expect(dictionary.attribute('Tunnel-Type')).toMatchObject({ type: 64, dataType: 'integer', hasTag: true, encrypt: 0 });
    expect(dictionary.attribute('MS-MPPE-Send-Key')).toMatchObject({ vendorId: 311, type: 16, dataType: 'octets', encrypt: 2 });
    expect(dictionary.attribute('MS-CHAP-MPPE-Keys')).toMatchObject({ vendorId: 311, type: 12, fixedLength: 24, encrypt: 1 });
    expect(dictionary.attribute('EAP-Message').concat).toBe(true);
  });

  it('knows the types the codec has to handle', () => {
    expect(dictionary.attribute('MS-CHAP2-Response')).toMatchObject({ dataType: 'octets', fixedLength: 50 });
    expect(dictionary.attribute('Framed-IPv6-Prefix').dataType).toBe('ipv6prefix');
    expect(dictionary.attribute('Framed-Interface-Id').dataType).toBe('ifid');
    expect(dictionary.attribute('Event-Timestamp').dataType).toBe('date');
    expect(dictionary.attribute('Mikrotik-Rate-Limit')).toMatchObject({ vendorId: 14988, type: 8, dataType: 'string' });
    expect(dictionary.attribute('Mikrotik-Address-List')).toMatchObject({ vendorId: 14988, type: 19 });
    expect(dictionary.attribute('ADSL-Agent-Circuit-Id')).toMatchObject({ vendorId: 3561, type: 1, dataType: 'octets' });
    // Juniper spells one type "String".
    expect(dictionary.attribute('Juniper-Junosspace-Profile').dataType).toBe('string');
  });

  it('finds definitions by number, the last alias winning', () => {
    expect(dictionary.byType(0, 1)?.name).toBe('User-Name');
    expect(dictionary.byType(14988, 8)?.name).toBe('Mikrotik-Rate-Limit');
    expect(dictionary.byType(311, 8)?.name).toBe('MS-MPPE-Encryption-Types');
    expect(dictionary.byType(0, 250)).toBeUndefined();
    expect(dictionary.vendorName(311)).toBe('Microsoft');
  });

  it('shares VALUEs between aliases of one number', () => {
    expect(dictionary.attribute('MS-MPPE-Encryption-Type').values.get('RC4-40or128-bit-Allowed')).toBe(6);
    expect(dictionary.attribute('Mikrotik-Wireless-VLANID-Type').values.get('802.1ad')).toBe(1);
  });

  it('takes VALUEs from a later file (RFC 5176 adds Error-Cause values)', () => {
    const errorCause = dictionary.attribute('Error-Cause', 'integer');
    expect(errorCause.values.get('Session-Context-Not-Found')).toBe(503);
    expect(errorCause.valueNames.get(503)).toBe('Session-Context-Not-Found');
    expect(dictionary.attribute('Acct-Status-Type').values.get('Interim-Update')).toBe(3);
  });

  it('throws at lookup for an unknown name or a different type', () => {
    expect(() => dictionary.attribute('Mikrotik-Rate-Limt')).toThrow(DictionaryError);
    expect(() => dictionary.attribute('NAS-Port', 'string')).toThrow(/integer, not string/);
  });

  it('cannot be changed', () => {
    expect(Object.isFrozen(dictionary)).toBe(true);
    expect(Object.isFrozen(dictionary.attribute('User-Name'))).toBe(true);
    expect(() => (dictionary.attributes as Map<string, unknown>).set('X', {})).toThrow(/immutable/);
    expect(() => (dictionary.attribute('Service-Type').values as Map<string, number>).set('X', 1)).toThrow(/immutable/);
  });
});

describe('parseDictionary', () => {
  const parse = (text: string) => parseDictionary([{ name: 'dictionary.test', text }]);

  it('parses vendor blocks, old-style vendor fields, flags and hex VALUEs', () => {
    const parsed = parse(`
      VENDOR Example 99999
      BEGIN-VENDOR Example
      ATTRIBUTE Example-Key 1 octets encrypt=2   # comment
      END-VENDOR Example
      ATTRIBUTE Example-Old 2 integer Example
      ATTRIBUTE Example-Std 241 integer has_tag
      VALUE Example-Old Big 0x10
      ATTRIBUTE Example-Tlv 242 tlv
      ATTRIBUTE Example-Tlv-Child 242.1 string
    `);
    expect(parsed.attribute('Example-Key')).toMatchObject({ vendorId: 99999, type: 1, encrypt: 2 });
    expect(parsed.attribute('Example-Old')).toMatchObject({ vendorId: 99999, type: 2 });
    expect(parsed.attribute('Example-Old').values.get('Big')).toBe(16);
    expect(parsed.attribute('Example-Std')).toMatchObject({ vendorId: 0, hasTag: true });
    expect(parsed.attributes.has('Example-Tlv-Child')).toBe(false);
  });

  it('names the file and line of what it cannot use', () => {
    expect(() => parse('ATTRIBUTE A 1 string\nFLAGS internal')).toThrow('dictionary.test:2: unsupported keyword FLAGS');
    expect(() => parse('ATTRIBUTE A 1 float')).toThrow(/unsupported type float/);
    expect(() => parse('ATTRIBUTE A 1 string secret')).toThrow(/unsupported flag secret/);
    expect(() => parse('ATTRIBUTE A 300 string')).toThrow(/bad attribute number/);
    expect(() => parse('VALUE Missing X 1')).toThrow(/VALUE for unknown attribute Missing/);
    expect(() => parse('BEGIN-VENDOR Nobody')).toThrow(/unknown vendor/);
    expect(() => parse('VENDOR Wide 1 format=2,2')).toThrow(/only the RFC 2865 1,1 VSA format/);
  });
});
