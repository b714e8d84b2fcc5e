import { describe, expect, it } from 'vitest';
import { formatAgo } from './format';
import { activeNas, EMPTY_ROUTER, formFromRouter, isStale, lastHeard, parseRouterParams, routerInput, routerQuery } from './network-routers';

const tiel = {
  title: 'Tiel core',
  vendor: 'MIKROTIK',
  model: 'CCR2116',
  ip: '127.0.0.1',
  nasIp: '127.0.0.1',
  requireMessageAuthenticator: false,
  coaPort: 3799,
  apiHost: '127.0.0.1',
  apiPort: 8728,
  apiTls: false,
  apiUser: 'backhaul',
  location: null,
  latitude: '51.893300',
  longitude: null,
  partner: { number: 2 },
};

describe('router form → input', () => {
  it('keeps the stored secrets when their fields stay empty while editing', () => {
    const { input } = routerInput(formFromRouter(tiel, true), true);
    expect(input).not.toHaveProperty('radiusSecret');
    expect(input).not.toHaveProperty('apiPassword');
    expect(input).toMatchObject({ title: 'Tiel core', coaPort: 3799, apiPort: 8728, location: null, latitude: '51.893300', partnerId: 2 });
  });

  it('sends a typed secret, and clears the API password only when asked', () => {
    const values = { ...formFromRouter(tiel, false), radiusSecret: 'new-secret', clearApiPassword: true };
    expect(routerInput(values, true).input).toMatchObject({ radiusSecret: 'new-secret', apiPassword: null });
    expect(routerInput({ ...values, apiPassword: 'p' }, true).input).toMatchObject({ apiPassword: 'p' });
  });

  it('sends an empty secret when creating, so the server names the field', () => {
    expect(routerInput({ ...EMPTY_ROUTER, title: 'R' }, false).input).toMatchObject({ radiusSecret: '', requireMessageAuthenticator: true, coaPort: 3799 });
  });

  it('leaves the partner alone when the form does not offer it', () => {
    expect(routerInput(formFromRouter(tiel, false), true).input).not.toHaveProperty('partnerId');
    expect(routerInput({ ...formFromRouter(tiel, true), partnerId: '' }, true).input).toMatchObject({ partnerId: null });
  });
});

describe('when a NAS was last heard from', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('takes the later of the stored time and the live rates', () => {
    expect(lastHeard('2026-11-30T11:59:00Z', now - 2_000)).toBe(now - 2_000);
    expect(lastHeard('2026-11-30T11:59:59Z', now - 60_000)).toBe(now - 1_000);
    expect(lastHeard(null, undefined)).toBeNull();
  });

  it('counts a NAS as heard when it sent anything in the snapshot', () => {
    const idle = { acceptsPerSecond: 0, rejectsPerSecond: 0, blockedPerSecond: 0, accountingPerSecond: 0 };
    expect(activeNas([{ routerId: 1, ...idle }, { routerId: 2, ...idle, accountingPerSecond: 0.5 }])).toEqual([2]);
  });

  it('says how long ago, and flags a NAS silent for more than five minutes', () => {
    expect(formatAgo(now - 12_400, now)).toBe('12 s ago');
    expect(formatAgo(now - 4 * 60_000, now)).toBe('4 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(formatAgo(null, now)).toBe('never');
    expect([isStale(now - 4 * 60_000, now), isStale(now - 6 * 60_000, now), isStale(null, now)]).toEqual([false, true, true]);
  });
});

describe('router list URL', () => {
  it('keeps the search and the page', () => {
    const params = parseRouterParams(new URLSearchParams('search=tiel&before=b&from=51'));
    expect(routerQuery(params)).toBe('?search=tiel&before=b&from=51');
  });
});
