import { z } from 'zod';
import type { Prisma } from '@backhaul/prisma/client';
import type { CustomerStatus } from '@backhaul/prisma/enums';
import { change, type Tx } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { NotAllowedError, NotFoundError } from '../shared/errors.ts';
import { partnerOf } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { customerSearchText, normaliseSearchQuery } from './search.ts';


export interface CustomerFilter {
  search?: string | null;
  status?: readonly CustomerStatus[] | null;
  billingType?: 'PREPAID' | 'RECURRING' | null;
  partnerId?: number | null;
  tariffId?: number | null;
  routerId?: number | null;
}

/** Rows the principal may see: a partner-bound principal sees only its partner's customers. */
export function customerScope(ctx: Pick<ServiceContext, 'principal'>): Prisma.CustomerWhereInput {
  const partnerId = partnerOf(ctx.principal);
  return partnerId === null ? {} : { partnerId };
}

export function customerWhere(ctx: Pick<ServiceContext, 'principal'>, filter: CustomerFilter = {}): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [customerScope(ctx)];
  const search = filter.search ? normaliseSearchQuery(filter.search) : '';
  if (search) and.push({ searchText: { contains: search } });
  if (filter.status?.length) and.push({ status: { in: [...filter.status] } });
  if (filter.billingType) and.push({ billingType: filter.billingType });
  if (filter.partnerId != null) and.push({ partnerId: filter.partnerId });
  if (filter.tariffId != null) and.push({ services: { some: { tariffId: filter.tariffId } } });
  if (filter.routerId != null) and.push({ services: { some: { routerId: filter.routerId } } });
  return { AND: and };
}

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

const customerFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('is not an e-mail address').max(200).nullish(),
  phone: z.string().trim().regex(/^\+?[0-9 ()./-]{3,30}$/, 'is not a phone number').nullish(),
  street: optionalText(200),
  city: z.string().trim().max(100).nullish().transform((v) => v ?? ''),
  zip: optionalText(20),
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter code').nullish(),
  billingType: z.enum(['PREPAID', 'RECURRING']),
  billingDay: z.number().int().min(1, 'must be 1–28').max(28, 'must be 1–28'),
  paymentDueDays: z.number().int().min(0).max(365),
  graceDays: z.number().int().min(0).max(365),
  minimalBalance: z.custom<Prisma.Decimal>().refine((d) => d !== undefined, 'is required'),
  dateOfBirth: z.date().nullish(),
  idDocument: optionalText(100),
  marketingConsent: z.boolean(),
  gdprConsentAt: z.date().nullish(),
  customFields: z.record(z.string(), z.unknown()),
};

const createSchema = z.object({
  ...customerFields,
  partnerId: z.number().int().nullish(),
  status: z.enum(['NEW', 'ACTIVE']).default('NEW'),
}).partial({
  billingType: true, billingDay: true, paymentDueDays: true, graceDays: true, minimalBalance: true,
  marketingConsent: true, customFields: true,
});
const updateSchema = z.object(customerFields).partial();

export type CreateCustomerInput = z.input<typeof createSchema>;
export type UpdateCustomerInput = z.input<typeof updateSchema>;

export async function findCustomer(ctx: ServiceContext, id: number, tx: Tx = ctx.db) {
  const customer = await tx.customer.findFirst({ where: { id, ...customerScope(ctx) } });
  if (!customer) throw new NotFoundError('Customer', id, 'id');
  return customer;
}

