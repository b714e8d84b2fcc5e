/**
 * Permission keys (`<module>:<action>`, as the API's `permissions` lists them) in words, grouped
 * by module for the role editor and the API-key form. Pure: tested without a browser. A key the
 * console does not know yet (the API added one) still shows, under its own module, by its key.
 */

/** The modules in the order screens list them, with what a person calls them. */
export const PERMISSION_MODULES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'customers', label: 'Customers' },
  { key: 'services', label: 'Services' },
  { key: 'tariffs', label: 'Tariffs' },
  { key: 'network', label: 'Network' },
  { key: 'sessions', label: 'RADIUS sessions' },
  { key: 'finance', label: 'Finance' },
  { key: 'partners', label: 'Partners' },
  { key: 'staff', label: 'Staff' },
  { key: 'roles', label: 'Roles' },
  { key: 'apikeys', label: 'API keys' },
  { key: 'audit', label: 'Audit log' },
  { key: 'settings', label: 'Settings' },
];

const LABELS: Readonly<Record<string, string>> = {
  'customers:read': 'See customers',
  'customers:create': 'Create customers',
  'customers:write': 'Edit and delete customers',
  'customers:block': 'Block and unblock customers',
  'services:read': 'See services',
  'services:write': 'Create, edit and delete services',
  'tariffs:read': 'See tariffs',
  'tariffs:write': 'Create and edit tariffs',
  'network:read': 'See routers, IP networks and RADIUS settings',
  'network:write': 'Edit routers and IP networks',
  'network:secrets': 'Reveal router secrets',
  'sessions:read': 'See RADIUS sessions, the RADIUS log and traffic',
  'sessions:write': 'Disconnect sessions and change their speed',
  'finance:read': 'See payments and invoices',
  'finance:write': 'Record payments and issue invoices',
  'partners:read': 'See partners',
  'partners:write': 'Create, edit and delete partners',
  'staff:read': 'See staff members and roles',
  'staff:write': 'Create and edit staff members, reset their two-factor',
  'roles:write': 'Create, edit and delete roles',
  'apikeys:write': 'Create and revoke API keys',
  'audit:read': 'Search the audit log',
  'settings:write': 'Change RADIUS settings and reply templates',
};

/** The words for a permission key; its key when the console does not know it. */
export function permissionLabel(key: string): string {
  return LABELS[key] ?? key;
}

export interface PermissionGroup {
  module: string;
  label: string;
  permissions: Array<{ key: string; label: string }>;
}

function moduleOf(key: string): string {
  return key.split(':')[0] ?? key;
}

/**
 * `all` (the API's permission keys) grouped by module, modules in PERMISSION_MODULES order and
 * unknown ones after them; within a module, the API's order (read before write).
 */
export function groupPermissions(all: readonly string[]): PermissionGroup[] {
  const groups = new Map<string, PermissionGroup>();
  for (const { key, label } of PERMISSION_MODULES) groups.set(key, { module: key, label, permissions: [] });
  for (const key of all) {
    const module = moduleOf(key);
    let group = groups.get(module);
    if (!group) {
      group = { module, label: module.charAt(0).toUpperCase() + module.slice(1), permissions: [] };
      groups.set(module, group);
    }
    if (!group.permissions.some((p) => p.key === key)) group.permissions.push({ key, label: permissionLabel(key) });
  }
  return [...groups.values()].filter((g) => g.permissions.length > 0);
}

/**
 * A short description of a set of permissions for lists: "All 23 permissions", "All except: …"
 * (one or two missing), "None", the one permission in words, or how many and the modules they
 * touch ("3 permissions: Customers, Audit log").
 */
export function permissionSummary(held: readonly string[], all: readonly string[]): string {
  const set = new Set(held);
  if (set.size === 0) return 'None';
  const missing = all.filter((p) => !set.has(p));
  if (all.length > 0 && missing.length === 0) return `All ${all.length} permissions`;
  if (all.length > 4 && missing.length <= 2) return `All except: ${missing.map(permissionLabel).join('; ')}`;
  const [only] = set;
  if (set.size === 1 && only) return permissionLabel(only);
  const modules = groupPermissions([...set]).map((g) => g.label);
  return `${set.size} permissions: ${modules.join(', ')}`;
}

/** The keys of `wanted` that `held` lacks: what the API would refuse to grant. */
export function beyond(wanted: readonly string[], held: ReadonlySet<string>): string[] {
  return wanted.filter((p) => !held.has(p));
}
