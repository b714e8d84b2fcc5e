/**
 * The audit-log search: its filters kept in the URL (`/admin/audit?action=customer.&staff=3`),
 * the API's filter built from them, whether a row that just arrived live matches them, and a
 * readable diff of a row's before/after JSON. Pure functions: tested without a browser.
 */
import { parsePage, withPage } from './admin-paging';
import { FIRST_PAGE, type CursorPage } from './cursor-page';

export interface AuditFilters {
  /** An action, or a prefix ending in a dot (`customer.` is every customer change). */
  action: string;
  entity: string;
  entityId: string;
  staffNumber: number | null;
  customerNumber: number | null;
  /** Days, YYYY-MM-DD, both included, in the viewer's time zone. */
  from: string;
  to: string;
}

export interface AuditParams extends AuditFilters {
  page: CursorPage;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { action: '', entity: '', entityId: '', staffNumber: null, customerNumber: null, from: '', to: '' };

/** Prefixes offered as suggestions for the action filter. */
export const AUDIT_ACTION_PREFIXES = [
  'customer.',
  'service.',
  'tariff.',
  'router.',
  'ipNetwork.',
  'ipAssignment.',
  'partner.',
  'staff.',
  'role.',
  'apiKey.',
  'auth.',
  'radius.',
] as const;

/** The entities the API records, offered as suggestions for the entity filter. */
export const AUDIT_ENTITIES = [
  'Customer',
  'Service',
  'Tariff',
  'Router',
  'IpNetwork',
  'IpAssignment',
  'RadiusSession',
  'Partner',
  'StaffUser',
  'StaffSession',
  'Role',
  'ApiKey',
  'Setting',
  'RadiusTemplate',
] as const;

function positiveInt(value: string | null): number | null {
  if (!value || !/^\d{1,9}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n > 0 ? n : null;
}

function day(value: string | null): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
}

const text = (value: string | null, max: number): string => (value ?? '').trim().slice(0, max);

export function parseAuditParams(query: URLSearchParams): AuditParams {
  return {
    action: text(query.get('action'), 100),
    entity: text(query.get('entity'), 100),
    entityId: text(query.get('entityId'), 100),
    staffNumber: positiveInt(query.get('staff')),
    customerNumber: positiveInt(query.get('customer')),
    from: day(query.get('from')),
    to: day(query.get('to')),
    page: parsePage(query),
  };
}

/** The URL query of `params` (with its leading `?`, or '' when there is nothing to say). */
export function auditQuery(params: AuditParams): string {
  const query = new URLSearchParams();
  if (params.action) query.set('action', params.action);
  if (params.entity) query.set('entity', params.entity);
  if (params.entityId) query.set('entityId', params.entityId);
  if (params.staffNumber) query.set('staff', String(params.staffNumber));
  if (params.customerNumber) query.set('customer', String(params.customerNumber));
  if (params.from) query.set('from', params.from);
  if (params.to) query.set('to', params.to);
  const text = withPage(query, params.page).toString();
  return text ? `?${text}` : '';
}

/** New filters start at the first page. */
export function withAuditFilters(filters: AuditFilters): AuditParams {
  return { ...filters, page: FIRST_PAGE };
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return (Object.keys(EMPTY_AUDIT_FILTERS) as Array<keyof AuditFilters>).some((key) => filters[key] !== EMPTY_AUDIT_FILTERS[key]);
}

/** Local midnight of a YYYY-MM-DD day, `plusDays` later. */
function localMidnight(date: string, plusDays = 0): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays);
}

/** The API's AuditLogFilter: `to` is the end of that day (the API's `to` is exclusive). */
export function auditFilterInput(filters: AuditFilters) {
  return {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.staffNumber ? { staffNumber: filters.staffNumber } : {}),
    ...(filters.customerNumber ? { customerNumber: filters.customerNumber } : {}),
    ...(filters.from ? { from: localMidnight(filters.from).toISOString() } : {}),
    ...(filters.to ? { to: localMidnight(filters.to, 1).toISOString() } : {}),
  };
}

export interface AuditRowLike {
  at: string;
  action: string;
  entity: string;
  entityId: string;
  customerNumber?: number | null;
  actorStaff?: { number: number } | null;
}

/** Whether a row (one that just arrived live) belongs in the list the filters describe. */
export function matchesAuditFilters(row: AuditRowLike, filters: AuditFilters): boolean {
  if (filters.action && (filters.action.endsWith('.') ? !row.action.startsWith(filters.action) : row.action !== filters.action)) return false;
  if (filters.entity && row.entity !== filters.entity) return false;
  if (filters.entityId && row.entityId !== filters.entityId) return false;
  if (filters.staffNumber && row.actorStaff?.number !== filters.staffNumber) return false;
  if (filters.customerNumber && row.customerNumber !== filters.customerNumber) return false;
  const at = Date.parse(row.at);
  if (filters.from && at < localMidnight(filters.from).getTime()) return false;
  if (filters.to && at >= localMidnight(filters.to, 1).getTime()) return false;
  return true;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface AuditChange {
  /** Dotted path of the field: `status`, `ipAssignments.0.address`. */
  path: string;
  kind: ChangeKind;
  /** JSON text of the value, or null when the field is absent on that side. */
  before: string | null;
  after: string | null;
}

/** Bookkeeping every change touches: left out of diffs, it would only add noise. */
const NOISE = new Set(['updatedAt']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaves of a JSON value as path → JSON text; objects are walked, arrays are kept whole. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isPlainObject(value) && (prefix === '' || Object.keys(value).length > 0)) {
    for (const [key, inner] of Object.entries(value)) {
      if (prefix === '' && NOISE.has(key)) continue;
      flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    }
    return;
  }
  if (prefix !== '') out.set(prefix, JSON.stringify(value ?? null));
}

/**
 * The fields that differ between a row's before and after, sorted by path: created records show
 * every field as added, deleted ones as removed. Nested objects are compared field by field;
 * arrays as a whole (a role's permission list reads best as the two lists).
 */
export function auditDiff(before: unknown, after: unknown): AuditChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(isPlainObject(before) ? before : { value: before }, '', a);
  if (after !== null && after !== undefined) flatten(isPlainObject(after) ? after : { value: after }, '', b);
  const changes: AuditChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(path) ?? null;
    const now = b.get(path) ?? null;
    if (was === now) continue;
    changes.push({ path, kind: was === null ? 'added' : now === null ? 'removed' : 'changed', before: was, after: now });
  }
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}

/** One line per change, "status: "ACTIVE" → "BLOCKED"", for compact lists. */
export function changeLine(change: AuditChange): string {
  return `${change.path}: ${change.before ?? '—'} → ${change.after ?? '—'}`;
}

export interface AuditActorLike {
  actorType: string;
  apiKeyName?: string | null;
  actorStaff?: { name: string } | null;
}

/** Who made a change, in words. */
export function auditActor(entry: AuditActorLike): string {
  if (entry.actorStaff) return entry.actorStaff.name;
  if (entry.apiKeyName) return `API key “${entry.apiKeyName}”`;
  if (entry.actorType === 'SYSTEM') return 'System';
  if (entry.actorType === 'CUSTOMER') return 'The customer (portal)';
  return entry.actorType === 'STAFF' ? 'A deleted staff member' : 'A deleted API key';
}