export async function createCustomer(ctx: ServiceContext, input: CreateCustomerInput) {
  const data = parseInput(createSchema, input);
  const bound = partnerOf(ctx.principal);
  if (bound !== null && data.partnerId != null && data.partnerId !== bound) {
    throw new NotAllowedError('you can create customers only for your own partner', 'input.partnerId');
  }
  const partnerId = bound ?? data.partnerId;
  if (partnerId == null) throw new NotAllowedError('choose the partner the customer belongs to', 'input.partnerId');
  return change(ctx, async (tx, changes) => {
    if (!(await tx.partner.findUnique({ where: { id: partnerId } }))) throw new NotFoundError('Partner', partnerId, 'input.partnerId');
    const { customFields, ...rest } = data;
    const created = await tx.customer.create({
      data: { ...rest, partnerId, customFields: (customFields ?? {}) as Prisma.InputJsonValue },
    });
    const customer = await tx.customer.update({ where: { id: created.id }, data: { searchText: customerSearchText(created) } });
    await changes.audit({ action: 'customer.create', entity: 'Customer', entityId: customer.id, customerId: customer.id, partnerId, after: customer });
    changes.emit('CustomerChanged', { customerId: customer.id, partnerId, change: 'created' });
    return customer;
  });
}

export async function updateCustomer(ctx: ServiceContext, id: number, input: UpdateCustomerInput) {
  const data = parseInput(updateSchema, input);
  return change(ctx, async (tx, changes) => {
    const before = await findCustomer(ctx, id, tx);
    const { customFields, ...rest } = data;
    await tx.customer.update({
      where: { id },
      data: { ...rest, ...(customFields ? { customFields: customFields as Prisma.InputJsonValue } : {}) },
    });
    const customer = await refreshSearchText(tx, id);
    await changes.audit({ action: 'customer.update', entity: 'Customer', entityId: id, customerId: id, partnerId: customer.partnerId, before, after: customer });
    changes.emit('CustomerChanged', { customerId: id, partnerId: customer.partnerId, change: 'updated' });
    return customer;
  });
}

/** Blocks, unblocks, activates or deactivates a customer; RADIUS re-evaluates its sessions. */
export async function setCustomerStatus(ctx: ServiceContext, id: number, status: CustomerStatus, reason: string | null) {
  const data = parseInput(z.object({ reason: z.string().trim().max(500).nullable() }), { reason });
  return change(ctx, async (tx, changes) => {
    const before = await findCustomer(ctx, id, tx);
    const customer = await tx.customer.update({ where: { id }, data: { status, statusReason: data.reason } });
    await changes.audit({ action: `customer.status.${status.toLowerCase()}`, entity: 'Customer', entityId: id, customerId: id, partnerId: customer.partnerId, before, after: customer });
    changes.emit('CustomerChanged', { customerId: id, partnerId: customer.partnerId, change: 'updated' });
    const services = await tx.service.findMany({ where: { customerId: id }, select: { id: true, login: true } });
    for (const s of services) changes.emit('SubscriberChanged', { serviceId: s.id, customerId: id, login: s.login });
    return customer;
  });
}

export async function deleteCustomer(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await findCustomer(ctx, id, tx);
    const services = await tx.service.findMany({ where: { customerId: id }, select: { id: true, login: true } });
    await tx.customer.delete({ where: { id } });
    await changes.audit({ action: 'customer.delete', entity: 'Customer', entityId: id, partnerId: before.partnerId, before });
    changes.emit('CustomerChanged', { customerId: id, partnerId: before.partnerId, change: 'deleted' });
    for (const s of services) changes.emit('SubscriberChanged', { serviceId: s.id, customerId: id, login: s.login });
    return before;
  });
}

/** Rebuilds what the search box matches from the customer and its services. */
export async function refreshSearchText(tx: Tx, customerId: number) {
  const customer = await tx.customer.findUniqueOrThrow({
    where: { id: customerId },
    include: { services: { select: { login: true, mac: true, ipAssignments: { select: { address: true } } } } },
  });
  const searchText = customerSearchText(
    customer,
    customer.services.map((s) => ({ login: s.login, mac: s.mac, addresses: s.ipAssignments.map((a) => a.address) })),
  );
  const { services: _services, ...row } = customer;
  if (searchText === customer.searchText) return row;
  return tx.customer.update({ where: { id: customerId }, data: { searchText } });
}
