import { describe, expect, it } from 'vitest';
import { canonical, contains, firstFree, formatBlock, overlaps, parseBlock, type Block } from './ip.ts';

const b = (text: string): Block => {
  const block = parseBlock(text);
  if (!block) throw new Error(`bad block ${text}`);
  return block;
};

describe('parseBlock', () => {
  it('reads IPv4 and IPv6 networks and bare addresses', () => {
    expect(formatBlock(b('10.0.0.0/24'))).toBe('10.0.0.0/24');
    expect(formatBlock(b('10.0.0.5'))).toBe('10.0.0.5');
    expect(formatBlock(b('2001:DB8::/32'))).toBe('2001:db8::/32');
  });

  it('refuses what is not an address', () => {
    for (const bad of ['', 'garbage', '10.0.0.256', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x', '10.0.0/24']) {
      expect(parseBlock(bad)).toBeNull();
    }
  });

  it('canonicalises host bits away', () => {
    expect(formatBlock(canonical(b('10.0.0.7/24')))).toBe('10.0.0.0/24');
  });
});

describe('contains and overlaps', () => {
  it('knows which addresses lie in a network', () => {
    expect(contains(b('10.0.0.0/24'), b('10.0.0.200'))).toBe(true);
    expect(contains(b('10.0.0.0/24'), b('10.0.1.1'))).toBe(false);
    expect(contains(b('10.0.0.0/24'), b('2001:db8::1'))).toBe(false);
    expect(overlaps(b('2001:db8:1::/48'), b('2001:db8:1:ff00::/56'))).toBe(true);
    expect(overlaps(b('10.0.0.0/25'), b('10.0.0.128/25'))).toBe(false);
  });
});

describe('firstFree', () => {
  it('hands out IPv4 hosts, skipping the network and broadcast addresses and used ones', () => {
    expect(formatBlock(firstFree(b('10.0.0.0/29'), 32, [])!)).toBe('10.0.0.1');
    expect(formatBlock(firstFree(b('10.0.0.0/29'), 32, [b('10.0.0.1'), b('10.0.0.2'), b('10.0.0.4')])!)).toBe('10.0.0.3');
  });

  it('says a full network is full', () => {
    const used = ['10.0.0.1', '10.0.0.2'].map(b);
    expect(firstFree(b('10.0.0.0/30'), 32, used)).toBeNull();
  });

  it('delegates aligned IPv6 prefixes around used ones', () => {
    const pool = b('2001:db8:100::/48');
    expect(formatBlock(firstFree(pool, 56, [])!)).toBe('2001:db8:100::/56');
    // A /64 taken inside the first /56 makes that whole /56 unavailable.
    expect(formatBlock(firstFree(pool, 56, [b('2001:db8:100:5::/64')])!)).toBe('2001:db8:100:100::/56');
  });
});
