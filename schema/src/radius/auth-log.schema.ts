import { RadiusAuthResult } from '@backhaul/prisma/enums';
import { z } from 'zod';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { partnerOf } from '../shared/principal.ts';
import { REJECT_REASONS } from './policy.ts';
import { RADIUS_LOG_ORDER, radiusLogAdded, radiusLogWhere, type LoggedEntry } from './sessions.service.ts';

const RadiusAuthResultEnum = builder.enumType(RadiusAuthResult, { name: 'RadiusAuthResult' });

export const RadiusLogEntry = builder.prismaNode('RadiusAuthLog', {
  name: 'RadiusLogEntry',
  id: { field: 'id' },
  description: "One Access-Request's outcome: accepted, accepted into the blocked state, or rejected and why.",
  authScopes: (row) => ({ $all: { permission: 'sessions:read', partner: row.partnerId ?? -1 } }),
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    result: t.expose('result', { type: RadiusAuthResultEnum }),
    login: t.exposeString('login', { description: 'User-Name as the NAS sent it.' }),
    mac: t.exposeString('mac', { nullable: true }),
    method: t.exposeString('method', { description: 'PAP, CHAP, MS-CHAPv2 or MAC.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was rejected: a code from `radiusRejectReasons`, e.g. BAD_PASSWORD.' }),
    reasonText: t.string({
      nullable: true,
      resolve: (row) => (row.reason === null ? null : (REJECT_REASONS[row.reason as keyof typeof REJECT_REASONS] ?? row.reason)),
    }),
    nasIp: t.exposeString('nasIp'),
    routerId: t.exposeInt('routerId', { nullable: true }),
    serviceId: t.exposeInt('serviceId', { nullable: true }),
    customerId: t.exposeInt('customerId', { nullable: true }),
    // Prisma batches the findUnique calls of one page into one query each.
    router: t.prismaField({
      type: 'Router',
      nullable: true,
      resolve: (query, row, _a, ctx) => (row.routerId === null ? null : ctx.db.router.findUnique({ ...query, where: { id: row.routerId } })),
    }),
    customer: t.prismaField({
      type: 'Customer',
      nullable: true,
      resolve: (query, row, _a, ctx) => (row.customerId === null ? null : ctx.db.customer.findUnique({ ...query, where: { id: row.customerId } })),
    }),
  }),
});

const RadiusLogFilter = builder.inputType('RadiusLogFilter', {
  fields: (t) => ({
    result: t.field({ type: [RadiusAuthResultEnum] }),
    login: t.string({ description: 'Part of the login, any case.', validate: z.string().max(64) }),
    customerId: t.int(),
    routerId: t.int(),
    reason: t.string({ description: 'A reject reason code (see `radiusRejectReasons`).', validate: z.string().max(64) }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  radiusLog: t.prismaConnection({
    type: RadiusLogEntry,
    cursor: 'id',
    maxSize: 500,
    description: 'Accepts and rejects (with the reason), newest first.',
    authScopes: { permission: 'sessions:read' },
    args: { filter: t.arg({ type: RadiusLogFilter }) },
    totalCount: (_p, args, ctx) => ctx.db.radiusAuthLog.count({ where: radiusLogWhere(ctx, args.filter ?? {}) }),
    resolve: (query, _p, args, ctx) => ctx.db.radiusAuthLog.findMany({ ...query, where: radiusLogWhere(ctx, args.filter ?? {}), orderBy: RADIUS_LOG_ORDER }),
  }),
}));

const RadiusLogAddedRef = builder.objectRef<LoggedEntry>('RadiusLogAdded').implement({
  description: 'A row just added to the RADIUS log; fetch it by `entryId` (or re-read the log) for the details.',
  fields: (t) => ({
    entryId: t.id({ description: 'The RadiusLogEntry id.', resolve: (e) => encodeGlobalID('RadiusLogEntry', e.id) }),
    result: t.field({ type: RadiusAuthResultEnum, resolve: (e) => e.result }),
    reason: t.exposeString('reason', { nullable: true }),
    login: t.exposeString('login'),
    routerId: t.exposeInt('routerId', { nullable: true }),
    customerId: t.exposeInt('customerId', { nullable: true }),
  }),
});

const RadiusLogAddedFilter = builder.inputType('RadiusLogAddedFilter', {
  fields: (t) => ({ result: t.field({ type: [RadiusAuthResultEnum] }), routerId: t.int(), customerId: t.int() }),
});

builder.subscriptionFields((t) => ({
  radiusLogAdded: t.field({
    type: [RadiusLogAddedRef],
    description:
      'Accepts and rejects as the RADIUS log records them (only those you may see), in batches of at most one per `batchMs`. ' +
      'Repeats of the same outcome are folded as in the log: one per login, NAS and outcome a minute (a reject: every 10 s).',
    authScopes: { permission: 'sessions:read' },
    args: {
      filter: t.arg({ type: RadiusLogAddedFilter }),
      batchMs: t.arg.int({ defaultValue: 500, validate: z.number().int().min(10).max(5000), description: 'How long a batch gathers rows, 10–5000 ms.' }),
    },
    subscribe: (_p, args, ctx) => radiusLogAdded(ctx.pubsub, { ...(args.filter ?? {}), partnerId: partnerOf(ctx.principal) }, args.batchMs ?? 500),
    resolve: (batch) => batch,
  }),
}));
