import { describe, expect, it } from 'vitest';
import { allowedNav, allowedPages, isCurrent } from './nav';

describe('navigation', () => {
  it('shows only the sections the permissions allow', () => {
    const technician = new Set(['customers:read', 'sessions:read']); // the RADIUS log is a Network page
    expect(allowedNav({ can: (p) => technician.has(p) }).map((i) => i.label)).toEqual(['Dashboard', 'Customers', 'Network']);
    expect(allowedNav({ can: () => false })).toEqual([]);
  });

  it('shows a section to whoever may open one of its pages, with only those pages', () => {
    const auditor = new Set(['audit:read']);
    expect(allowedNav({ can: (p) => auditor.has(p) }).map((i) => i.label)).toEqual(['Administration']);
    expect(allowedPages('/admin', { can: (p) => auditor.has(p) }).map((p) => p.href)).toEqual(['/admin/audit']);
    expect(allowedPages('/customers', { can: () => true })).toEqual([]);
  });

  it('keeps the pages that change the whole ISP from staff bound to a partner', () => {
    const settingsOnly = new Set(['settings:write']);
    expect(allowedPages('/admin', { can: (p) => settingsOnly.has(p) }).map((p) => p.href)).toEqual(['/admin/settings']);
    expect(allowedPages('/admin', { can: (p) => settingsOnly.has(p), partnerBound: true })).toEqual([]);
    expect(allowedNav({ can: (p) => settingsOnly.has(p), partnerBound: true })).toEqual([]);
    expect(allowedNav({ can: () => true, partnerBound: true }).map((i) => i.label)).toContain('Administration');
  });

  it('marks a section current on its sub-pages', () => {
    expect(isCurrent('/customers', '/customers/42')).toBe(true);
    expect(isCurrent('/', '/customers')).toBe(false);
  });
});
