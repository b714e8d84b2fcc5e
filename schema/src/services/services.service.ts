import { z } from 'zod';
import type { Prisma } from '@backhaul/prisma/client';
import { customerScope, findCustomer, refreshSearchText } from '../customers/customers.service.ts';
import { assignIp } from '../network/ip-networks.service.ts';
import { change, type Tx } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { normaliseMac } from './mac.ts';

const serviceFields = z.object({
  tariffId: z.number().int(),
  login: z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9@._+-]+$/, 'letters, digits and @ . _ + - only'),
  password: z.string().min(4, 'must be at least 4 characters').max(128).nullish(),
  mac: z.string().nullish().transform((v, c) => {
    if (!v) return null;
    const mac = normaliseMac(v);
    if (!mac) c.addIssue({ code: 'custom', message: 'is not a MAC address' });
    return mac;
  }),
  routerId: z.number().int().nullish(),
  bindToRouter: z.boolean(),
  simultaneousUse: z.number().int().min(1).max(100),
  status: z.enum(['PENDING', 'ACTIVE', 'STOPPED', 'DISABLED']),
  startDate: z.date(),
  endDate: z.date().nullish(),
  description: z.string().max(500).nullish(),
});

const createSchema = serviceFields
  .extend({
    customerId: z.number().int(),
    /** Static addresses to assign: from a network, a given address or the first free one. */
    ipAssignments: z.array(z.object({ networkId: z.number().int(), address: z.string().nullish() })).max(8).default([]),
  })
  .partial({ bindToRouter: true, simultaneousUse: true, status: true, startDate: true });

export type CreateServiceInput = z.input<typeof createSchema>;
export type UpdateServiceInput = Partial<z.input<typeof serviceFields>>;

function toRow(ctx: ServiceContext, data: Partial<z.output<typeof serviceFields>>) {
  const { password, ...rest } = data;
  return { ...rest, ...(password !== undefined ? { passwordEnc: password ? ctx.secrets.seal(password) : null } : {}) };
}

export interface ServiceFilter {
  login?: string | null;
  mac?: string | null;
  status?: ReadonlyArray<'PENDING' | 'ACTIVE' | 'STOPPED' | 'DISABLED'> | null;
  tariffId?: number | null;
  routerId?: number | null;
  customerId?: number | null;
}

/** Services the principal may see (through their customer's partner), filtered. */
export function serviceWhere(ctx: Pick<ServiceContext, 'principal'>, f: ServiceFilter): Prisma.ServiceWhereInput {
  const mac = f.mac ? normaliseMac(f.mac) : null;
  return {
    customer: customerScope(ctx),
    ...(f.login ? { login: { contains: f.login.trim(), mode: 'insensitive' } } : {}),
    ...(f.mac ? { mac: mac ?? '-' } : {}),
    ...(f.status?.length ? { status: { in: [...f.status] } } : {}),
    ...(f.tariffId != null ? { tariffId: f.tariffId } : {}),
    ...(f.routerId != null ? { routerId: f.routerId } : {}),
    ...(f.customerId != null ? { customerId: f.customerId } : {}),
  };
}

export async function findService(ctx: ServiceContext, id: number, tx: Tx = ctx.db) {
  const service = await tx.service.findFirst({ where: { id, customer: customerScope(ctx) }, include: { customer: true } });
  if (!service) throw new NotFoundError('Service', id, 'id');
  return service;
}

async function checkReferences(tx: Tx, data: { tariffId?: number; routerId?: number | null }) {
  if (data.tariffId !== undefined && !(await tx.tariff.count({ where: { id: data.tariffId } }))) {
    throw new NotFoundError('Tariff', data.tariffId, 'input.tariffId');
  }
  if (data.routerId != null && !(await tx.router.count({ where: { id: data.routerId } }))) {
    throw new NotFoundError('Router', data.routerId, 'input.routerId');
  }
}

export async function createService(ctx: ServiceContext, input: CreateServiceInput) {
  const { customerId, ipAssignments, ...data } = parseInput(createSchema, input);
  return change(ctx, async (tx, changes) => {
    const customer = await findCustomer(ctx, customerId, tx).catch(() => {
      throw new NotFoundError('Customer', customerId, 'input.customerId');
    });
    await checkReferences(tx, data);
    const service = await tx.service.create({ data: { ...toRow(ctx, data), customerId } as Prisma.ServiceUncheckedCreateInput });
    for (const [i, a] of ipAssignments.entries()) {
      await assignIp(tx, { networkId: a.networkId, address: a.address, serviceId: service.id }, `input.ipAssignments.${i}`);
    }
    await refreshSearchText(tx, customerId);
    await changes.audit({ action: 'service.create', entity: 'Service', entityId: service.id, customerId, partnerId: customer.partnerId, after: service });
    changes.emit('SubscriberChanged', { serviceId: service.id, customerId, login: service.login });
    return { ...service, customer };
  });
}

export async function updateService(ctx: ServiceContext, id: number, input: UpdateServiceInput) {
  const data = parseInput(serviceFields.partial(), input);
  return change(ctx, async (tx, changes) => {
    const { customer, ...before } = await findService(ctx, id, tx);
    await checkReferences(tx, data);
    const service = await tx.service.update({ where: { id }, data: toRow(ctx, data) });
    await refreshSearchText(tx, service.customerId);
    await changes.audit({ action: 'service.update', entity: 'Service', entityId: id, customerId: service.customerId, partnerId: customer.partnerId, before, after: service });
    // The old login too, so the RADIUS cache forgets it when the login changed.
    changes.emit('SubscriberChanged', { serviceId: id, customerId: service.customerId, login: before.login });
    if (before.login !== service.login) changes.emit('SubscriberChanged', { serviceId: id, customerId: service.customerId, login: service.login });
    return { ...service, customer };
  });
}

export async function deleteService(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const { customer, ...before } = await findService(ctx, id, tx);
    await tx.service.delete({ where: { id } });
    await refreshSearchText(tx, before.customerId);
    await changes.audit({ action: 'service.delete', entity: 'Service', entityId: id, customerId: before.customerId, partnerId: customer.partnerId, before });
    changes.emit('SubscriberChanged', { serviceId: id, customerId: before.customerId, login: before.login });
    return before;
  });
}
