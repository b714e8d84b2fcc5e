import { describe, expect, it } from 'vitest';
import { macAuthIdentity } from './mac.ts';

describe('MAC authentication identity', () => {
  it('takes the MAC from User-Name in any vendor spelling', () => {
    for (const userName of ['AA:BB:CC:DD:EE:0F', 'aabb.ccdd.ee0f', 'AA-BB-CC-DD-EE-0F', 'aabbccddee0f']) {
      expect(macAuthIdentity(userName, undefined)).toEqual({ mac: 'aa:bb:cc:dd:ee:0f', source: 'User-Name' });
    }
  });

  it('falls back to Calling-Station-Id when User-Name is not a MAC', () => {
    expect(macAuthIdentity('customer-42', '00-1F-3B-8C-3A-15')).toEqual({ mac: '00:1f:3b:8c:3a:15', source: 'Calling-Station-Id' });
    expect(macAuthIdentity(undefined, '001f.3b8c.3a15')).toEqual({ mac: '00:1f:3b:8c:3a:15', source: 'Calling-Station-Id' });
  });

  it('finds none when neither is a MAC', () => {
    expect(macAuthIdentity('customer-42', 'pppoe-service')).toBeUndefined();
    expect(macAuthIdentity(undefined, undefined)).toBeUndefined();
  });
});
