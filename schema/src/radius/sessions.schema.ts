import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { Customer } from '../customers/customers.schema.ts';
import { parseBlock } from '../network/ip.ts';
import { partnerOf } from '../shared/principal.ts';
import {
  findSessionIdAt,
  onlineSessionWhere,
  SESSION_ORDER,
  sessionChanges,
  sessionHistoryWhere,
  type SessionChange,
} from './sessions.service.ts';
import { ONLINE_HISTORY_DAYS, onlineHistory, type OnlineHistory, type OnlinePoint } from './online-history.service.ts';

export const RadiusSession = builder.prismaNode('RadiusSession', {
  id: { field: 'id' },
  description: 'One PPPoE / IPoE / hotspot session, from its accounting start to its stop. Online while `stoppedAt` is null.',
  authScopes: (s) => ({ $all: { permission: 'sessions:read', partner: s.partnerId ?? -1 } }),
  fields: (t) => ({
    login: t.exposeString('login'),
    acctSessionId: t.exposeString('acctSessionId', { description: 'Acct-Session-Id, as the NAS names the session.' }),
    router: t.relation('router', { nullable: true, description: 'The NAS; null when the session came from an address no router has.' }),
    nasIp: t.exposeString('nasIp'),
    service: t.relation('service', { nullable: true }),
    customer: t.field({
      type: Customer,
      nullable: true,
      select: (_args, _ctx, nested) => ({ customerId: true, service: { select: { customer: nested(true) } } }),
      resolve: (s, _args, ctx) =>
        s.service?.customer ?? (s.customerId === null ? null : ctx.db.customer.findUnique({ where: { id: s.customerId } })),
    }),
    framedIp: t.exposeString('framedIp', { nullable: true }),
    framedIpv6Prefix: t.exposeString('framedIpv6Prefix', { nullable: true }),
    delegatedIpv6Prefix: t.exposeString('delegatedIpv6Prefix', { nullable: true }),
    mac: t.exposeString('mac', { nullable: true, description: 'Calling-Station-Id.' }),
    nasPortId: t.exposeString('nasPortId', { nullable: true }),
    nasPortType: t.exposeString('nasPortType', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'The last accounting packet.' }),
    stoppedAt: t.expose('stoppedAt', { type: 'DateTime', nullable: true }),
    online: t.boolean({ resolve: (s) => s.stoppedAt === null }),
    inputOctets: t.expose('inputOctets', { type: 'BigInt', description: 'Octets from the subscriber (their upload).' }),
    outputOctets: t.expose('outputOctets', { type: 'BigInt', description: 'Octets to the subscriber (their download).' }),
    sessionTime: t.exposeInt('sessionTime', { description: 'Seconds, as the NAS last reported.' }),
    interimInterval: t.exposeInt('interimInterval', { nullable: true }),
    terminateCause: t.exposeString('terminateCause', { nullable: true }),
    rateLimit: t.exposeString('rateLimit', { nullable: true, description: 'The rate limit the session was given (MikroTik syntax).' }),
    blocked: t.exposeBoolean('blocked', { description: 'Accepted into the blocked state.' }),
  }),
});

const TrafficDay = builder.prismaObject('TrafficDaily', {
  name: 'TrafficDay',
  description: "A service's traffic on one day (UTC), summed from accounting.",
  authScopes: { permission: 'sessions:read' },
  fields: (t) => ({
    day: t.expose('day', { type: 'Date' }),
    inputOctets: t.expose('inputOctets', { type: 'BigInt', description: 'From the subscriber (upload).' }),
    outputOctets: t.expose('outputOctets', { type: 'BigInt', description: 'To the subscriber (download).' }),
  }),
});

const ipArg = z.string().refine((v) => parseBlock(v) !== null, 'ip: is not an IP address or network');

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The filters the online list and the history share. */
const filterFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  routerId: t.int(),
  customerId: t.int(),
  serviceId: t.int(),
  ip: t.string({ description: 'An address, or a network ("100.64.0.0/16") whose addresses to match.', validate: ipArg }),
  login: t.string({ description: 'Part of the login, any case.', validate: z.string().max(64) }),
  mac: t.string({ description: 'A MAC address in any common notation.', validate: z.string().max(32) }),
});

const RadiusSessionFilter = builder.inputType('RadiusSessionFilter', { fields: (t) => filterFields(t) });

const RadiusSessionHistoryFilter = builder.inputType('RadiusSessionHistoryFilter', {
  fields: (t) => ({
    ...filterFields(t),
    from: t.field({ type: 'DateTime', description: 'Sessions that had not ended by then.' }),
    to: t.field({ type: 'DateTime', description: 'Sessions started before then.' }),
    includeOnline: t.boolean({ defaultValue: false, description: 'Include sessions still online (default: ended ones only).' }),
  }),
});

const read = { permission: 'sessions:read' } as const;

