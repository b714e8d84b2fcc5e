/** IP networks: utilisation, form ↔ input, list and assignment URL state. Pure. */
import { field, InputBuilder, type FormInput } from './network-form';
import { oneOf, parseCursor, positiveInt, search, writeCursor, type Cursor } from './network-list';

export const IP_FAMILIES = ['IPV4', 'IPV6'] as const;
export type IpFamilyValue = (typeof IP_FAMILIES)[number];

/** As the API's IpNetworkUsage enum defines them. */
export const IP_USAGES = ['STATIC', 'POOL', 'PREFIX_DELEGATION', 'BLOCKED'] as const;
export type IpUsageValue = (typeof IP_USAGES)[number];

export const USAGE_NAMES: Record<IpUsageValue, string> = {
  STATIC: 'Static addresses',
  POOL: 'Dynamic pool',
  PREFIX_DELEGATION: 'Prefix delegation',
  BLOCKED: 'Blocked pool',
};

export const USAGE_HINTS: Record<IpUsageValue, string> = {
  STATIC: 'Fixed addresses given to services by hand or on creation.',
  POOL: 'Handed out per session; RADIUS sends its pool name (Framed-Pool).',
  PREFIX_DELEGATION: 'IPv6: a prefix of the given length per subscriber.',
  BLOCKED: 'Where blocked subscribers land, when the RADIUS settings use a blocked pool.',
};

export const FAMILY_NAMES: Record<IpFamilyValue, string> = { IPV4: 'IPv4', IPV6: 'IPv6' };

export const ASSIGNMENT_KINDS = ['STATIC', 'RESERVED', 'DYNAMIC'] as const;

export interface Utilisation {
  /** 0–100 (not rounded). */
  percent: number;
  /** "12 of 254 used (4.7 %)". */
  label: string;
  /** ok below 75 %, warn from 75 %, full from 90 %. */
  level: 'ok' | 'warn' | 'full';
}

/** A capacity for people: grouped digits, or 2^n for the huge powers of two of IPv6. */
export function formatCapacity(capacity: string): string {
  const n = BigInt(capacity);
  if (n > 1_000_000_000_000n && (n & (n - 1n)) === 0n) return `2^${n.toString(2).length - 1}`;
  return n.toLocaleString('en-US');
}

/** Used of capacity; `capacity` is a decimal string (IPv6 counts exceed 2^53). */
export function utilisation(used: number, capacity: string): Utilisation {
  const cap = /^\d+$/.test(capacity) ? BigInt(capacity) : 0n;
  // Hundredths of a percent in BigInt, so a /64 with a handful used is not 0/NaN.
  const percent = cap === 0n ? (used > 0 ? 100 : 0) : Math.min(100, Number((BigInt(used) * 10_000n) / cap) / 100);
  const shown = used > 0 && percent < 0.1 ? '< 0.1' : percent.toLocaleString('en-US', { maximumFractionDigits: percent < 10 ? 1 : 0 });
  return {
    percent,
    label: `${used.toLocaleString('en-US')} of ${formatCapacity(String(cap))} used (${shown} %)`,
    level: percent >= 90 ? 'full' : percent >= 75 ? 'warn' : 'ok',
  };
}

export interface IpNetworkRecord {
  cidr: string;
  usage: string;
  title: string;
  poolName: string | null;
  delegatedPrefixLength: number | null;
  gateway: string | null;
  comment: string | null;
  router: { number: number } | null;
  partner?: { number: number } | null | undefined;
}

export interface IpNetworkFormFields {
  cidr: string;
  usage: IpUsageValue;
  title: string;
  poolName: string;
  delegatedPrefixLength: string;
  gateway: string;
  routerId: string;
  /** The partner's number, "" for none; null when the form does not offer the choice (then it is not sent). */
  partnerId: string | null;
  comment: string;
}

export const EMPTY_IP_NETWORK: IpNetworkFormFields = {
  cidr: '',
  usage: 'STATIC',
  title: '',
  poolName: '',
  delegatedPrefixLength: '',
  gateway: '',
  routerId: '',
  partnerId: null,
  comment: '',
};

export const IP_NETWORK_FORM_FIELDS = Object.keys(EMPTY_IP_NETWORK);

