import { describe, expect, it } from 'vitest';
import {
  auditActor,
  auditDiff,
  auditFilterInput,
  auditQuery,
  changeLine,
  EMPTY_AUDIT_FILTERS,
  hasAuditFilters,
  matchesAuditFilters,
  parseAuditParams,
  withAuditFilters,
} from './admin-audit';

const parse = (query: string) => parseAuditParams(new URLSearchParams(query));

describe('audit-log search in the URL', () => {
  it('reads every filter and the page from the URL and writes them back the same', () => {
    const query = '?action=customer.&entity=Customer&entityId=42&staff=3&customer=42&from=2026-01-01&to=2026-01-31&after=c1&start=51';
    const params = parse(query);
    expect(params).toMatchObject({ action: 'customer.', entity: 'Customer', entityId: '42', staffNumber: 3, customerNumber: 42, from: '2026-01-01', to: '2026-01-31' });
    expect(auditQuery(params)).toBe(query);
  });

  it('drops malformed numbers and dates', () => {
    expect(parse('staff=abc&customer=0&from=yesterday&to=2026-13-45')).toMatchObject({ staffNumber: null, customerNumber: null, from: '', to: '' });
    expect(hasAuditFilters(parse(''))).toBe(false);
  });

  it('starts a new search at the first page', () => {
    expect(auditQuery(withAuditFilters({ ...EMPTY_AUDIT_FILTERS, action: 'role.' }))).toBe('?action=role.');
  });

  it('asks the API for whole days in the viewer’s time zone, the end day included', () => {
    const input = auditFilterInput({ ...EMPTY_AUDIT_FILTERS, from: '2026-03-01', to: '2026-03-02', staffNumber: 7 });
    expect(input).toEqual({ staffNumber: 7, from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 2, 3).toISOString() });
  });
});

describe('a row that arrives live', () => {
  const row = { at: new Date(2026, 2, 1, 12).toISOString(), action: 'customer.update', entity: 'Customer', entityId: '42', customerNumber: 42, actorStaff: { number: 3 } };

  it('joins a list whose filters it matches', () => {
    expect(matchesAuditFilters(row, EMPTY_AUDIT_FILTERS)).toBe(true);
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, action: 'customer.', staffNumber: 3, customerNumber: 42, from: '2026-03-01', to: '2026-03-01' })).toBe(true);
  });

  it('stays out of a list whose filters it does not match', () => {
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, action: 'customer.' + 'create' })).toBe(false);
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, action: 'customer' })).toBe(false);
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, staffNumber: 4 })).toBe(false);
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, to: '2026-02-28' })).toBe(false);
    expect(matchesAuditFilters(row, { ...EMPTY_AUDIT_FILTERS, entityId: '43' })).toBe(false);
  });
});

describe('audit diff', () => {
  it('lists only the fields that changed, nested ones by path, leaving out updatedAt', () => {
    const before = { status: 'ACTIVE', name: 'A', updatedAt: '1', address: { city: 'Tiel', zip: '1' } };
    const after = { status: 'BLOCKED', name: 'A', updatedAt: '2', address: { city: 'Ede', zip: '1' } };
    expect(auditDiff(before, after)).toEqual([
      { path: 'address.city', kind: 'changed', before: '"Tiel"', after: '"Ede"' },
      { path: 'status', kind: 'changed', before: '"ACTIVE"', after: '"BLOCKED"' },
    ]);
  });

  it('shows a created record as added fields and a deleted one as removed fields', () => {
    expect(auditDiff(null, { name: 'Ops', permissions: ['audit:read'] })).toEqual([
      { path: 'name', kind: 'added', before: null, after: '"Ops"' },
      { path: 'permissions', kind: 'added', before: null, after: '["audit:read"]' },
    ]);
    expect(auditDiff({ name: 'Ops' }, null)).toEqual([{ path: 'name', kind: 'removed', before: '"Ops"', after: null }]);
  });

  it('compares lists as a whole and tells a null from a missing field', () => {
    expect(auditDiff({ scopes: ['a'], email: null }, { scopes: ['a', 'b'] })).toEqual([
      { path: 'email', kind: 'removed', before: 'null', after: null },
      { path: 'scopes', kind: 'changed', before: '["a"]', after: '["a","b"]' },
    ]);
    expect(auditDiff('x', 'y')).toEqual([{ path: 'value', kind: 'changed', before: '"x"', after: '"y"' }]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  it('writes a change on one line', () => {
    expect(changeLine({ path: 'status', kind: 'changed', before: '"A"', after: '"B"' })).toBe('status: "A" → "B"');
    expect(changeLine({ path: 'email', kind: 'added', before: null, after: '"x"' })).toBe('email: — → "x"');
  });
});

describe('audit actor', () => {
  it('names the staff member, the API key, or the system', () => {
    expect(auditActor({ actorType: 'STAFF', actorStaff: { name: 'Ann' } })).toBe('Ann');
    expect(auditActor({ actorType: 'API_KEY', apiKeyName: 'billing' })).toBe('API key “billing”');
    expect(auditActor({ actorType: 'SYSTEM' })).toBe('System');
    expect(auditActor({ actorType: 'STAFF', actorStaff: null })).toBe('A deleted staff member');
  });
});