builder.queryFields((t) => ({
  onlineSessions: t.prismaConnection({
    type: RadiusSession,
    cursor: 'id',
    maxSize: 500,
    description: 'Sessions online now, newest first.',
    authScopes: read,
    args: { filter: t.arg({ type: RadiusSessionFilter }) },
    totalCount: (_p, args, ctx) => ctx.db.radiusSession.count({ where: onlineSessionWhere(ctx, args.filter ?? {}) }),
    resolve: (query, _p, args, ctx) => ctx.db.radiusSession.findMany({ ...query, where: onlineSessionWhere(ctx, args.filter ?? {}), orderBy: SESSION_ORDER }),
  }),
  sessionHistory: t.prismaConnection({
    type: RadiusSession,
    cursor: 'id',
    maxSize: 500,
    description: 'Sessions that overlap `from`–`to`, newest first.',
    authScopes: read,
    args: { filter: t.arg({ type: RadiusSessionHistoryFilter }) },
    totalCount: (_p, args, ctx) => ctx.db.radiusSession.count({ where: sessionHistoryWhere(ctx, args.filter ?? {}) }),
    resolve: (query, _p, args, ctx) => ctx.db.radiusSession.findMany({ ...query, where: sessionHistoryWhere(ctx, args.filter ?? {}), orderBy: SESSION_ORDER }),
  }),
  sessionAt: t.prismaField({
    type: RadiusSession,
    nullable: true,
    description: 'The session that had this address at that instant (one indexed query), or null.',
    authScopes: read,
    args: {
      ip: t.arg.string({ required: true, validate: z.string().refine((v) => [32, 128].includes(parseBlock(v)?.prefix ?? 0), 'ip: is not an IP address') }),
      at: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: async (query, _p, args, ctx) => {
      const id = await findSessionIdAt(ctx, args.ip, args.at);
      return id === null ? null : ctx.db.radiusSession.findUnique({ ...query, where: { id } });
    },
  }),
}));

const OnlinePointRef = builder.objectRef<OnlinePoint>('OnlinePoint').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'The start of the bucket.' }),
    online: t.exposeInt('online', { description: "The average of the bucket's per-minute counts." }),
    peak: t.exposeInt('peak', { description: 'The highest per-minute count in the bucket.' }),
  }),
});

const OnlineHistoryRef = builder.objectRef<OnlineHistory>('OnlineHistory').implement({
  fields: (t) => ({
    bucketSeconds: t.exposeInt('bucketSeconds', { description: 'The width of each point: a minute for short ranges, up to six hours.' }),
    points: t.field({ type: [OnlinePointRef], resolve: (h) => h.points }),
  }),
});

builder.queryFields((t) => ({
  onlineHistory: t.field({
    type: OnlineHistoryRef,
    description: `Online sessions over time, sampled each minute and kept ${ONLINE_HISTORY_DAYS} days: all NAS you may see, or one. At most 1,500 points; minutes without a sample are missing, not zero.`,
    authScopes: read,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', description: 'Default: now.' }),
      routerId: t.arg.int(),
    },
    resolve: (_p, args, ctx) => onlineHistory(ctx, args),
  }),
}));

builder.prismaObjectFields('Service', (t) => ({
  onlineSessions: t.relation('radiusSessions', {
    type: RadiusSession,
    authScopes: read,
    query: { where: { stoppedAt: null }, orderBy: SESSION_ORDER },
  }),
  traffic: t.relation('trafficDaily', {
    type: TrafficDay,
    description: 'Traffic per day (UTC), `from` to `to` inclusive, at most 366 days.',
    authScopes: read,
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    query: (args) => ({ where: { day: { gte: args.from, lte: args.to } }, orderBy: { day: 'asc' }, take: 366 }),
  }),
}));

builder.prismaObjectFields('Customer', (t) => ({
  onlineSessions: t.field({
    type: [RadiusSession],
    description: "The customer's sessions online now, over all their services.",
    authScopes: read,
    select: (_args, _ctx, nested) => ({ services: { select: { radiusSessions: nested({ where: { stoppedAt: null }, orderBy: SESSION_ORDER }) } } }),
    resolve: (customer) => customer.services.flatMap((s) => s.radiusSessions),
  }),
}));

const SessionChangeKind = builder.enumType('SessionChangeKind', { values: ['STARTED', 'UPDATED', 'STOPPED'] as const });

const SessionChangeRef = builder.objectRef<SessionChange>('SessionChange').implement({
  description: 'A session started, updated (interim accounting) or stopped; fetch it by `sessionId` for the details.',
  fields: (t) => ({
    kind: t.expose('kind', { type: SessionChangeKind }),
    sessionId: t.id({ description: 'The RadiusSession id.', resolve: (c) => encodeGlobalID('RadiusSession', c.id) }),
    routerId: t.exposeInt('routerId', { nullable: true }),
    serviceId: t.exposeInt('serviceId', { nullable: true }),
    customerId: t.exposeInt('customerId', { nullable: true }),
  }),
});

const SessionChangesFilter = builder.inputType('SessionChangesFilter', {
  fields: (t) => ({ routerId: t.int(), customerId: t.int(), serviceId: t.int() }),
});

builder.subscriptionFields((t) => ({
  sessionChanges: t.field({
    type: [SessionChangeRef],
    description: 'Sessions starting, updating and stopping (only those you may see), in batches of at most one per `batchMs`.',
    authScopes: read,
    args: {
      filter: t.arg({ type: SessionChangesFilter }),
      batchMs: t.arg.int({ defaultValue: 500, validate: z.number().int().min(10).max(5000), description: 'How long a batch gathers changes, 10–5000 ms.' }),
    },
    subscribe: (_p, args, ctx) => sessionChanges(ctx.pubsub, { ...(args.filter ?? {}), partnerId: partnerOf(ctx.principal) }, args.batchMs ?? 500),
    resolve: (batch) => batch,
  }),
}));
