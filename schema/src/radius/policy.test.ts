import { describe, expect, it } from 'vitest';
import { decide, grant, mikrotikRateLimit, needsLease, serviceIdFromClass, sessionAction, type Subscriber } from './policy.ts';
import { DEFAULT_RADIUS_SETTINGS, parseRadiusSettings } from './settings.ts';

const now = new Date('2026-11-30T12:00:00Z');
const subscriber: Subscriber = {
  serviceId: 7,
  customerId: 3,
  partnerId: 1,
  login: 'anna',
  password: 'secret',
  mac: null,
  serviceStatus: 'ACTIVE',
  customerStatus: 'ACTIVE',
  startDate: new Date('2026-01-01'),
  endDate: null,
  routerId: 2,
  bindToRouter: false,
  simultaneousUse: 1,
  tariff: {
    name: 'Fibre 100',
    downloadKbps: 100_000,
    uploadKbps: 20_000,
    burstDownloadKbps: null,
    burstUploadKbps: null,
    burstThresholdDownKbps: null,
    burstThresholdUpKbps: null,
    burstTimeSeconds: null,
    priority: 8,
  },
  staticIpv4: null,
  staticIpv6Prefix: null,
  leasedIpv4: null,
  pool: 'tiel-pool',
  poolNetworkId: 4,
  blockedPool: null,
  ipv6Pool: null,
};
const situation = { routerId: 2, online: 0, now, settings: DEFAULT_RADIUS_SETTINGS };

describe('decide', () => {
  it('accepts an active service with its rate, pool, interim interval and Class', () => {
    expect(decide(subscriber, situation)).toEqual({ result: 'ACCEPT' });
    const g = grant(subscriber, false, DEFAULT_RADIUS_SETTINGS);
    expect(g.rateLimit).toBe('20000k/100000k');
    expect(g.values).toMatchObject({ pool: 'tiel-pool', framedIp: null, interimInterval: 300, class: 'bh:7', addressList: null, sessionTimeout: null });
  });

  it.each([
    [{ serviceStatus: 'PENDING' as const }, 'SERVICE_PENDING'],
    [{ serviceStatus: 'STOPPED' as const }, 'SERVICE_STOPPED'],
    [{ serviceStatus: 'DISABLED' as const }, 'SERVICE_DISABLED'],
    [{ startDate: new Date('2026-12-01') }, 'SERVICE_NOT_STARTED'],
    [{ endDate: new Date('2026-11-29') }, 'SERVICE_ENDED'],
    [{ customerStatus: 'INACTIVE' as const }, 'CUSTOMER_INACTIVE'],
    [{ bindToRouter: true, routerId: 9 }, 'WRONG_NAS'],
  ])('rejects %o with %s', (change, reason) => {
    expect(decide({ ...subscriber, ...change }, situation)).toEqual({ result: 'REJECT', reason });
  });

  it('accepts on the last day of the service and on its first', () => {
    expect(decide({ ...subscriber, endDate: new Date('2026-11-30') }, situation).result).toBe('ACCEPT');
    expect(decide({ ...subscriber, startDate: new Date('2026-11-30') }, situation).result).toBe('ACCEPT');
  });

  it('enforces the simultaneous-use limit; 0 means unlimited', () => {
    expect(decide(subscriber, { ...situation, online: 1 })).toEqual({ result: 'REJECT', reason: 'SIMULTANEOUS_USE' });
    expect(decide({ ...subscriber, simultaneousUse: 0 }, { ...situation, online: 5 }).result).toBe('ACCEPT');
  });

  it('puts a blocked customer where the settings say', () => {
    const blocked = { ...subscriber, customerStatus: 'BLOCKED' as const, staticIpv4: '192.0.2.9' };
    expect(decide(blocked, situation)).toEqual({ result: 'BLOCKED' });
    expect(grant(blocked, true, DEFAULT_RADIUS_SETTINGS)).toMatchObject({ rateLimit: '512k/512k', values: { addressList: 'backhaul-blocked', framedIp: '192.0.2.9' } });
    const poolSettings = { ...DEFAULT_RADIUS_SETTINGS, blockedMode: 'POOL' as const };
    expect(decide(blocked, { ...situation, settings: poolSettings })).toEqual({ result: 'BLOCKED' });
    expect(grant(blocked, true, poolSettings)).toMatchObject({ values: { pool: 'blocked', framedIp: null, addressList: null } });
    expect(decide(blocked, { ...situation, settings: { ...DEFAULT_RADIUS_SETTINGS, blockedMode: 'REJECT' } })).toEqual({ result: 'REJECT', reason: 'CUSTOMER_BLOCKED' });
  });
});