export function formFromIpNetwork(n: IpNetworkRecord, offerPartner: boolean): IpNetworkFormFields {
  return {
    cidr: n.cidr,
    usage: oneOf(IP_USAGES, n.usage) ?? 'STATIC',
    title: n.title,
    poolName: n.poolName ?? '',
    delegatedPrefixLength: field(n.delegatedPrefixLength),
    gateway: n.gateway ?? '',
    routerId: field(n.router?.number),
    partnerId: offerPartner ? field(n.partner?.number) : null,
    comment: n.comment ?? '',
  };
}

/** Whether the usage hands out addresses by pool name (RADIUS Framed-Pool). */
export function usesPoolName(usage: IpUsageValue): boolean {
  return usage !== 'STATIC';
}

/** IpNetworkInput for create (`editing` false) or update; fields the usage does not use are cleared. */
export function ipNetworkInput(values: IpNetworkFormFields, editing: boolean): FormInput {
  const b = new InputBuilder(editing ? 'null' : 'omit')
    .required('cidr', values.cidr)
    .set('usage', values.usage)
    .required('title', values.title)
    .text('poolName', usesPoolName(values.usage) ? values.poolName : '')
    .int('delegatedPrefixLength', values.usage === 'PREFIX_DELEGATION' ? values.delegatedPrefixLength : '')
    .text('gateway', values.gateway)
    .id('routerId', values.routerId)
    .text('comment', values.comment);
  if (values.partnerId !== null) b.id('partnerId', values.partnerId);
  return b.build();
}

export interface AssignFormFields {
  address: string;
  kind: 'STATIC' | 'RESERVED';
  description: string;
}

export const EMPTY_ASSIGNMENT: AssignFormFields = { address: '', kind: 'RESERVED', description: '' };
export const ASSIGN_FORM_FIELDS = Object.keys(EMPTY_ASSIGNMENT);

/** AssignIpInput: without an address the API takes the first free one. */
export function assignInput(networkNumber: number, values: AssignFormFields): { networkId: number; [key: string]: unknown } {
  const { input } = new InputBuilder('omit').text('address', values.address).set('kind', values.kind).text('description', values.description).build();
  return { networkId: networkNumber, ...input };
}

export interface IpNetworkListParams {
  family: IpFamilyValue | null;
  usage: IpUsageValue | null;
  routerId: number | null;
  cursor: Cursor;
}

export function parseIpNetworkParams(query: URLSearchParams): IpNetworkListParams {
  return {
    family: oneOf(IP_FAMILIES, query.get('family')),
    usage: oneOf(IP_USAGES, query.get('usage')),
    routerId: positiveInt(query.get('router')),
    cursor: parseCursor(query),
  };
}

export function ipNetworkQuery(params: IpNetworkListParams): string {
  const query = new URLSearchParams();
  if (params.family) query.set('family', params.family);
  if (params.usage) query.set('usage', params.usage);
  if (params.routerId) query.set('router', String(params.routerId));
  writeCursor(query, params.cursor);
  return search(query);
}

export function ipNetworkVariables(params: IpNetworkListParams) {
  return {
    ...(params.family ? { family: params.family } : {}),
    ...(params.usage ? { usage: params.usage } : {}),
    ...(params.routerId ? { routerId: params.routerId } : {}),
  };
}

/**
 * Whether text could be an address or block ("10.1.2.3", "10.1.0.0/16", "2001:db8::/48"): the
 * API refuses anything else with an error for the whole request, so the page checks first and
 * says so next to the search box. The API still decides (e.g. 10.1.2.300).
 */
export function looksLikeAddress(text: string): boolean {
  return /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)(\/\d{1,3})?$/i.test(text.trim());
}

export interface AssignmentListParams {
  /** An address or block inside the network ("who has 10.1.2.3"). */
  within: string;
  cursor: Cursor;
}

export function parseAssignmentParams(query: URLSearchParams): AssignmentListParams {
  return { within: (query.get('within') ?? '').trim().slice(0, 64), cursor: parseCursor(query) };
}

export function assignmentQuery(params: AssignmentListParams): string {
  const query = new URLSearchParams();
  if (params.within) query.set('within', params.within);
  writeCursor(query, params.cursor);
  return search(query);
}
