import type { Db } from '@backhaul/prisma/db';
import { hashPassword } from '../shared/passwords.ts';
import { ADDED_PERMISSIONS, BUILT_IN_ROLES, PERMISSIONS } from './permissions.ts';

/** The Setting row recording which permissions the built-in roles have been offered. */
export const ROLE_PERMISSIONS_KEY = 'builtInRoles';

/**
 * Creates the built-in roles that are missing (existing ones keep their edits), grants existing
 * built-in roles the permissions added since they were last offered (once: see
 * ADDED_PERMISSIONS), and returns the roles by name. Safe to run at every start and from
 * several processes at once.
 */
export async function ensureBuiltInRoles(db: Db): Promise<Map<string, { id: number; permissions: string[] }>> {
  for (const role of BUILT_IN_ROLES) {
    await db.role.upsert({
      where: { name: role.name },
      create: { name: role.name, description: role.description, permissions: [...role.permissions], builtIn: true },
      update: {},
    });
  }
  await grantAddedPermissions(db);
  const roles = await db.role.findMany();
  return new Map(roles.map((r) => [r.name, r]));
}

async function grantAddedPermissions(db: Db): Promise<void> {
  const row = await db.setting.findUnique({ where: { key: ROLE_PERMISSIONS_KEY } });
  const stored = (row?.value as { offered?: unknown } | undefined)?.offered;
  // A database from before this record existed has been offered everything but the added ones.
  const offered = new Set(Array.isArray(stored) ? stored.map(String) : PERMISSIONS.filter((p) => !ADDED_PERMISSIONS.includes(p)));
  const fresh = PERMISSIONS.filter((p) => !offered.has(p));
  if (fresh.length === 0 && row) return;
  await db.$transaction(async (tx) => {
    for (const role of BUILT_IN_ROLES) {
      const grant = role.permissions.filter((p) => fresh.includes(p));
      if (grant.length === 0) continue;
      const current = await tx.role.findFirst({ where: { name: role.name, builtIn: true } });
      if (!current) continue;
      const missing = grant.filter((p) => !current.permissions.includes(p));
      if (missing.length > 0) await tx.role.update({ where: { id: current.id }, data: { permissions: [...current.permissions, ...missing] } });
    }
    const value = { offered: [...new Set([...offered, ...PERMISSIONS])] };
    await tx.setting.upsert({ where: { key: ROLE_PERMISSIONS_KEY }, create: { key: ROLE_PERMISSIONS_KEY, value }, update: { value } });
  });
}

/** Creates a staff user directly (start-up and tests); staff changes at run time go through staff.service. */
export async function createStaffDirect(
  db: Db,
  user: { username: string; name: string; password: string; role: string; partnerId?: number | null; email?: string | null },
) {
  const roles = await ensureBuiltInRoles(db);
  const role = roles.get(user.role);
  if (!role) throw new Error(`no role named ${user.role}`);
  return db.staffUser.create({
    data: {
      username: user.username.toLowerCase(),
      name: user.name,
      email: user.email ?? null,
      passwordHash: await hashPassword(user.password),
      roleId: role.id,
      partnerId: user.partnerId ?? null,
    },
  });
}
