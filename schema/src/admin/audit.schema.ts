import type { Prisma } from '@backhaul/prisma/client';
import { ActorType } from '@backhaul/prisma/enums';
import { builder } from '../builder.ts';
import { filterEvents } from '../shared/common.schema.ts';
import { partnerOf } from '../shared/principal.ts';
import type { ServiceContext } from '../shared/context.ts';

const ActorTypeEnum = builder.enumType(ActorType, { name: 'ActorType' });

/**
 * Who made a change, as every audit reader may see them: the StaffUser type itself needs
 * staff:read, which an auditor or a financial manager need not hold.
 */
const AuditStaff = builder.objectRef<{ id: number; name: string; username: string }>('AuditStaff').implement({
  description: 'The staff member who made a change: number, name and username only.',
  fields: (t) => ({ number: t.exposeInt('id'), name: t.exposeString('name'), username: t.exposeString('username') }),
});

export const AuditLog = builder.prismaNode('AuditLog', {
  id: { field: 'id' },
  description: 'One change: who made it, what it was, and the record before and after (secrets masked).',
  authScopes: (row) => ({ $all: { permission: 'audit:read', partner: row.partnerId ?? -1 } }),
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    actorType: t.expose('actorType', { type: ActorTypeEnum }),
    staff: t.relation('staff', {
      nullable: true,
      skipTypeScopes: true,
      description: 'The whole staff record: needs staff:read for other staff. `actorStaff` names them for every audit reader.',
    }),
    actorStaff: t.field({
      type: AuditStaff,
      nullable: true,
      select: { staff: { select: { id: true, name: true, username: true } } },
      resolve: (r) => r.staff ?? null,
    }),
    apiKeyName: t.string({ nullable: true, select: { apiKey: { select: { name: true } } }, resolve: (r) => r.apiKey?.name ?? null }),
    action: t.exposeString('action'),
    entity: t.exposeString('entity'),
    entityId: t.exposeString('entityId'),
    customerNumber: t.exposeInt('customerId', { nullable: true }),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
  }),
});

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    customerNumber: t.int(),
    staffNumber: t.int(),
    action: t.string({ description: 'An action, or a prefix ending in a dot: "customer." matches every customer change.' }),
    entity: t.string(),
    entityId: t.string(),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

type Filter = typeof AuditLogFilter.$inferInput;

function auditWhere(ctx: Pick<ServiceContext, 'principal'>, f: Filter = {}): Prisma.AuditLogWhereInput {
  const partnerId = partnerOf(ctx.principal);
  return {
    ...(partnerId !== null ? { partnerId } : {}),
    ...(f.customerNumber != null ? { customerId: f.customerNumber } : {}),
    ...(f.staffNumber != null ? { staffId: f.staffNumber } : {}),
    ...(f.action ? (f.action.endsWith('.') ? { action: { startsWith: f.action } } : { action: f.action }) : {}),
    ...(f.entity ? { entity: f.entity } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

builder.queryFields((t) => ({
  auditLogs: t.prismaConnection({
    type: AuditLog,
    cursor: 'id',
    description: 'The audit log, newest first; searchable by customer, staff member and action.',
    authScopes: { permission: 'audit:read' },
    args: { filter: t.arg({ type: AuditLogFilter }) },
    totalCount: (_p, args, ctx) => ctx.db.auditLog.count({ where: auditWhere(ctx, args.filter ?? {}) }),
    resolve: (query, _p, args, ctx) => ctx.db.auditLog.findMany({ ...query, where: auditWhere(ctx, args.filter ?? {}), orderBy: { id: 'desc' } }),
  }),
}));

builder.subscriptionField('auditLogAdded', (t) =>
  t.prismaField({
    type: AuditLog,
    description: 'Each audit-log row as it is written (only those you may see).',
    authScopes: { permission: 'audit:read' },
    args: { customerNumber: t.arg.int() },
    subscribe: (_p, args, ctx) => {
      const partnerId = partnerOf(ctx.principal);
      return filterEvents(
        ctx.pubsub.subscribe('AuditLogAdded'),
        (e) => (partnerId === null || e.partnerId === partnerId) && (args.customerNumber == null || e.customerId === args.customerNumber),
        (e) => e,
      );
    },
    resolve: (query, event, _a, ctx) => ctx.db.auditLog.findUniqueOrThrow({ ...query, where: { id: BigInt(event.id) } }),
  }),
);
