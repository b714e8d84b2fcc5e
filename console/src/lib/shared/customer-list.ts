/**
 * The customer list's state, kept in the page's URL (`/customers?search=smith&status=BLOCKED`),
 * so a search is a link to share and survives a reload. Pure functions: tested without a browser.
 */

export const CUSTOMER_STATUSES = ['ACTIVE', 'BLOCKED', 'NEW', 'INACTIVE'] as const;
export type CustomerStatusValue = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_SORT_FIELDS = ['ID', 'NAME', 'STATUS', 'CITY', 'BALANCE', 'CREATED_AT'] as const;
export type CustomerSortFieldValue = (typeof CUSTOMER_SORT_FIELDS)[number];

/** Rows per page: one screen on a desktop, a few thumb-scrolls on a phone. */
export const PAGE_SIZE = 50;

export interface CustomerListParams {
  search: string;
  status: CustomerStatusValue[];
  tariffId: number | null;
  routerId: number | null;
  partnerId: number | null;
  sort: { field: CustomerSortFieldValue; direction: 'ASC' | 'DESC' } | null;
  /** Cursor of the page: rows after `after`, or before `before`. */
  after: string | null;
  before: string | null;
  /** 1-based position of the page's first row, for "51–100 of 1,000+". */
  from: number;
}

function positiveInt(value: string | null): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

export function parseListParams(query: URLSearchParams): CustomerListParams {
  const statuses = (query.get('status') ?? '')
    .split(',')
    .filter((s): s is CustomerStatusValue => (CUSTOMER_STATUSES as readonly string[]).includes(s));
  const [field, direction] = (query.get('sort') ?? '').split(':');
  const sort =
    field && (CUSTOMER_SORT_FIELDS as readonly string[]).includes(field)
      ? { field: field as CustomerSortFieldValue, direction: direction === 'DESC' ? ('DESC' as const) : ('ASC' as const) }
      : null;
  const after = query.get('after');
  const before = after ? null : query.get('before');
  return {
    search: (query.get('search') ?? '').slice(0, 200),
    status: [...new Set(statuses)],
    tariffId: positiveInt(query.get('tariff')),
    routerId: positiveInt(query.get('router')),
    partnerId: positiveInt(query.get('partner')),
    sort,
    after: after || null,
    before: before || null,
    from: after || before ? (positiveInt(query.get('from')) ?? 1) : 1,
  };
}

/** The URL query for `params`; defaults are left out so links stay short. */
export function listQuery(params: CustomerListParams): string {
  const query = new URLSearchParams();
  if (params.search.trim()) query.set('search', params.search.trim());
  if (params.status.length > 0) query.set('status', params.status.join(','));
  if (params.tariffId) query.set('tariff', String(params.tariffId));
  if (params.routerId) query.set('router', String(params.routerId));
  if (params.partnerId) query.set('partner', String(params.partnerId));
  if (params.sort) query.set('sort', `${params.sort.field}:${params.sort.direction}`);
  if (params.after) query.set('after', params.after);
  else if (params.before) query.set('before', params.before);
  if ((params.after || params.before) && params.from > 1) query.set('from', String(params.from));
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** Any change of search, filter or sort starts again at the first page. */
export function withFilters(params: CustomerListParams, change: Partial<Omit<CustomerListParams, 'after' | 'before' | 'from'>>): CustomerListParams {
  return { ...params, ...change, after: null, before: null, from: 1 };
}

/** The GraphQL variables of the page `params` describes. */
export function listVariables(params: CustomerListParams) {
  const search = params.search.trim();
  return {
    filter: {
      ...(search ? { search } : {}),
      ...(params.status.length > 0 ? { status: params.status } : {}),
      ...(params.tariffId ? { tariffId: params.tariffId } : {}),
      ...(params.routerId ? { routerId: params.routerId } : {}),
      ...(params.partnerId ? { partnerId: params.partnerId } : {}),
    },
    ...(params.sort ? { orderBy: params.sort } : {}),
    ...(params.before ? { last: PAGE_SIZE, before: params.before } : { first: PAGE_SIZE, ...(params.after ? { after: params.after } : {}) }),
  };
}

/** A customer's Relay global ID from the number staff quote (the API's default encoding). */
export function customerGlobalId(number: number): string {
  return btoa(`Customer:${number}`);
}

/** The global ID of any node type, e.g. `nodeGlobalId('Service', 12)`. */
export function nodeGlobalId(type: string, number: number): string {
  return btoa(`${type}:${number}`);
}

/** The number inside a global ID (`Q3VzdG9tZXI6NDI=` → 42), or null. */
export function numberOfGlobalId(id: string): number | null {
  try {
    const [, n] = atob(id).split(':');
    return positiveInt(n ?? null);
  } catch {
    return null;
  }
}
