import { IpAssignmentKind, IpFamily, IpNetworkUsage } from '@backhaul/prisma/enums';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { parseBlock } from './ip.ts';
import { deletedId, provided } from '../shared/common.schema.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, IpConflictError, IpOutsideNetworkError, PoolExhaustedError } from '../shared/errors.ts';
import {
  capacity,
  countAssignments,
  createIpAssignment,
  findAssignments,
  createIpNetwork,
  deleteIpAssignment,
  deleteIpNetwork,
  updateIpNetwork,
} from './ip-networks.service.ts';

const IpFamilyEnum = builder.enumType(IpFamily, { name: 'IpFamily' });
const IpNetworkUsageEnum = builder.enumType(IpNetworkUsage, { name: 'IpNetworkUsage' });
const IpAssignmentKindEnum = builder.enumType(IpAssignmentKind, { name: 'IpAssignmentKind' });

export const IpNetwork = builder.prismaNode('IpNetwork', {
  id: { field: 'id' },
  authScopes: { permission: 'network:read' },
  fields: (t) => ({
    number: t.exposeInt('id'),
    cidr: t.exposeString('cidr'),
    family: t.expose('family', { type: IpFamilyEnum }),
    usage: t.expose('usage', { type: IpNetworkUsageEnum }),
    title: t.exposeString('title'),
    poolName: t.exposeString('poolName', { nullable: true }),
    delegatedPrefixLength: t.exposeInt('delegatedPrefixLength', { nullable: true }),
    gateway: t.exposeString('gateway', { nullable: true }),
    router: t.relation('router', { nullable: true }),
    partner: t.relation('partner', { nullable: true, description: 'The partner the network is kept for, if any.' }),
    comment: t.exposeString('comment', { nullable: true }),
    used: t.relationCount('assignments', { description: 'Assigned addresses (or delegated prefixes).' }),
    capacity: t.string({
      description: 'Assignable addresses (or prefixes); a string because IPv6 counts exceed 64 bits.',
      resolve: (n) => capacity(n).toString(),
    }),
    assignments: t.relatedConnection('assignments', { cursor: 'id', query: { orderBy: { address: 'asc' } }, totalCount: true }),
  }),
});

export const IpAssignment = builder.prismaNode('IpAssignment', {
  id: { field: 'id' },
  authScopes: { permission: 'network:read' },
  fields: (t) => ({
    number: t.exposeInt('id'),
    address: t.exposeString('address'),
    kind: t.expose('kind', { type: IpAssignmentKindEnum }),
    network: t.relation('network'),
    service: t.relation('service', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  ipNetworks: t.prismaConnection({
    type: 'IpNetwork',
    cursor: 'id',
    authScopes: { permission: 'network:read' },
    args: { family: t.arg({ type: IpFamilyEnum }), usage: t.arg({ type: IpNetworkUsageEnum }), routerId: t.arg.int() },
    totalCount: (_p, args, ctx) => ctx.db.ipNetwork.count({ where: networkWhere(args) }),
    resolve: (query, _p, args, ctx) => ctx.db.ipNetwork.findMany({ ...query, where: networkWhere(args), orderBy: { cidr: 'asc' } }),
  }),
}));

function networkWhere(args: { family?: IpFamily | null; usage?: IpNetworkUsage | null; routerId?: number | null }) {
  return provided({ family: args.family ?? undefined, usage: args.usage ?? undefined, routerId: args.routerId ?? undefined });
}

builder.queryFields((t) => ({
  ipAssignments: t.prismaConnection({
    type: 'IpAssignment',
    cursor: 'id',
    description: 'Assignments, optionally those inside a network or block (e.g. "10.1.0.0/16" or one address).',
    authScopes: { permission: 'network:read' },
    args: {
      within: t.arg.string({ validate: z.string().refine((v) => parseBlock(v) !== null, 'within: is not an address or network') }),
      networkId: t.arg.int(),
    },
    totalCount: (_p, args, ctx) => countAssignments(ctx.db, args.within, args.networkId),
    resolve: (query, _p, args, ctx) => findAssignments(ctx.db, query, args.within, args.networkId),
  }),
}));

const IpNetworkInput = builder.inputType('IpNetworkInput', {
  fields: (t) => ({
    cidr: t.string({ description: 'e.g. 10.10.0.0/22 or 2001:db8:100::/40' }),
    usage: t.field({ type: IpNetworkUsageEnum }),
    title: t.string(),
    poolName: t.string({ description: 'RADIUS Framed-Pool name for pools.' }),
    delegatedPrefixLength: t.int({ description: 'For PREFIX_DELEGATION: the length of each delegated prefix, e.g. 56.' }),
    gateway: t.string(),
    routerId: t.int(),
    partnerId: t.int(),
    comment: t.string(),
  }),
});

const AssignIpInput = builder.inputType('AssignIpInput', {
  fields: (t) => ({
    networkId: t.int({ required: true }),
    address: t.string({ description: 'A specific address or prefix; the first free one when omitted.' }),
    serviceId: t.int(),
    kind: t.field({ type: IpAssignmentKindEnum }),
    description: t.string(),
  }),
});

const write = { $all: { permission: 'network:write', global: true } } as const;
const IP_ERRORS = [IpConflictError, IpOutsideNetworkError, PoolExhaustedError] as const;

builder.mutationFields((t) => ({
  createIpNetwork: t.field({
    type: IpNetwork,
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError, IpConflictError] },
    args: { input: t.arg({ type: IpNetworkInput, required: true }) },
    resolve: (_p, { input }, ctx) => createIpNetwork(ctx, provided(input) as never),
  }),
  updateIpNetwork: t.field({
    type: IpNetwork,
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, DuplicateError, IpConflictError, IpOutsideNetworkError] },
    args: { id: t.arg.globalID({ required: true, for: IpNetwork }), input: t.arg({ type: IpNetworkInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateIpNetwork(ctx, Number(id.id), provided(input) as never),
  }),
  deleteIpNetwork: t.field({
    type: 'ID',
    description: 'Deletes a network with its assignments.',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: IpNetwork }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteIpNetwork(ctx, Number(id.id))),
  }),
  assignIp: t.field({
    type: IpAssignment,
    description: 'Assigns an address (or delegates a prefix) from a network, optionally to a service.',
    authScopes: { $any: { permission: 'network:write', $all: { permission: 'services:write' } } },
    errors: { types: [...INPUT_ERRORS, ...IP_ERRORS] },
    args: { input: t.arg({ type: AssignIpInput, required: true }) },
    resolve: (_p, { input }, ctx) => createIpAssignment(ctx, provided(input) as never),
  }),
  unassignIp: t.field({
    type: 'ID',
    authScopes: { $any: { permission: 'network:write', $all: { permission: 'services:write' } } },
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: IpAssignment }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteIpAssignment(ctx, Number(id.id))),
  }),
}));
