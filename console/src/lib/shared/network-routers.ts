/** The router / NAS list and form: form ↔ input, when a NAS was last heard from. Pure. */
import { field, InputBuilder, type FormInput } from './network-form';
import { parseCursor, search, writeCursor, type Cursor } from './network-list';

export const ROUTER_VENDORS = ['MIKROTIK', 'CISCO', 'JUNIPER', 'UBNT', 'OTHER'] as const;
export type RouterVendorValue = (typeof ROUTER_VENDORS)[number];

export const VENDOR_NAMES: Record<RouterVendorValue, string> = {
  MIKROTIK: 'MikroTik',
  CISCO: 'Cisco',
  JUNIPER: 'Juniper',
  UBNT: 'Ubiquiti',
  OTHER: 'Other',
};

/** A NAS silent for longer than this is flagged: PPPoE concentrators send interims every few minutes. */
export const STALE_AFTER_MS = 5 * 60 * 1000;

export interface RouterRecord {
  title: string;
  vendor: string;
  model: string | null;
  ip: string;
  nasIp: string;
  requireMessageAuthenticator: boolean;
  coaPort: number;
  apiHost: string | null;
  apiPort: number | null;
  apiTls: boolean;
  apiUser: string | null;
  location: string | null;
  latitude: string | null;
  longitude: string | null;
  partner?: { number: number } | null | undefined;
}

export interface RouterFormFields {
  title: string;
  vendor: RouterVendorValue;
  model: string;
  ip: string;
  nasIp: string;
  /** Write-only: empty when editing keeps the stored secret. */
  radiusSecret: string;
  requireMessageAuthenticator: boolean;
  coaPort: string;
  apiHost: string;
  apiPort: string;
  apiTls: boolean;
  apiUser: string;
  /** Write-only: empty keeps the stored password (unless `clearApiPassword`). */
  apiPassword: string;
  clearApiPassword: boolean;
  location: string;
  latitude: string;
  longitude: string;
  /** The partner's number, "" for none; null when the form does not offer the choice (then it is not sent). */
  partnerId: string | null;
}

export const EMPTY_ROUTER: RouterFormFields = {
  title: '',
  vendor: 'MIKROTIK',
  model: '',
  ip: '',
  nasIp: '',
  radiusSecret: '',
  // BlastRADIUS (CVE-2024-3596): new NAS must sign their requests.
  requireMessageAuthenticator: true,
  coaPort: '3799',
  apiHost: '',
  apiPort: '',
  apiTls: true,
  apiUser: '',
  apiPassword: '',
  clearApiPassword: false,
  location: '',
  latitude: '',
  longitude: '',
  partnerId: null,
};

export const ROUTER_FORM_FIELDS = Object.keys(EMPTY_ROUTER);

export function formFromRouter(r: RouterRecord, offerPartner: boolean): RouterFormFields {
  return {
    title: r.title,
    vendor: (ROUTER_VENDORS as readonly string[]).includes(r.vendor) ? (r.vendor as RouterVendorValue) : 'OTHER',
    model: r.model ?? '',
    ip: r.ip,
    nasIp: r.nasIp,
    radiusSecret: '',
    requireMessageAuthenticator: r.requireMessageAuthenticator,
    coaPort: field(r.coaPort),
    apiHost: r.apiHost ?? '',
    apiPort: field(r.apiPort),
    apiTls: r.apiTls,
    apiUser: r.apiUser ?? '',
    apiPassword: '',
    clearApiPassword: false,
    location: r.location ?? '',
    latitude: r.latitude ?? '',
    longitude: r.longitude ?? '',
    partnerId: offerPartner ? field(r.partner?.number) : null,
  };
}

/** RouterInput for create (`editing` false) or update; secrets are sent only when typed. */
export function routerInput(values: RouterFormFields, editing: boolean): FormInput {
  const b = new InputBuilder(editing ? 'null' : 'omit')
    .required('title', values.title)
    .set('vendor', values.vendor)
    .text('model', values.model)
    .required('ip', values.ip)
    .required('nasIp', values.nasIp)
    .set('requireMessageAuthenticator', values.requireMessageAuthenticator)
    .int('coaPort', values.coaPort)
    .text('apiHost', values.apiHost)
    .int('apiPort', values.apiPort)
    .set('apiTls', values.apiTls)
    .text('apiUser', values.apiUser)
    .text('location', values.location)
    .decimal('latitude', values.latitude)
    .decimal('longitude', values.longitude);
  // Required when creating: sent even when empty, so the server names the field.
  if (values.radiusSecret !== '' || !editing) b.set('radiusSecret', values.radiusSecret);
  if (values.apiPassword !== '') b.set('apiPassword', values.apiPassword);
  else if (editing && values.clearApiPassword) b.set('apiPassword', null);
  if (values.partnerId !== null) b.id('partnerId', values.partnerId);
  return b.build();
}

/** NAS that sent anything in a `radiusRates` snapshot: they were heard from just now. */
export function activeNas(nas: ReadonlyArray<{ routerId: number; acceptsPerSecond: number; rejectsPerSecond: number; blockedPerSecond: number; accountingPerSecond: number }>): number[] {
  return nas.filter((n) => n.acceptsPerSecond + n.rejectsPerSecond + n.blockedPerSecond + n.accountingPerSecond > 0).map((n) => n.routerId);
}

/**
 * When the NAS was last heard from (ms): the later of the stored `lastPacketAt` (written every
 * ~10 s by RADIUS) and the last live snapshot that showed it sending.
 */
export function lastHeard(lastPacketAt: string | null | undefined, liveAt: number | undefined): number | null {
  const stored = lastPacketAt ? Date.parse(lastPacketAt) : Number.NaN;
  const known = [stored, liveAt ?? Number.NaN].filter((v) => Number.isFinite(v));
  return known.length > 0 ? Math.max(...known) : null;
}

/** Silent for too long (or never heard from). */
export function isStale(at: number | null, now: number): boolean {
  return at === null || now - at > STALE_AFTER_MS;
}

export interface RouterListParams {
  /** Part of the title or location. */
  search: string;
  cursor: Cursor;
}

export function parseRouterParams(query: URLSearchParams): RouterListParams {
  return { search: (query.get('search') ?? '').slice(0, 200), cursor: parseCursor(query) };
}

export function routerQuery(params: RouterListParams): string {
  const query = new URLSearchParams();
  if (params.search.trim()) query.set('search', params.search.trim());
  writeCursor(query, params.cursor);
  return search(query);
}
