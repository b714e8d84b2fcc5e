/**
 * Between the administration forms (strings as typed) and the API's inputs: staff members,
 * partners, API keys and the RADIUS settings. Pure: tested without a browser. Empty optional
 * fields are left out when creating and cleared (null) when editing.
 */
import { numberOfGlobalId } from './customer-list';

/** Trimmed text fields: set when filled, null when emptied while editing, else left out. */
function optionalTexts<T, K extends keyof T & string>(values: T, keys: readonly K[], editing: boolean): Partial<Record<K, string | null>> {
  const out: Partial<Record<K, string | null>> = {};
  for (const key of keys) {
    const v = String(values[key]).trim();
    if (v !== '') out[key] = v;
    else if (editing) out[key] = null;
  }
  return out;
}

/** Local midnight after a YYYY-MM-DD day: a date given as "until" includes that whole day. */
export function endOfDay(date: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d + 1);
}

// ── staff ────────────────────────────────────────────────────────────────────────────────────

export interface StaffFormFields {
  username: string;
  name: string;
  email: string;
  /** Empty when editing means "keep the password". */
  password: string;
  /** The role's number, as the select holds it. */
  roleId: string;
  /** The partner's number; empty for staff of the whole ISP. */
  partnerId: string;
  active: boolean;
}

export interface StaffRecord {
  username: string;
  name: string;
  email: string | null;
  active: boolean;
  role: { id: string };
  /** Absent when the list was loaded without partners (no partners:read). */
  partner?: { number: number } | null | undefined;
}

export const EMPTY_STAFF: StaffFormFields = { username: '', name: '', email: '', password: '', roleId: '', partnerId: '', active: true };

export const STAFF_FORM_FIELDS = Object.keys(EMPTY_STAFF);

export function formFromStaff(s: StaffRecord): StaffFormFields {
  return {
    username: s.username,
    name: s.name,
    email: s.email ?? '',
    password: '',
    roleId: String(numberOfGlobalId(s.role.id) ?? ''),
    partnerId: s.partner ? String(s.partner.number) : '',
    active: s.active,
  };
}

/**
 * StaffUserInput. `choosePartner` is false for staff bound to a partner (the API puts the people
 * they create in their own partner), so the partner is not sent at all.
 */
export function staffInput(values: StaffFormFields, options: { editing: boolean; choosePartner: boolean }): Record<string, unknown> {
  const input: Record<string, unknown> = {
    username: values.username.trim(),
    name: values.name.trim(),
    ...optionalTexts(values, ['email'], options.editing),
    active: values.active,
  };
  if (values.password !== '') input['password'] = values.password;
  if (values.roleId) input['roleId'] = Number(values.roleId);
  if (options.choosePartner) input['partnerId'] = values.partnerId ? Number(values.partnerId) : null;
  return input;
}

// ── partners ─────────────────────────────────────────────────────────────────────────────────

export interface PartnerFormFields {
  name: string;
  email: string;
  phone: string;
}

export const EMPTY_PARTNER: PartnerFormFields = { name: '', email: '', phone: '' };

export const PARTNER_FORM_FIELDS = Object.keys(EMPTY_PARTNER);

export function formFromPartner(p: { name: string; email: string | null; phone: string | null }): PartnerFormFields {
  return { name: p.name, email: p.email ?? '', phone: p.phone ?? '' };
}

export function partnerInput(values: PartnerFormFields, editing: boolean): Record<string, unknown> {
  return { name: values.name.trim(), ...optionalTexts(values, ['email', 'phone'], editing) };
}

// ── API keys ─────────────────────────────────────────────────────────────────────────────────

export interface ApiKeyFormFields {
  name: string;
  scopes: string[];
  /** Addresses or networks, one per line (commas and spaces work too). */
  allowedIps: string;
  /** YYYY-MM-DD: the key works until the end of that day; empty for no expiry. */
  expiresOn: string;
}

export const EMPTY_API_KEY: ApiKeyFormFields = { name: '', scopes: [], allowedIps: '', expiresOn: '' };

