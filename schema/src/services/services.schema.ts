import { ServiceStatus } from '@backhaul/prisma/enums';
import { builder } from '../builder.ts';
import { deletedId, provided } from '../shared/common.schema.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, IpConflictError, IpOutsideNetworkError, PoolExhaustedError } from '../shared/errors.ts';
import { createService, deleteService, serviceWhere, updateService } from './services.service.ts';

const ServiceStatusEnum = builder.enumType(ServiceStatus, { name: 'ServiceStatus' });

export const Service = builder.prismaNode('Service', {
  id: { field: 'id' },
  description: "A customer's internet service: a tariff, a PPPoE/hotspot login or a MAC, addresses.",
  select: { customer: { select: { partnerId: true } } },
  authScopes: (service) => ({ $all: { permission: 'services:read', partner: service.customer.partnerId } }),
  fields: (t) => ({
    number: t.exposeInt('id'),
    customer: t.relation('customer'),
    tariff: t.relation('tariff'),
    login: t.exposeString('login'),
    hasPassword: t.boolean({ select: { passwordEnc: true }, resolve: (s) => s.passwordEnc !== null }),
    mac: t.exposeString('mac', { nullable: true }),
    router: t.relation('router', { nullable: true }),
    bindToRouter: t.exposeBoolean('bindToRouter'),
    simultaneousUse: t.exposeInt('simultaneousUse'),
    status: t.expose('status', { type: ServiceStatusEnum }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    ipAssignments: t.relation('ipAssignments', { query: { orderBy: { address: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ServiceFilter = builder.inputType('ServiceFilter', {
  fields: (t) => ({
    login: t.string({ description: 'Part of the login.' }),
    mac: t.string({ description: 'A MAC address in any common notation.' }),
    status: t.field({ type: [ServiceStatusEnum] }),
    tariffId: t.int(),
    routerId: t.int(),
    customerId: t.int(),
  }),
});

builder.queryFields((t) => ({
  services: t.prismaConnection({
    type: Service,
    cursor: 'id',
    maxSize: 500,
    authScopes: { permission: 'services:read' },
    args: { filter: t.arg({ type: ServiceFilter }) },
    totalCount: (_p, args, ctx) => ctx.db.service.count({ where: serviceWhere(ctx, args.filter ?? {}) }),
    resolve: (query, _p, args, ctx) => ctx.db.service.findMany({ ...query, where: serviceWhere(ctx, args.filter ?? {}), orderBy: { id: 'asc' } }),
  }),
}));

const IpAssignmentRequest = builder.inputType('ServiceIpInput', {
  fields: (t) => ({
    networkId: t.int({ required: true }),
    address: t.string({ description: 'A specific address; the first free one when omitted.' }),
  }),
});

const ServiceInput = builder.inputType('ServiceInput', {
  fields: (t) => ({
    tariffId: t.int(),
    login: t.string({ description: 'PPPoE / hotspot login, unique across the ISP.' }),
    password: t.string({ description: 'Stored encrypted (CHAP and MS-CHAP need it back).' }),
    mac: t.string({ description: 'Any common notation; stored as aa:bb:cc:dd:ee:ff.' }),
    routerId: t.int(),
    bindToRouter: t.boolean(),
    simultaneousUse: t.int(),
    status: t.field({ type: ServiceStatusEnum }),
    startDate: t.field({ type: 'Date' }),
    endDate: t.field({ type: 'Date' }),
    description: t.string(),
  }),
});

const write = { permission: 'services:write' } as const;

builder.mutationFields((t) => ({
  createService: t.field({
    type: Service,
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError, IpConflictError, IpOutsideNetworkError, PoolExhaustedError] },
    args: {
      customerId: t.arg.int({ required: true }),
      input: t.arg({ type: ServiceInput, required: true }),
      ipAssignments: t.arg({ type: [IpAssignmentRequest], description: 'Static addresses to assign with the service.' }),
    },
    resolve: (_p, args, ctx) =>
      createService(ctx, { ...provided(args.input), customerId: args.customerId, ipAssignments: args.ipAssignments ?? [] } as never),
  }),
  updateService: t.field({
    type: Service,
    description: 'Changes a service: its tariff, login, password, MAC or status. RADIUS applies it at once.',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { id: t.arg.globalID({ required: true, for: Service }), input: t.arg({ type: ServiceInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateService(ctx, Number(id.id), provided(input) as never),
  }),
  deleteService: t.field({
    type: 'ID',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: Service }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteService(ctx, Number(id.id))),
  }),
}));
