/**
 * Reply-attribute templates: which attributes an Access-Accept carries for each NAS vendor, as
 * text the ISP can edit (RadiusTemplate rows), not code. One attribute per line:
 *
 *   # comment
 *   Mikrotik-Rate-Limit = "{rateLimit}"
 *   Framed-IP-Address = {framedIp}
 *
 * A value may hold placeholders ({name}, see PLACEHOLDERS). A line whose placeholders are all
 * empty for a subscriber is left out (no static IP: no Framed-IP-Address). Pure functions: the
 * GraphQL API validates with `parseTemplate`, the RADIUS process renders with `renderTemplate`.
 */
import type { AttributeDef, DataType, Dictionary } from './dictionary.ts';

/** The values a template can use, with what they hold. */
export const PLACEHOLDERS = {
  login: 'the service login',
  framedIp: "the service's static IPv4 address",
  framedIpv6Prefix: "the service's static IPv6 prefix",
  pool: 'the IPv4 pool to take an address from (the blocked pool in the blocked state)',
  ipv6Pool: 'the IPv6 prefix-delegation pool',
  rateLimit: 'MikroTik rate limit "up/down [burst-up/burst-down threshold-up/threshold-down time/time priority]"',
  downloadKbps: 'download speed, kbit/s',
  uploadKbps: 'upload speed, kbit/s',
  downloadBps: 'download speed, bit/s',
  uploadBps: 'upload speed, bit/s',
  priority: 'tariff priority (1 highest … 8)',
  addressList: 'the MikroTik address list (the blocked list in the blocked state)',
  sessionTimeout: 'Session-Timeout in seconds (empty when the settings send none)',
  interimInterval: 'Acct-Interim-Interval in seconds',
  class: 'Class: identifies the service in accounting (bh:<service id>)',
  tariff: 'the tariff name',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Partial<Record<Placeholder, string | number | null>>;

/** Attributes a template must not set: the protocol computes them, or they carry secrets. */
const RESERVED = new Set([
  'Message-Authenticator', 'Proxy-State', 'User-Password', 'CHAP-Password', 'EAP-Message',
  'MS-MPPE-Send-Key', 'MS-MPPE-Recv-Key', 'MS-CHAP2-Success', 'MS-CHAP-Error', 'Reply-Message',
]);

const NUMERIC: ReadonlySet<DataType> = new Set(['integer', 'integer64', 'byte', 'short', 'signed', 'date']);
const LINE = /^([A-Za-z][\w.-]*)\s*(?:\+?=)\s*(.*)$/;
const PLACEHOLDER = /\{(\w+)\}/g;

export interface TemplateLine {
  readonly line: number;
  readonly def: AttributeDef;
  /** The value with its placeholders, quotes removed. */
  readonly value: string;
  readonly placeholders: readonly Placeholder[];
}

export interface TemplateProblem {
  readonly line: number;
  readonly message: string;
}

export type ParsedTemplate = { readonly ok: true; readonly lines: readonly TemplateLine[] } | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

export function parseTemplate(text: string, dictionary: Dictionary): ParsedTemplate {
  const lines: TemplateLine[] = [];
  const problems: TemplateProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const source = raw.trim();
    if (source === '' || source.startsWith('#')) return;
    const match = LINE.exec(source);
    if (!match) {
      problems.push({ line, message: 'expected "Attribute-Name = value"' });
      return;
    }
    const [, name = '', rawValue = ''] = match;
    const def = dictionary.attributes.get(name);
    if (!def) {
      problems.push({ line, message: `unknown attribute ${name}` });
      return;
    }
    if (RESERVED.has(def.name)) {
      problems.push({ line, message: `${def.name} is set by the RADIUS server itself` });
      return;
    }
    const value = unquote(rawValue.trim());
    if (value === '') {
      problems.push({ line, message: `${def.name} has no value` });
      return;
    }
    const placeholders = [...value.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
    const unknown = placeholders.filter((p) => !Object.hasOwn(PLACEHOLDERS, p));
    if (unknown.length > 0) {
      problems.push({ line, message: `unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')}` });
      return;
    }
    if (NUMERIC.has(def.dataType) && placeholders.length === 0 && !/^\d+$/.test(value) && !def.values.has(value)) {
      problems.push({ line, message: `${def.name} takes a number${def.values.size > 0 ? ' or one of its named values' : ''}` });
      return;
    }
    lines.push({ line, def, value, placeholders: placeholders as Placeholder[] });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines };
}

/** An attribute ready for the encoder (structurally the codec's AttributeInput). */
export interface RenderedAttribute {
  readonly def: AttributeDef;
  readonly value: string | number;
}

export function renderTemplate(lines: readonly TemplateLine[], values: TemplateValues): RenderedAttribute[] {
  const out: RenderedAttribute[] = [];
  for (const { def, value, placeholders } of lines) {
    if (placeholders.length > 0 && placeholders.every((p) => isEmpty(values[p]))) continue;
    const text = placeholders.length === 0 ? value : value.replace(PLACEHOLDER, (_, p: Placeholder) => (isEmpty(values[p]) ? '' : String(values[p])));
    out.push({ def, value: NUMERIC.has(def.dataType) && /^\d+$/.test(text) ? Number(text) : text });
  }
  return out;
}

function isEmpty(value: string | number | null | undefined): boolean {
  return value === undefined || value === null || value === '';
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

type Vendor = 'MIKROTIK' | 'CISCO' | 'JUNIPER' | 'UBNT' | 'OTHER';
type Purpose = 'ACCEPT' | 'BLOCKED';

const COMMON = `Framed-IP-Address = {framedIp}
Framed-Pool = {pool}
Framed-IPv6-Prefix = {framedIpv6Prefix}
Session-Timeout = {sessionTimeout}
Acct-Interim-Interval = {interimInterval}
Class = "{class}"`;

const RATE: Record<Vendor, string> = {
  MIKROTIK: `Mikrotik-Rate-Limit = "{rateLimit}"
Mikrotik-Delegated-IPv6-Pool = {ipv6Pool}`,
  CISCO: `Cisco-AVPair = "lcp:interface-config#1=rate-limit input {uploadBps} 8000 8000 conform-action transmit exceed-action drop"
Cisco-AVPair = "lcp:interface-config#2=rate-limit output {downloadBps} 8000 8000 conform-action transmit exceed-action drop"`,
  JUNIPER: 'Juniper-CoS-Parameter = "T02 {downloadKbps}k"',
  UBNT: `WISPr-Bandwidth-Max-Down = {downloadBps}
WISPr-Bandwidth-Max-Up = {uploadBps}`,
  OTHER: `WISPr-Bandwidth-Max-Down = {downloadBps}
WISPr-Bandwidth-Max-Up = {uploadBps}`,
};

/** The templates a fresh installation starts with (editable afterwards). */
export function defaultTemplate(vendor: Vendor, purpose: Purpose): string {
  const list = vendor === 'MIKROTIK' && purpose === 'BLOCKED' ? '\nMikrotik-Address-List = "{addressList}"' : '';
  return `# ${vendor} ${purpose === 'ACCEPT' ? 'subscribers in good standing' : 'blocked subscribers'}\n${COMMON}\n${RATE[vendor]}${list}\n`;
}

export const TEMPLATE_VENDORS: readonly Vendor[] = ['MIKROTIK', 'CISCO', 'JUNIPER', 'UBNT', 'OTHER'];
export const TEMPLATE_PURPOSES: readonly Purpose[] = ['ACCEPT', 'BLOCKED'];
