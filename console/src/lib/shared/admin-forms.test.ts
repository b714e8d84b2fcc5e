import { describe, expect, it } from 'vitest';
import {
  apiKeyInput,
  apiKeyState,
  EMPTY_API_KEY,
  EMPTY_STAFF,
  formFromSettings,
  formatPeriod,
  formFromStaff,
  parseIpList,
  partnerInput,
  settingsChanges,
  staffInput,
  type RadiusSettingsRecord,
} from './admin-forms';

describe('staff form', () => {
  it('creates with the filled fields, the role and partner as numbers, and no empty e-mail', () => {
    const values = { ...EMPTY_STAFF, username: ' Ann ', name: 'Ann Smit', password: 'long enough pw', roleId: '3', partnerId: '2' };
    expect(staffInput(values, { editing: false, choosePartner: true })).toEqual({ username: 'Ann', name: 'Ann Smit', active: true, password: 'long enough pw', roleId: 3, partnerId: 2 });
  });

  it('when editing keeps the password unless typed, clears an emptied e-mail, and leaves the partner to the API for partner staff', () => {
    const values = formFromStaff({ username: 'ann', name: 'Ann', email: 'a@x.example', active: true, role: { id: btoa('Role:4') }, partner: null });
    expect(values).toMatchObject({ roleId: '4', partnerId: '', password: '' });
    const input = staffInput({ ...values, email: '' }, { editing: true, choosePartner: false });
    expect(input).toEqual({ username: 'ann', name: 'Ann', email: null, active: true, roleId: 4 });
    expect(staffInput(values, { editing: true, choosePartner: true })['partnerId']).toBeNull();
  });
});

describe('partner form', () => {
  it('leaves out empty contacts when creating and clears them when editing', () => {
    expect(partnerInput({ name: ' Net ', email: '', phone: '+31 6' }, false)).toEqual({ name: 'Net', phone: '+31 6' });
    expect(partnerInput({ name: 'Net', email: '', phone: '' }, true)).toEqual({ name: 'Net', email: null, phone: null });
  });
});

describe('API key form', () => {
  it('reads the allow-list one per line, or separated by commas and spaces', () => {
    expect(parseIpList('192.0.2.0/24\n 10.0.0.1, 2001:db8::/32  10.0.0.1\n')).toEqual(['192.0.2.0/24', '10.0.0.1', '2001:db8::/32']);
  });

  it('sends the expiry as the end of the chosen day', () => {
    const input = apiKeyInput({ ...EMPTY_API_KEY, name: ' export ', scopes: ['customers:read'], expiresOn: '2027-01-31' });
    expect(input).toEqual({ name: 'export', scopes: ['customers:read'], allowedIps: [], expiresAt: new Date(2027, 1, 1).toISOString() });
    expect(apiKeyInput({ ...EMPTY_API_KEY, name: 'x' })).not.toHaveProperty('expiresAt');
  });

  it('tells an active key from a revoked and an expired one', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(apiKeyState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(apiKeyState({ revokedAt: null, expiresAt: '2026-05-31T00:00:00Z' }, now)).toBe('expired');
    expect(apiKeyState({ revokedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-05-31T00:00:00Z' }, now)).toBe('revoked');
  });
});

describe('RADIUS settings form', () => {
  const saved: RadiusSettingsRecord = {
    blockedMode: 'ADDRESS_LIST',
    blockedAddressList: 'backhaul-blocked',
    blockedPool: 'blocked',
    poolAddresses: 'NAS',
    blockedRateKbps: 512,
    interimIntervalSeconds: 300,
    staleAfterIntervals: 3,
    sessionTimeoutSeconds: 0,
    authLogRetentionDays: 90,
  };

  it('sends only the settings that changed, so the others keep following their defaults', () => {
    const values = { ...formFromSettings(saved), blockedMode: 'POOL' as const, interimIntervalSeconds: ' 600 ', blockedPool: ' blocked ' };
    expect(settingsChanges(saved, values)).toEqual({ input: { blockedMode: 'POOL', interimIntervalSeconds: 600 }, errors: {} });
    expect(settingsChanges(saved, formFromSettings(saved)).input).toEqual({});
  });

  it('names a number that is not a whole number instead of sending it', () => {
    const { input, errors } = settingsChanges(saved, { ...formFromSettings(saved), staleAfterIntervals: '2.5', authLogRetentionDays: '' });
    expect(errors).toEqual({ staleAfterIntervals: 'must be a whole number', authLogRetentionDays: 'must be a whole number' });
    expect(input).toEqual({});
  });

  it('reads a number input that Svelte turned into a number, or null when emptied', () => {
    const values = { ...formFromSettings(saved), interimIntervalSeconds: 600 as unknown as string, authLogRetentionDays: null as unknown as string };
    expect(settingsChanges(saved, values)).toEqual({ input: { interimIntervalSeconds: 600 }, errors: { authLogRetentionDays: 'must be a whole number' } });
  });

  it('says a period in words', () => {
    expect(formatPeriod(1800)).toBe('30 min');
    expect(formatPeriod(5400)).toBe('1 h 30 min');
    expect(formatPeriod(45)).toBe('45 s');
    expect(formatPeriod(0)).toBe('0 s');
  });
});
