import { describe, expect, it } from 'vitest';
import { customerSearchText } from '../customers/search.ts';
import { generateCustomer, searchTextOf, type CustomerPlan } from './customers.ts';
import { TOWNS } from './data.ts';
import { createRandom } from './random.ts';

const plan: CustomerPlan = {
  partners: [{ id: 1, weight: 70 }, { id: 2, weight: 30, pops: ['culemborg'] }],
  routers: { tiel: 11, culemborg: 12, zaltbommel: 13 },
  tariffs: [{ id: 1, weight: 1, kind: 'home' }, { id: 2, weight: 1, kind: 'business' }, { id: 3, weight: 1, kind: 'prepaid' }],
  login: (base, id, index) => `${base}.${id}.${index}`,
  mac: (id, index) => {
    const k = id * 2 + index;
    return ['02', '00', '00', ...[k >> 16, k >> 8, k].map((b) => (b & 255).toString(16).padStart(2, '0'))].join(':');
  },
  seal: (password) => `sealed:${password}`,
  staticIp: (routerId, id, index) => ({ networkId: routerId, address: `10.${routerId}.${id % 250}.${index + 1}/32` }),
  now: new Date('2026-06-01T12:00:00Z'),
};

const generate = (seed: number, n = 500) => {
  const r = createRandom(seed);
  return Array.from({ length: n }, (_, i) => generateCustomer(r, plan, i + 1));
};

describe('generateCustomer', () => {
  it('gives the same customers for the same seed, and others for another seed', () => {
    expect(generate(7, 50)).toEqual(generate(7, 50));
    expect(generate(8, 50).map((c) => c.name)).not.toEqual(generate(7, 50).map((c) => c.name));
  });

  it('keeps services in step with the customer state', () => {
    for (const c of generate(1)) {
      if (c.status === 'BLOCKED' || c.status === 'INACTIVE') expect(c.statusReason).toBeTruthy();
      for (const s of c.services) {
        expect(s.status).toBe({ NEW: 'PENDING', ACTIVE: 'ACTIVE', BLOCKED: 'ACTIVE', INACTIVE: 'STOPPED' }[c.status]);
        expect(s.endDate !== null).toBe(c.status === 'INACTIVE');
        if (s.ipAssignments.length) expect(['ACTIVE', 'BLOCKED']).toContain(c.status);
        // IPoE logins authenticate by MAC and store no password; PPPoE ones store it sealed.
        expect(s.passwordEnc === null ? s.mac : s.passwordEnc).toBeTruthy();
      }
    }
  });

  it('puts a reseller’s customers only in the towns of its POPs, on the POP’s router', () => {
    const culemborg = new Set(TOWNS.filter((t) => t.pop === 'culemborg').map((t) => t.name));
    for (const c of generate(2).filter((c) => c.partnerId === 2)) {
      expect(culemborg).toContain(c.city);
      for (const s of c.services) expect(s.routerId).toBe(12);
    }
  });

  it('builds the search text exactly as the domain does', () => {
    const [c] = generate(3, 1);
    const services = c!.services.map((s) => ({ login: s.login, mac: s.mac, addresses: s.ipAssignments.map((a) => a.address) }));
    expect(searchTextOf(c!)).toBe(customerSearchText(c!, services));
  });

  it('mixes states, billing types and one- and two-service customers', () => {
    const customers = generate(4, 1_000);
    expect(new Set(customers.map((c) => c.status))).toEqual(new Set(['NEW', 'ACTIVE', 'BLOCKED', 'INACTIVE']));
    expect(new Set(customers.map((c) => c.billingType))).toEqual(new Set(['PREPAID', 'RECURRING']));
    expect(new Set(customers.map((c) => c.services.length))).toEqual(new Set([1, 2]));
  });
});
