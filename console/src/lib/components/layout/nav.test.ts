import { describe, expect, it } from 'vitest';
import { allowedNav, allowedPages, isCurrent } from './nav';

describe('navigation', () => {
  it('shows only the sections the permissions allow', () => {
    const technician = new Set(['customers:read', 'sessions:read']); // the RADIUS log is a Network page
    expect(allowedNav((p) => technician.has(p)).map((i) => i.label)).toEqual(['Dashboard', 'Customers', 'Network']);
    expect(allowedNav(() => false)).toEqual([]);
  });

  it('shows a section to whoever may open one of its pages, with only those pages', () => {
    const auditor = new Set(['audit:read']);
    expect(allowedNav((p) => auditor.has(p)).map((i) => i.label)).toEqual(['Administration']);
    expect(allowedPages('/admin', (p) => auditor.has(p)).map((p) => p.href)).toEqual(['/admin/audit']);
    expect(allowedPages('/customers', () => true)).toEqual([]);
  });

  it('marks a section current on its sub-pages', () => {
    expect(isCurrent('/customers', '/customers/42')).toBe(true);
    expect(isCurrent('/', '/customers')).toBe(false);
  });
});
