import { builder } from '../builder.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, InUseError } from '../shared/errors.ts';
import { deletedId } from '../shared/common.schema.ts';
import { createPartner, deletePartner, partnerScope, updatePartner } from './partners.service.ts';

export const Partner = builder.prismaNode('Partner', {
  id: { field: 'id' },
  description: 'A reseller or branch; customers, staff and routers can belong to one.',
  authScopes: (partner) => ({ $any: { permission: 'partners:read', $all: { staff: true, partner: partner.id } } }),
  fields: (t) => ({
    number: t.exposeInt('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    customerCount: t.relationCount('customers', { authScopes: { permission: 'customers:read' } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  partners: t.prismaConnection({
    type: 'Partner',
    cursor: 'id',
    authScopes: { staff: true },
    totalCount: (_p, _a, ctx) => ctx.db.partner.count({ where: partnerScope(ctx) }),
    resolve: (query, _p, _a, ctx) => ctx.db.partner.findMany({ ...query, where: partnerScope(ctx), orderBy: { name: 'asc' } }),
  }),
}));

const PartnerInput = builder.inputType('PartnerInput', {
  fields: (t) => ({ name: t.string(), email: t.string(), phone: t.string() }),
});

builder.mutationFields((t) => ({
  createPartner: t.field({
    type: Partner,
    authScopes: { $all: { permission: 'partners:write', global: true } },
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { input: t.arg({ type: PartnerInput, required: true }) },
    resolve: (_p, { input }, ctx) => createPartner(ctx, { ...input, name: input.name ?? '' }),
  }),
  updatePartner: t.field({
    type: Partner,
    authScopes: { $all: { permission: 'partners:write', global: true } },
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { id: t.arg.globalID({ required: true, for: Partner }), input: t.arg({ type: PartnerInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updatePartner(ctx, Number(id.id), { ...input, name: input.name ?? undefined }),
  }),
  deletePartner: t.field({
    type: 'ID',
    authScopes: { $all: { permission: 'partners:write', global: true } },
    errors: { types: [...INPUT_ERRORS, InUseError] },
    args: { id: t.arg.globalID({ required: true, for: Partner }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deletePartner(ctx, Number(id.id))),
  }),
}));
