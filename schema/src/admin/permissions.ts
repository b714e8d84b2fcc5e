/**
 * Permission keys, `<module>:<action>`. Roles hold a list of them; API keys hold a subset of
 * their creator's. Every GraphQL field names the permission it needs.
 */
export const PERMISSIONS = [
  'customers:read',
  'customers:create',
  'customers:write',
  'customers:block',
  'services:read',
  'services:write',
  'tariffs:read',
  'tariffs:write',
  'network:read',
  'network:write',
  'network:secrets',
  /** RADIUS sessions, the RADIUS log, traffic and live rates. */
  'sessions:read',
  /** Disconnect a session or change its rate (CoA). */
  'sessions:write',
  'finance:read',
  'finance:write',
  'partners:read',
  'partners:write',
  'staff:read',
  'staff:write',
  'roles:write',
  'apikeys:write',
  'audit:read',
  'settings:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

const READ = PERMISSIONS.filter((p) => p.endsWith(':read'));

/**
 * Permissions introduced after installations already existed. `ensureBuiltInRoles` grants each
 * of them once to the built-in roles whose definition below holds it, so an existing database's
 * roles gain them without losing their edits (a permission an operator later removes stays removed).
 */
export const ADDED_PERMISSIONS: readonly Permission[] = ['sessions:read', 'sessions:write'];

/** The roles a new installation starts with; all of them can be edited afterwards. */
export const BUILT_IN_ROLES: ReadonlyArray<{ name: string; description: string; permissions: readonly Permission[] }> = [
  { name: 'Super administrator', description: 'Everything, including roles', permissions: PERMISSIONS },
  {
    name: 'Administrator',
    description: 'Everything except editing roles',
    permissions: PERMISSIONS.filter((p) => p !== 'roles:write'),
  },
  {
    name: 'Manager',
    description: 'Customers and their services; reads the rest',
    permissions: [...READ, 'customers:create', 'customers:write', 'customers:block', 'services:write', 'sessions:write'],
  },
  {
    name: 'Financial manager',
    description: 'Finance, blocking for non-payment; reads customers',
    permissions: ['customers:read', 'services:read', 'tariffs:read', 'finance:read', 'finance:write', 'customers:block', 'audit:read', 'partners:read'],
  },
  {
    name: 'Customer creator',
    description: 'Creates customers and their services',
    permissions: ['customers:read', 'customers:create', 'services:read', 'services:write', 'tariffs:read', 'network:read', 'sessions:read'],
  },
  {
    name: 'Technician',
    description: 'Services, MACs, sessions and the network',
    permissions: ['customers:read', 'services:read', 'services:write', 'tariffs:read', 'network:read', 'network:write', 'sessions:read', 'sessions:write'],
  },
  { name: 'Read-only', description: 'Sees everything a role may read, changes nothing', permissions: READ },
];
