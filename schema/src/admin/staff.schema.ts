import { builder } from '../builder.ts';
import { deletedId, provided } from '../shared/common.schema.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, InUseError, NotAllowedError } from '../shared/errors.ts';
import { PERMISSIONS } from './permissions.ts';
import {
  createApiKey,
  createRole,
  createStaffUser,
  deleteRole,
  resetStaffTotp,
  revokeApiKey,
  staffScope,
  updateRole,
  updateStaffUser,
} from './staff.service.ts';

export const StaffUser = builder.prismaNode('StaffUser', {
  id: { field: 'id' },
  authScopes: (staff, ctx) =>
    ctx.principal?.kind === 'staff' && ctx.principal.staffId === staff.id
      ? true
      : { $all: { permission: 'staff:read', partner: staff.partnerId ?? -1 } },
  fields: (t) => ({
    number: t.exposeInt('id'),
    username: t.exposeString('username'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    role: t.relation('role'),
    partner: t.relation('partner', { nullable: true }),
    active: t.exposeBoolean('active'),
    totpEnabled: t.exposeBoolean('totpEnabled'),
    preferences: t.expose('preferences', { type: 'JSON', description: 'Console preferences such as the chosen columns.' }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const Role = builder.prismaNode('Role', {
  id: { field: 'id' },
  authScopes: { staff: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    permissions: t.exposeStringList('permissions'),
    builtIn: t.exposeBoolean('builtIn'),
    staffCount: t.relationCount('staff'),
  }),
});

export const ApiKey = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  authScopes: (key) => ({ $all: { permission: 'apikeys:write', partner: key.partnerId ?? -1 } }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    scopes: t.exposeStringList('scopes'),
    allowedIps: t.exposeStringList('allowedIps'),
    createdBy: t.relation('createdBy', { nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: string; apiKey: { id: number } }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key itself. It is shown this once and cannot be recovered.' }),
    apiKey: t.prismaField({ type: ApiKey, resolve: (q, p, _a, ctx) => ctx.db.apiKey.findUniqueOrThrow({ ...q, where: { id: p.apiKey.id } }) }),
  }),
});

builder.queryFields((t) => ({
  staffUsers: t.prismaConnection({
    type: StaffUser,
    cursor: 'id',
    authScopes: { permission: 'staff:read' },
    totalCount: (_p, _a, ctx) => ctx.db.staffUser.count({ where: staffScope(ctx) }),
    resolve: (query, _p, _a, ctx) => ctx.db.staffUser.findMany({ ...query, where: staffScope(ctx), orderBy: { username: 'asc' } }),
  }),
  roles: t.prismaField({
    type: [Role],
    authScopes: { staff: true },
    resolve: (query, _p, _a, ctx) => ctx.db.role.findMany({ ...query, orderBy: { name: 'asc' } }),
  }),
  permissions: t.stringList({ description: 'Every permission key a role can hold.', authScopes: { staff: true }, resolve: () => [...PERMISSIONS] }),
  apiKeys: t.prismaField({
    type: [ApiKey],
    authScopes: { permission: 'apikeys:write' },
    resolve: (query, _p, _a, ctx) => ctx.db.apiKey.findMany({ ...query, where: staffScope(ctx), orderBy: { createdAt: 'desc' } }),
  }),
}));

const StaffUserInput = builder.inputType('StaffUserInput', {
  fields: (t) => ({
    username: t.string(),
    name: t.string(),
    email: t.string(),
    password: t.string({ description: 'At least 10 characters; changing it ends the user’s sessions.' }),
    roleId: t.int(),
    partnerId: t.int(),
    active: t.boolean({ description: 'Disabling ends the user’s sessions.' }),
  }),
});

const RoleInput = builder.inputType('RoleInput', {
  fields: (t) => ({ name: t.string(), description: t.string(), permissions: t.stringList() }),
});

const ApiKeyInput = builder.inputType('ApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.stringList({ required: true, description: 'Permission keys; at most those you hold.' }),
    allowedIps: t.stringList({ description: 'Addresses or networks the key may be used from; empty means anywhere.' }),
    expiresAt: t.field({ type: 'DateTime' }),
  }),
});

const staffWrite = { permission: 'staff:write' } as const;
const rolesWrite = { $all: { permission: 'roles:write', global: true } } as const;

builder.mutationFields((t) => ({
  createStaffUser: t.field({
    type: StaffUser,
    authScopes: staffWrite,
    errors: { types: [...INPUT_ERRORS, DuplicateError, NotAllowedError] },
    args: { input: t.arg({ type: StaffUserInput, required: true }) },
    resolve: (_p, { input }, ctx) => createStaffUser(ctx, provided(input) as never),
  }),
  updateStaffUser: t.field({
    type: StaffUser,
    authScopes: staffWrite,
    errors: { types: [...INPUT_ERRORS, DuplicateError, NotAllowedError] },
    args: { id: t.arg.globalID({ required: true, for: StaffUser }), input: t.arg({ type: StaffUserInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateStaffUser(ctx, Number(id.id), provided(input) as never),
  }),
  resetStaffTotp: t.field({
    type: StaffUser,
    description: 'Turns off a staff member’s two-factor authentication, e.g. after a lost phone.',
    authScopes: staffWrite,
    errors: { types: [...INPUT_ERRORS, NotAllowedError] },
    args: { id: t.arg.globalID({ required: true, for: StaffUser }) },
    resolve: (_p, { id }, ctx) => resetStaffTotp(ctx, Number(id.id)),
  }),
  createRole: t.field({
    type: Role,
    authScopes: rolesWrite,
    errors: { types: [...INPUT_ERRORS, DuplicateError, NotAllowedError] },
    args: { input: t.arg({ type: RoleInput, required: true }) },
    resolve: (_p, { input }, ctx) => createRole(ctx, { name: input.name ?? '', description: input.description, permissions: (input.permissions ?? []) as never }),
  }),
  updateRole: t.field({
    type: Role,
    authScopes: rolesWrite,
    errors: { types: [...INPUT_ERRORS, DuplicateError, NotAllowedError] },
    args: { id: t.arg.globalID({ required: true, for: Role }), input: t.arg({ type: RoleInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateRole(ctx, Number(id.id), provided(input) as never),
  }),
  deleteRole: t.field({
    type: 'ID',
    authScopes: rolesWrite,
    errors: { types: [...INPUT_ERRORS, NotAllowedError, InUseError] },
    args: { id: t.arg.globalID({ required: true, for: Role }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteRole(ctx, Number(id.id))),
  }),
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { permission: 'apikeys:write' },
    errors: { types: [...INPUT_ERRORS, NotAllowedError] },
    args: { input: t.arg({ type: ApiKeyInput, required: true }) },
    resolve: (_p, { input }, ctx) => createApiKey(ctx, provided(input) as never),
  }),
  revokeApiKey: t.field({
    type: ApiKey,
    authScopes: { permission: 'apikeys:write' },
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: ApiKey }) },
    resolve: (_p, { id }, ctx) => revokeApiKey(ctx, Number(id.id)),
  }),
}));
