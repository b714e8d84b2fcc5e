import type { Db } from '@backhaul/prisma/db';
import { hashPassword } from '../shared/passwords.ts';
import { BUILT_IN_ROLES } from './permissions.ts';

/**
 * Creates the built-in roles that are missing (existing ones keep their edits) and returns
 * them by name.
 */
export async function ensureBuiltInRoles(db: Db): Promise<Map<string, { id: number; permissions: string[] }>> {
  for (const role of BUILT_IN_ROLES) {
    await db.role.upsert({
      where: { name: role.name },
      create: { name: role.name, description: role.description, permissions: [...role.permissions], builtIn: true },
      update: {},
    });
  }
  const roles = await db.role.findMany();
  return new Map(roles.map((r) => [r.name, r]));
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
