import { z } from 'zod';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InUseError, NotAllowedError, NotFoundError } from '../shared/errors.ts';
import { hashPassword } from '../shared/passwords.ts';
import { partnerOf, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { parseBlock } from '../network/ip.ts';
import { selfLockout } from './lockout.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';
import { API_KEY_PREFIX, newToken, tokenHash } from './tokens.ts';

/** What a staff member's password must be, wherever it is set. */
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200);

const staffFields = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._@-]{2,64}$/, '2–64 letters, digits or . _ @ -'),
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('is not an e-mail address').nullish(),
  password: passwordSchema,
  roleId: z.number().int(),
  partnerId: z.number().int().nullish(),
  active: z.boolean(),
});

export type StaffInput = z.input<typeof staffFields>;

export function staffScope(ctx: Pick<ServiceContext, 'principal'>) {
  const partnerId = partnerOf(ctx.principal);
  return partnerId === null ? {} : { partnerId };
}

function permissionsOf(p: Principal | null): ReadonlySet<Permission> {
  return p && p.kind !== 'customer' ? p.permissions : new Set();
}

/** Nobody grants what they do not hold: a role or scope set must be within the granter's. */
function assertWithin(ctx: ServiceContext, wanted: readonly string[], field: string) {
  const held = permissionsOf(ctx.principal);
  const extra = wanted.filter((p) => !held.has(p as Permission));
  if (extra.length) throw new NotAllowedError(`you cannot grant permissions you do not have: ${extra.join(', ')}`, field);
}

async function checkAssignment(ctx: ServiceContext, data: { roleId?: number; partnerId?: number | null }) {
  const bound = partnerOf(ctx.principal);
  if (bound !== null && data.partnerId !== undefined && data.partnerId !== bound) {
    throw new NotAllowedError('staff you create belong to your own partner', 'input.partnerId');
  }
  if (data.roleId !== undefined) {
    const role = await ctx.db.role.findUnique({ where: { id: data.roleId } });
    if (!role) throw new NotFoundError('Role', data.roleId, 'input.roleId');
    assertWithin(ctx, role.permissions, 'input.roleId');
  }
}

/** A staff member the principal may manage: in its partner, and with no rights beyond its own. */
async function findManageableStaff(ctx: ServiceContext, id: number) {
  const staff = await ctx.db.staffUser.findFirst({ where: { id, ...staffScope(ctx) }, include: { role: true } });
  if (!staff) throw new NotFoundError('StaffUser', id, 'id');
  assertWithin(ctx, staff.role.permissions, 'id');
  const { role: _role, ...row } = staff;
  return row;
}

export async function createStaffUser(ctx: ServiceContext, input: StaffInput) {
  const data = parseInput(staffFields.partial({ active: true }), input);
  await checkAssignment(ctx, data);
  const { password: plain, ...rest } = data;
  const passwordHash = await hashPassword(plain);
  return change(ctx, async (tx, changes) => {
    const staff = await tx.staffUser.create({ data: { ...rest, partnerId: partnerOf(ctx.principal) ?? rest.partnerId ?? null, passwordHash } });
    await changes.audit({ action: 'staff.create', entity: 'StaffUser', entityId: staff.id, partnerId: staff.partnerId, after: staff });
    return staff;
  });
}

export async function updateStaffUser(ctx: ServiceContext, id: number, input: Partial<StaffInput>) {
  const data = parseInput(staffFields.partial(), input);
  await checkAssignment(ctx, data);
  const { password: plain, ...rest } = data;
  const passwordHash = plain ? await hashPassword(plain) : undefined;
  return change(ctx, async (tx, changes) => {
    const before = await findManageableStaff(ctx, id);
    const actorStaffId = ctx.principal?.kind === 'staff' ? ctx.principal.staffId : null;
    const refused = selfLockout({ actorStaffId, targetId: id, currentRoleId: before.roleId, change: rest });
    if (refused) throw new NotAllowedError(refused.message, refused.field);
    const staff = await tx.staffUser.update({ where: { id }, data: { ...rest, ...(passwordHash ? { passwordHash } : {}) } });
    // A new password or a disabled account ends the existing sessions.
    if (passwordHash || rest.active === false) {
      await tx.staffSession.updateMany({ where: { staffId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    await changes.audit({ action: 'staff.update', entity: 'StaffUser', entityId: id, partnerId: staff.partnerId, before, after: staff });
    return staff;
  });
}

/** Turns off a staff member's two-factor authentication (when they lost their phone). */
export async function resetStaffTotp(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await findManageableStaff(ctx, id);
    const staff = await tx.staffUser.update({ where: { id }, data: { totpEnabled: false, totpSecretEnc: null } });
    await changes.audit({ action: 'staff.totp.reset', entity: 'StaffUser', entityId: id, partnerId: staff.partnerId, before, after: staff });
    return staff;
  });
}

/** Saves the signed-in staff member's console preferences (chosen columns, filters…). */
export async function updateMyPreferences(ctx: ServiceContext, preferences: unknown) {
  const data = parseInput(z.record(z.string(), z.unknown()).refine((p) => JSON.stringify(p).length <= 64_000, 'is larger than 64 KB'), preferences, 'preferences');
  if (ctx.principal?.kind !== 'staff') throw new NotAllowedError('only a signed-in staff member has preferences');
  const staffId = ctx.principal.staffId;
  return change(ctx, async (tx, changes) => {
    const staff = await tx.staffUser.update({ where: { id: staffId }, data: { preferences: data as object } });
    await changes.audit({ action: 'staff.preferences', entity: 'StaffUser', entityId: staffId, partnerId: staff.partnerId });
    return staff;
  });
}

// ── roles ───────────────────────────────────────────────────────────────────────────────────

const roleFields = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  description: z.string().max(500).nullish(),
  permissions: z.array(z.enum(PERMISSIONS)).transform((p) => [...new Set(p)].sort()),
});

