import { describe, expect, it } from 'vitest';
import { normaliseMac } from './mac.ts';

describe('normaliseMac', () => {
  it('reads the forms MikroTik, Cisco and UBNT send', () => {
    for (const form of ['AA:BB:CC:DD:EE:0F', 'aabb.ccdd.ee0f', 'AA-BB-CC-DD-EE-0F', 'aabbccddee0f']) {
      expect(normaliseMac(form)).toBe('aa:bb:cc:dd:ee:0f');
    }
  });

  it('refuses what is not a MAC address', () => {
    for (const bad of ['', 'aa:bb:cc:dd:ee', 'gg:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff:00']) expect(normaliseMac(bad)).toBeNull();
  });
});