/** The form's fields, keyed as the API names them (`expiresAt` lands next to "Expires on"). */
export const API_KEY_FORM_FIELDS = ['name', 'scopes', 'allowedIps', 'expiresAt'];

/** The entries of an allow-list as typed: split on lines, commas and spaces; duplicates dropped. */
export function parseIpList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

export function apiKeyInput(values: ApiKeyFormFields) {
  return {
    name: values.name.trim(),
    scopes: [...values.scopes],
    allowedIps: parseIpList(values.allowedIps),
    ...(values.expiresOn ? { expiresAt: endOfDay(values.expiresOn).toISOString() } : {}),
  };
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

export function apiKeyState(key: { revokedAt: string | null; expiresAt: string | null }, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

// ── RADIUS settings ──────────────────────────────────────────────────────────────────────────

export type BlockedMode = 'ADDRESS_LIST' | 'POOL' | 'REJECT';
export type PoolAddresses = 'NAS' | 'BACKHAUL';

export interface RadiusSettingsRecord {
  blockedMode: BlockedMode;
  blockedAddressList: string;
  blockedPool: string;
  poolAddresses: PoolAddresses;
  blockedRateKbps: number;
  interimIntervalSeconds: number;
  staleAfterIntervals: number;
  sessionTimeoutSeconds: number;
  authLogRetentionDays: number;
}

const NUMBER_SETTINGS = ['blockedRateKbps', 'interimIntervalSeconds', 'staleAfterIntervals', 'sessionTimeoutSeconds', 'authLogRetentionDays'] as const;
type NumberSetting = (typeof NUMBER_SETTINGS)[number];

/** The settings as the form holds them: numbers as typed. */
export type RadiusSettingsFields = Omit<RadiusSettingsRecord, NumberSetting> & Record<NumberSetting, string>;

/** A setting's period in words: "30 min", "2 h", "1 h 30 min", "45 s". */
export function formatPeriod(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s || seconds === 0 ? `${s} s` : ''].filter(Boolean).join(' ');
}

export const RADIUS_SETTINGS_FIELDS = ['blockedMode', 'blockedAddressList', 'blockedPool', 'poolAddresses', ...NUMBER_SETTINGS];

export function formFromSettings(s: RadiusSettingsRecord): RadiusSettingsFields {
  return {
    blockedMode: s.blockedMode,
    blockedAddressList: s.blockedAddressList,
    blockedPool: s.blockedPool,
    poolAddresses: s.poolAddresses,
    blockedRateKbps: String(s.blockedRateKbps),
    interimIntervalSeconds: String(s.interimIntervalSeconds),
    staleAfterIntervals: String(s.staleAfterIntervals),
    sessionTimeoutSeconds: String(s.sessionTimeoutSeconds),
    authLogRetentionDays: String(s.authLogRetentionDays),
  };
}

/**
 * The settings that changed, as UpdateRadiusSettingsInput: only those, because the API keeps an
 * unchanged setting following its default. A number that is not a whole number is an error
 * here (the API takes integers only), named by its field.
 */
export function settingsChanges(saved: RadiusSettingsRecord, values: RadiusSettingsFields): { input: Partial<RadiusSettingsRecord>; errors: Record<string, string> } {
  const input: Partial<Record<keyof RadiusSettingsRecord, unknown>> = {};
  const errors: Record<string, string> = {};
  for (const key of ['blockedMode', 'poolAddresses'] as const) if (values[key] !== saved[key]) input[key] = values[key];
  for (const key of ['blockedAddressList', 'blockedPool'] as const) if (values[key].trim() !== saved[key]) input[key] = values[key].trim();
  for (const key of NUMBER_SETTINGS) {
    // A number input bound by Svelte holds a number (or null when empty) once edited.
    const text = String(values[key] ?? '').trim();
    if (!/^\d{1,10}$/.test(text)) errors[key] = 'must be a whole number';
    else if (Number(text) !== saved[key]) input[key] = Number(text);
  }
  return { input: input as Partial<RadiusSettingsRecord>, errors };
}
