import { describe, expect, it } from 'vitest';
import { beyond, groupPermissions, permissionLabel, permissionSummary } from './admin-permissions';

const ALL = ['customers:read', 'customers:write', 'staff:read', 'roles:write', 'audit:read', 'services:read', 'settings:write'];

describe('permission groups', () => {
  it('groups permissions by module in the console’s module order, with words for each', () => {
    const groups = groupPermissions(ALL);
    expect(groups.map((g) => g.label)).toEqual(['Customers', 'Services', 'Staff', 'Roles', 'Audit log', 'Settings']);
    expect(groups[0]?.permissions).toEqual([
      { key: 'customers:read', label: 'See customers' },
      { key: 'customers:write', label: 'Edit and delete customers' },
    ]);
  });

  it('shows a permission the console does not know yet under its own module, by its key', () => {
    const groups = groupPermissions(['customers:read', 'reports:read']);
    expect(groups.at(-1)).toEqual({ module: 'reports', label: 'Reports', permissions: [{ key: 'reports:read', label: 'reports:read' }] });
    expect(permissionLabel('reports:read')).toBe('reports:read');
  });

  it('summarises a role as all permissions, none, its one permission, or the modules it touches', () => {
    expect(permissionSummary(ALL, ALL)).toBe('All 7 permissions');
    expect(permissionSummary([], ALL)).toBe('None');
    expect(permissionSummary(['audit:read', 'customers:read', 'customers:write'], ALL)).toBe('3 permissions: Customers, Audit log');
    expect(permissionSummary(['audit:read'], ALL)).toBe('Search the audit log');
    expect(permissionSummary(ALL.filter((p) => p !== 'roles:write'), ALL)).toBe('All except: Create, edit and delete roles');
  });

  it('names the permissions a staff member could not grant', () => {
    expect(beyond(['customers:read', 'roles:write'], new Set(['customers:read']))).toEqual(['roles:write']);
  });
});
