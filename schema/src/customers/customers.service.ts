import { z } from 'zod';
import { Prisma } from '@backhaul/prisma/client';
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

/** One filter's condition, for Prisma and as SQL. */
interface Condition {
  where: Prisma.CustomerWhereInput;
  /** The same condition on `"Customer" c`. */
  sql: Prisma.Sql;
}

const hasService = (column: 'tariffId' | 'routerId', id: number): Condition => ({
  where: { services: { some: { [column]: id } } },
  sql: Prisma.sql`EXISTS (SELECT 1 FROM "Service" s WHERE s."customerId" = c.id AND s.${Prisma.raw(`"${column}"`)} = ${id})`,
});

/**
 * Every filter, for Prisma and as SQL (for the capped count, a statement Prisma cannot write):
 * one entry per key of CustomerFilter, so a new filter cannot be left out of either; a test
 * compares the two on every filter. Neither escapes `%` and `_` in a search, as Prisma's
 * `contains` does not.
 */
const FILTERS: { [K in keyof CustomerFilter]-?: (value: NonNullable<CustomerFilter[K]>) => Condition | null } = {
  search: (value) => {
    const search = normaliseSearchQuery(value);
    return search ? { where: { searchText: { contains: search } }, sql: Prisma.sql`c."searchText" LIKE '%' || ${search} || '%'` } : null;
  },
  status: (value) =>
    value.length
      ? {
          where: { status: { in: [...value] } },
          sql: Prisma.sql`c.status IN (${Prisma.join(value.map((v) => Prisma.sql`CAST(${v}::text AS "CustomerStatus")`))})`,
        }
      : null,
  billingType: (value) => ({ where: { billingType: value }, sql: Prisma.sql`c."billingType" = CAST(${value}::text AS "BillingType")` }),
  partnerId: (value) => ({ where: { partnerId: value }, sql: Prisma.sql`c."partnerId" = ${value}` }),
  tariffId: (value) => hasService('tariffId', value),
  routerId: (value) => hasService('routerId', value),
};

/** The principal's scope, then the filter's conditions. */
function customerConditions(ctx: Pick<ServiceContext, 'principal'>, filter: CustomerFilter): Condition[] {
  const partnerId = partnerOf(ctx.principal);
  const conditions: Condition[] = partnerId === null ? [] : [{ where: customerScope(ctx), sql: Prisma.sql`c."partnerId" = ${partnerId}` }];
  for (const key of Object.keys(FILTERS) as Array<keyof CustomerFilter>) {
    const value = filter[key];
    const condition = value == null ? null : (FILTERS[key] as (v: NonNullable<typeof value>) => Condition | null)(value);
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/** The customers the principal may see that match the filter. */
export function customerWhere(ctx: Pick<ServiceContext, 'principal'>, filter: CustomerFilter = {}): Prisma.CustomerWhereInput {
  return { AND: customerConditions(ctx, filter).map((c) => c.where) };
}

/** What a connection's resolver is given: what the GraphQL selection needs, and which page. */
export interface PageQuery {
  select?: Prisma.CustomerSelect;
  include?: Prisma.CustomerInclude;
  take?: number;
  skip?: number;
  cursor?: Prisma.CustomerWhereUniqueInput;
}

/**
 * A page of the customers the filter matches, in two statements: the page's ids, then those rows
 * with the relations the selection asks for. In one statement PostgreSQL builds the relations
 * (services, partner) of every match before it sorts and cuts the page whenever no index gives
 * the order — for a search matching thousands, thousands of JSON objects thrown away.
 */
export async function findCustomerPage(
  ctx: Pick<ServiceContext, 'principal' | 'db'>,
  query: PageQuery,
  filter: CustomerFilter,
  orderBy: Prisma.CustomerOrderByWithRelationInput[],
) {
  const { take, skip, cursor, ...selection } = query;
  const page = await ctx.db.customer.findMany({ where: customerWhere(ctx, filter), orderBy, take, skip, cursor, select: { id: true } });
  if (page.length === 0) return [];
  return ctx.db.customer.findMany({ ...selection, where: { id: { in: page.map((c) => c.id) } }, orderBy });
}

/** The most a capped count may count up to: beyond this an exact `totalCount` costs as much. */
export const MAX_COUNT_UP_TO = 100_000;

/** What a list shows as "1,000+": the number of matches up to a cap, and whether that is all of them. */
export interface CappedCount {
  /** min(matches, upTo). */
  value: number;
  /** True when there are no more than `upTo` matches, so `value` is the exact number. */
  exact: boolean;
}

/**
 * Counts the customers the filter matches, stopping after `upTo + 1`, so a filter matching most
 * of a large ISP costs about as much as one matching a thousand (an exact count reads every
 * match). In SQL, because Prisma's `count({ take })` orders the matches by id first: PostgreSQL
 * then walks the primary key testing each row, and a search with a little more than `upTo`
 * matches (a common name) reads most of the table — 40–80 ms instead of 1–2.
 */
export async function countCustomers(ctx: Pick<ServiceContext, 'principal' | 'db'>, filter: CustomerFilter, upTo: number): Promise<CappedCount> {
  const conditions = customerConditions(ctx, filter).map((c) => c.sql);
  const where = conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`true`;
  const [row] = await ctx.db.$queryRaw<Array<{ matches: number }>>`
    SELECT count(*)::int AS matches FROM (SELECT 1 FROM "Customer" c WHERE ${where} LIMIT ${upTo + 1}) AS matching`;
  const matches = row?.matches ?? 0;
  return { value: Math.min(matches, upTo), exact: matches <= upTo };
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