export type RoleInput = z.input<typeof roleFields>;

export async function createRole(ctx: ServiceContext, input: RoleInput) {
  const data = parseInput(roleFields, input);
  assertWithin(ctx, data.permissions, 'input.permissions');
  return change(ctx, async (tx, changes) => {
    const role = await tx.role.create({ data });
    await changes.audit({ action: 'role.create', entity: 'Role', entityId: role.id, after: role });
    return role;
  });
}

export async function updateRole(ctx: ServiceContext, id: number, input: Partial<RoleInput>) {
  const data = parseInput(roleFields.partial(), input);
  if (data.permissions) assertWithin(ctx, data.permissions, 'input.permissions');
  return change(ctx, async (tx, changes) => {
    const before = await tx.role.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('Role', id, 'id');
    const role = await tx.role.update({ where: { id }, data });
    await changes.audit({ action: 'role.update', entity: 'Role', entityId: id, before, after: role });
    return role;
  });
}

export async function deleteRole(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.role.findUnique({ where: { id }, include: { _count: { select: { staff: true } } } });
    if (!before) throw new NotFoundError('Role', id, 'id');
    if (before.builtIn) throw new NotAllowedError('built-in roles can be edited but not deleted', 'id');
    if (before._count.staff > 0) throw new InUseError(`${before._count.staff} staff members have this role`);
    const { _count, ...row } = before;
    await tx.role.delete({ where: { id } });
    await changes.audit({ action: 'role.delete', entity: 'Role', entityId: id, before: row });
    return row;
  });
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────

const apiKeyFields = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, 'give the key at least one permission').transform((p) => [...new Set(p)].sort()),
  allowedIps: z.array(z.string().trim().refine((v) => parseBlock(v) !== null, 'is not an address or network')).max(50).default([]),
  expiresAt: z.date().refine((d) => d.getTime() > Date.now(), 'must be in the future').nullish(),
});

export type ApiKeyInput = z.input<typeof apiKeyFields>;

/** Creates an API key for external tools; the key itself is returned once and never stored. */
export async function createApiKey(ctx: ServiceContext, input: ApiKeyInput) {
  const data = parseInput(apiKeyFields, input);
  assertWithin(ctx, data.scopes, 'input.scopes');
  const key = newToken(API_KEY_PREFIX);
  const createdById = ctx.principal?.kind === 'staff' ? ctx.principal.staffId : ctx.principal?.kind === 'apiKey' ? ctx.principal.staffId : null;
  return change(ctx, async (tx, changes) => {
    const apiKey = await tx.apiKey.create({
      data: { ...data, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: tokenHash(key), createdById, partnerId: partnerOf(ctx.principal) },
    });
    await changes.audit({ action: 'apiKey.create', entity: 'ApiKey', entityId: apiKey.id, partnerId: apiKey.partnerId, after: apiKey });
    return { key, apiKey };
  });
}

export async function revokeApiKey(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.apiKey.findFirst({ where: { id, ...staffScope(ctx) } });
    if (!before) throw new NotFoundError('ApiKey', id, 'id');
    const apiKey = await tx.apiKey.update({ where: { id }, data: { revokedAt: before.revokedAt ?? new Date() } });
    await changes.audit({ action: 'apiKey.revoke', entity: 'ApiKey', entityId: id, partnerId: apiKey.partnerId, before, after: apiKey });
    return apiKey;
  });
}
