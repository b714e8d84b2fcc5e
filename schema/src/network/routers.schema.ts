import { RouterVendor } from '@backhaul/prisma/enums';
import { builder } from '../builder.ts';
import { deletedId, provided } from '../shared/common.schema.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, InUseError } from '../shared/errors.ts';
import { createRouter, deleteRouter, revealRouterSecrets, updateRouter } from './routers.service.ts';

const RouterVendorEnum = builder.enumType(RouterVendor, { name: 'RouterVendor' });

export const Router = builder.prismaNode('Router', {
  id: { field: 'id' },
  description: 'A router / NAS: it sends RADIUS requests and takes CoA; MikroTiks are also managed over their API.',
  authScopes: { permission: 'network:read' },
  fields: (t) => ({
    number: t.exposeInt('id'),
    title: t.exposeString('title'),
    vendor: t.expose('vendor', { type: RouterVendorEnum }),
    model: t.exposeString('model', { nullable: true }),
    ip: t.exposeString('ip'),
    nasIp: t.exposeString('nasIp', { description: 'The address its RADIUS packets come from.' }),
    requireMessageAuthenticator: t.exposeBoolean('requireMessageAuthenticator'),
    coaPort: t.exposeInt('coaPort'),
    apiHost: t.exposeString('apiHost', { nullable: true }),
    apiPort: t.exposeInt('apiPort', { nullable: true }),
    apiTls: t.exposeBoolean('apiTls'),
    apiUser: t.exposeString('apiUser', { nullable: true }),
    hasApiPassword: t.boolean({ resolve: (r) => r.apiPasswordEnc !== null }),
    location: t.exposeString('location', { nullable: true }),
    lastPacketAt: t.expose('lastPacketAt', { type: 'DateTime', nullable: true, description: 'The last RADIUS packet from this NAS (to within about 10 s); null when it never sent one.' }),
    latitude: t.expose('latitude', { type: 'Decimal', nullable: true }),
    longitude: t.expose('longitude', { type: 'Decimal', nullable: true }),
    partner: t.relation('partner', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RouterSecrets = builder.objectRef<{ radiusSecret: string; apiPassword: string | null }>('RouterSecrets').implement({
  fields: (t) => ({ radiusSecret: t.exposeString('radiusSecret'), apiPassword: t.exposeString('apiPassword', { nullable: true }) }),
});

builder.queryFields((t) => ({
  routers: t.prismaConnection({
    type: 'Router',
    cursor: 'id',
    authScopes: { permission: 'network:read' },
    args: { search: t.arg.string() },
    totalCount: (_p, args, ctx) => ctx.db.router.count({ where: routerWhere(args.search) }),
    resolve: (query, _p, args, ctx) => ctx.db.router.findMany({ ...query, where: routerWhere(args.search), orderBy: { title: 'asc' } }),
  }),
}));

function routerWhere(search: string | null | undefined) {
  return search ? { OR: [{ title: { contains: search, mode: 'insensitive' as const } }, { location: { contains: search, mode: 'insensitive' as const } }] } : {};
}

const RouterInput = builder.inputType('RouterInput', {
  fields: (t) => ({
    title: t.string(),
    vendor: t.field({ type: RouterVendorEnum }),
    model: t.string(),
    ip: t.string({ description: 'Management address.' }),
    nasIp: t.string({ description: 'Source address of its RADIUS packets (NAS-IP-Address).' }),
    radiusSecret: t.string(),
    requireMessageAuthenticator: t.boolean(),
    coaPort: t.int(),
    apiHost: t.string(),
    apiPort: t.int(),
    apiTls: t.boolean(),
    apiUser: t.string(),
    apiPassword: t.string(),
    location: t.string(),
    latitude: t.field({ type: 'Decimal' }),
    longitude: t.field({ type: 'Decimal' }),
    partnerId: t.int(),
  }),
});

const write = { $all: { permission: 'network:write', global: true } } as const;

builder.mutationFields((t) => ({
  createRouter: t.field({
    type: Router,
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { input: t.arg({ type: RouterInput, required: true }) },
    resolve: (_p, { input }, ctx) => createRouter(ctx, provided(input) as never),
  }),
  updateRouter: t.field({
    type: Router,
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { id: t.arg.globalID({ required: true, for: Router }), input: t.arg({ type: RouterInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateRouter(ctx, Number(id.id), provided(input) as never),
  }),
  deleteRouter: t.field({
    type: 'ID',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, InUseError] },
    args: { id: t.arg.globalID({ required: true, for: Router }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteRouter(ctx, Number(id.id))),
  }),
  revealRouterSecrets: t.field({
    type: RouterSecrets,
    description: 'Shows the RADIUS secret and API password; every look is audit-logged.',
    authScopes: { permission: 'network:secrets' },
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: Router }) },
    resolve: (_p, { id }, ctx) => revealRouterSecrets(ctx, Number(id.id)),
  }),
}));
