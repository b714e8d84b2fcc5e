import { describe, expect, it } from 'vitest';
import { allowedNav, isCurrent } from './nav';

describe('navigation', () => {
  it('shows only the sections the permissions allow', () => {
    const technician = new Set(['customers:read', 'sessions:read']);
    expect(allowedNav((p) => technician.has(p)).map((i) => i.label)).toEqual(['Dashboard', 'Customers']);
    expect(allowedNav(() => false)).toEqual([]);
  });

  it('marks a section current on its sub-pages', () => {
    expect(isCurrent('/customers', '/customers/42')).toBe(true);
    expect(isCurrent('/', '/customers')).toBe(false);
  });
});