describe('addresses', () => {
  it('sends a leased address like a static one, and leases only when the settings say and nothing is there yet', () => {
    const backhaul = { ...DEFAULT_RADIUS_SETTINGS, poolAddresses: 'BACKHAUL' as const };
    expect(needsLease(subscriber, false, DEFAULT_RADIUS_SETTINGS)).toBe(false);
    expect(needsLease(subscriber, false, backhaul)).toBe(true);
    expect(needsLease({ ...subscriber, staticIpv4: '192.0.2.9' }, false, backhaul)).toBe(false);
    expect(needsLease({ ...subscriber, poolNetworkId: null }, false, backhaul)).toBe(false);
    expect(needsLease(subscriber, true, { ...backhaul, blockedMode: 'POOL' })).toBe(false);
    const leased = { ...subscriber, leasedIpv4: '100.64.0.7' };
    expect(needsLease(leased, false, backhaul)).toBe(false);
    expect(grant(leased, false, backhaul).values).toMatchObject({ framedIp: '100.64.0.7', pool: null });
  });

  it("puts a blocked subscriber in its router's blocked pool when it has one", () => {
    const pool = { ...DEFAULT_RADIUS_SETTINGS, blockedMode: 'POOL' as const };
    expect(grant({ ...subscriber, customerStatus: 'BLOCKED', blockedPool: 'tiel-blocked' }, true, pool).values.pool).toBe('tiel-blocked');
  });
});

describe('sessionAction', () => {
  const online = { routerId: 2, vendor: 'MIKROTIK', blocked: false, rateLimit: '20000k/100000k' };
  const act = (sub: Subscriber | undefined, session = online) => sessionAction(sub, session, DEFAULT_RADIUS_SETTINGS, now);

  it('leaves a session alone when nothing it was given changed', () => {
    expect(act(subscriber)).toBeUndefined();
  });

  it('disconnects a session that may no longer be online, or moves in or out of the blocked state', () => {
    expect(act(undefined)).toMatchObject({ action: 'DISCONNECT', why: 'UNKNOWN_USER' });
    expect(act({ ...subscriber, serviceStatus: 'DISABLED' })).toMatchObject({ action: 'DISCONNECT', why: 'SERVICE_DISABLED' });
    expect(act({ ...subscriber, customerStatus: 'BLOCKED' })).toMatchObject({ action: 'DISCONNECT', why: 'blocked' });
    expect(act(subscriber, { ...online, blocked: true, rateLimit: '512k/512k' })).toMatchObject({ action: 'DISCONNECT', why: 'unblocked' });
  });

  it('sends a new rate where the NAS takes a CoA for it, and disconnects elsewhere', () => {
    const faster = { ...subscriber, tariff: { ...subscriber.tariff, downloadKbps: 200_000 } };
    expect(act(faster)).toEqual({ action: 'RATE', why: 'rate changed', rateLimit: '20000k/200000k' });
    expect(act(faster, { ...online, vendor: 'UBNT' })).toMatchObject({ action: 'DISCONNECT', why: 'rate changed' });
  });
});

describe('mikrotikRateLimit', () => {
  it('writes the burst, threshold, time and priority when the tariff has a burst', () => {
    expect(mikrotikRateLimit({ ...subscriber.tariff, burstDownloadKbps: 150_000, burstUploadKbps: 30_000, burstThresholdDownKbps: 80_000, burstThresholdUpKbps: 16_000, burstTimeSeconds: 16, priority: 5 }))
      .toBe('20000k/100000k 30000k/150000k 16000k/80000k 16/16 5');
  });
});

describe('Class', () => {
  it('round-trips the service id and ignores other values', () => {
    expect(serviceIdFromClass('bh:42')).toBe(42);
    expect(serviceIdFromClass('other')).toBeUndefined();
    expect(serviceIdFromClass(undefined)).toBeUndefined();
  });
});

describe('settings', () => {
  it('fills defaults and keeps the valid part of a stored value', () => {
    expect(parseRadiusSettings(null)).toEqual(DEFAULT_RADIUS_SETTINGS);
    expect(parseRadiusSettings({ blockedMode: 'POOL', interimIntervalSeconds: 5 })).toEqual({ ...DEFAULT_RADIUS_SETTINGS, blockedMode: 'POOL' });
  });
});
