import { BillingType, CustomerStatus } from '@backhaul/prisma/enums';
import { z } from 'zod';
import { builder, type Context } from '../builder.ts';
import { batchEvents, filterBatches } from '../events/batch.ts';
import type { EventPayload } from '../events/catalogue.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, NotAllowedError } from '../shared/errors.ts';
import { deletedId, provided, filterEvents, prismaDirection, SortDirection } from '../shared/common.schema.ts';
import { partnerOf } from '../shared/principal.ts';
import {
  countCustomers,
  createCustomer,
  customerWhere,
  deleteCustomer,
  findCustomerPage,
  MAX_COUNT_UP_TO,
  setCustomerStatus,
  updateCustomer,
  type CappedCount,
} from './customers.service.ts';

export const CustomerStatusEnum = builder.enumType(CustomerStatus, { name: 'CustomerStatus' });
export const BillingTypeEnum = builder.enumType(BillingType, { name: 'BillingType' });

export const Customer = builder.prismaNode('Customer', {
  id: { field: 'id' },
  authScopes: (customer) => ({ $all: { permission: 'customers:read', partner: customer.partnerId } }),
  fields: (t) => ({
    number: t.exposeInt('id', { description: 'The customer number staff and customers quote.' }),
    partner: t.relation('partner'),
    status: t.expose('status', { type: CustomerStatusEnum }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    street: t.exposeString('street', { nullable: true }),
    city: t.string({ nullable: true, resolve: (c) => c.city || null }),
    zip: t.exposeString('zip', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    billingType: t.expose('billingType', { type: BillingTypeEnum }),
    billingDay: t.exposeInt('billingDay'),
    paymentDueDays: t.exposeInt('paymentDueDays'),
    graceDays: t.exposeInt('graceDays'),
    minimalBalance: t.expose('minimalBalance', { type: 'Decimal' }),
    balance: t.expose('balance', { type: 'Decimal' }),
    dateOfBirth: t.expose('dateOfBirth', { type: 'Date', nullable: true }),
    idDocument: t.exposeString('idDocument', { nullable: true }),
    marketingConsent: t.exposeBoolean('marketingConsent'),
    gdprConsentAt: t.expose('gdprConsentAt', { type: 'DateTime', nullable: true }),
    anonymizedAt: t.expose('anonymizedAt', { type: 'DateTime', nullable: true }),
    customFields: t.expose('customFields', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    services: t.relation('services', { authScopes: { permission: 'services:read' }, query: { orderBy: { id: 'asc' } } }),
  }),
});

const CustomerFilter = builder.inputType('CustomerFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Matches name, e-mail, phone, address, login, IP or MAC (3+ characters use the index).', validate: z.string().max(200) }),
    status: t.field({ type: [CustomerStatusEnum] }),
    billingType: t.field({ type: BillingTypeEnum }),
    partnerId: t.int(),
    tariffId: t.int(),
    routerId: t.int({ description: 'Customers with a service on this router/NAS.' }),
  }),
});

const CustomerSortField = builder.enumType('CustomerSortField', {
  values: { ID: { value: 'id' }, NAME: { value: 'name' }, STATUS: { value: 'status' }, CITY: { value: 'city' }, BALANCE: { value: 'balance' }, CREATED_AT: { value: 'createdAt' } } as const,
});

const CustomerOrder = builder.inputType('CustomerOrder', {
  fields: (t) => ({
    field: t.field({ type: CustomerSortField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'ASC' }),
  }),
});

const CappedCountRef = builder.objectRef<CappedCount>('CappedCount').implement({
  description: 'A number of matches counted up to a cap: a list shows "1,000+" when it is not exact.',
  fields: (t) => ({
    value: t.exposeInt('value', { description: 'The number of matches, or the cap when there are more.' }),
    exact: t.exposeBoolean('exact', { description: 'Whether `value` is all the matches (false: there are more than `value`).' }),
  }),
});

/** A query asking only for fields marked so gets no page loaded (the Prisma plugin's own `totalCount` mark). */
const countOnly = { pothosPrismaTotalCount: true };
const UP_TO_RANGE = `must be between 1 and ${MAX_COUNT_UP_TO.toLocaleString('en-US')}`;

builder.queryFields((t) => ({
  customers: t.prismaConnection(
    {
      type: 'Customer',
      cursor: 'id',
      maxSize: 500,
      authScopes: { permission: 'customers:read' },
      args: { filter: t.arg({ type: CustomerFilter }), orderBy: t.arg({ type: CustomerOrder }) },
      resolve: (query, _parent, args, ctx) => {
        const orderBy = args.orderBy && args.orderBy.field !== 'id'
          ? [{ [args.orderBy.field]: prismaDirection(args.orderBy.direction) }, { id: prismaDirection(args.orderBy.direction) }]
          : [{ id: prismaDirection(args.orderBy?.direction) }];
        return findCustomerPage(ctx, query, args.filter ?? {}, orderBy);
      },
    },
    {
      // Connection fields see the field's arguments as `connection.args`, so both counts apply
      // the same filter and partner scope as the page.
      fields: (t) => ({
        count: t.field({
          type: CappedCountRef,
          description: 'The number of matches up to `upTo` (1–100,000): cheap on any list, for "1,000+ customers".',
          extensions: countOnly,
          args: { upTo: t.arg.int({ required: true, defaultValue: 1000, validate: z.number().int().min(1, UP_TO_RANGE).max(MAX_COUNT_UP_TO, UP_TO_RANGE) }) },
          resolve: (connection, { upTo }, ctx) => countCustomers(ctx, connection.args.filter ?? {}, upTo),
        }),
        totalCount: t.int({
          description: 'The exact number of matches. Slower on large lists, as it reads every match (tens of ms when tens of thousands match): lists should show `count` and ask for this on demand.',
          extensions: countOnly,
          resolve: (connection, _args, ctx) => ctx.db.customer.count({ where: customerWhere(ctx, connection.args.filter ?? {}) }),
        }),
      }),
    },
  ),
  customer: t.prismaField({
    type: 'Customer',
    nullable: true,
    authScopes: { permission: 'customers:read' },
    args: { id: t.arg.globalID({ required: true, for: Customer }) },
    resolve: (query, _parent, args, ctx) => ctx.db.customer.findFirst({ ...query, where: { id: Number(args.id.id), ...customerWhere(ctx) } }),
  }),
}));

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The fields staff can set on a customer; `name` is required only when creating one. */
function customerInputFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, creating: boolean) {
  return {
    name: t.string({ required: creating }),
    email: t.string(),
    phone: t.string(),
    street: t.string(),
    city: t.string(),
    zip: t.string(),
    country: t.string({ description: 'ISO 3166 two-letter code.' }),
    idDocument: t.string(),
    billingType: t.field({ type: BillingTypeEnum }),
    billingDay: t.int({ description: 'Day of the month (1–28) recurring invoices are issued.' }),
    paymentDueDays: t.int(),
    graceDays: t.int(),
    minimalBalance: t.field({ type: 'Decimal' }),
    dateOfBirth: t.field({ type: 'Date' }),
    marketingConsent: t.boolean(),
    gdprConsentAt: t.field({ type: 'DateTime' }),
    customFields: t.field({ type: 'JSON' }),
  };
}

const CreateCustomerInput = builder.inputType('CreateCustomerInput', {
  fields: (t) => ({
    ...customerInputFields(t, true),
    partnerId: t.int({ description: 'Required for staff not bound to a partner.' }),
    status: t.field({ type: CustomerStatusEnum }),
  }),
});

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', { fields: (t) => customerInputFields(t, false) });

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: Customer,
    authScopes: { permission: 'customers:create' },
    errors: { types: [...INPUT_ERRORS, NotAllowedError, DuplicateError] },
    args: { input: t.arg({ type: CreateCustomerInput, required: true }) },
    resolve: (_parent, { input }, ctx) => createCustomer(ctx, provided(input) as never),
  }),
  updateCustomer: t.field({
    type: Customer,
    authScopes: { permission: 'customers:write' },
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: Customer }), input: t.arg({ type: UpdateCustomerInput, required: true }) },
    resolve: (_parent, { id, input }, ctx) => updateCustomer(ctx, Number(id.id), provided(input) as never),
  }),
  setCustomerStatus: t.field({
    type: Customer,
    description: 'Blocks, unblocks, activates or deactivates a customer; their RADIUS sessions follow.',
    authScopes: { permission: 'customers:block' },
    errors: { types: [...INPUT_ERRORS] },
    args: {
      id: t.arg.globalID({ required: true, for: Customer }),
      status: t.arg({ type: CustomerStatusEnum, required: true }),
      reason: t.arg.string(),
    },
    resolve: (_parent, args, ctx) => setCustomerStatus(ctx, Number(args.id.id), args.status, args.reason ?? null),
  }),
  deleteCustomer: t.field({
    type: 'ID',
    description: 'Deletes a customer with their services; returns the deleted id.',
    authScopes: { permission: 'customers:write' },
    errors: { types: [...INPUT_ERRORS] },
    args: { id: t.arg.globalID({ required: true, for: Customer }) },
    resolve: async (_parent, { id }, ctx) => deletedId(id, await deleteCustomer(ctx, Number(id.id))),
  }),
}));

const CustomerChangeEnum = builder.enumType('CustomerChange', { values: ['created', 'updated', 'deleted'] as const });

const CustomerChangedEvent = builder.objectRef<{ customerNumber: number; change: 'created' | 'updated' | 'deleted' }>('CustomerChangedEvent').implement({
  fields: (t) => ({ customerNumber: t.exposeInt('customerNumber'), change: t.expose('change', { type: CustomerChangeEnum }) }),
});

/** Which CustomerChanged events a subscriber may see, and what it sees of them. */
function customerEvents(ctx: Context, customerNumber: number | null | undefined) {
  const partnerId = partnerOf(ctx.principal);
  return {
    keep: (e: EventPayload<'CustomerChanged'>) =>
      (partnerId === null || e.partnerId === partnerId) && (customerNumber == null || e.customerId === customerNumber),
    map: (e: EventPayload<'CustomerChanged'>) => ({ customerNumber: e.customerId, change: e.change }),
  };
}

builder.subscriptionFields((t) => ({
  customerChanged: t.field({
    type: CustomerChangedEvent,
    description: 'Each customer created, changed or deleted (only those you may see).',
    authScopes: { permission: 'customers:read' },
    args: { customerNumber: t.arg.int({ description: 'Only this customer.' }) },
    subscribe: (_parent, args, ctx) => {
      const { keep, map } = customerEvents(ctx, args.customerNumber);
      return filterEvents(ctx.pubsub.subscribe('CustomerChanged'), keep, map);
    },
    resolve: (event) => event,
  }),
  customerChanges: t.field({
    type: [CustomerChangedEvent],
    description: 'The same events in batches, one message per `batchMs` at most: for screens that follow many changes a second.',
    authScopes: { permission: 'customers:read' },
    args: {
      batchMs: t.arg.int({ defaultValue: 100, validate: z.number().int().min(10).max(5000), description: 'How long a batch gathers events, 10–5000 ms.' }),
    },
    subscribe: (_parent, args, ctx) => {
      const { keep, map } = customerEvents(ctx, null);
      // Batch the raw events first: filtering a batch is one loop, not one generator step per event.
      return filterBatches(batchEvents(ctx.pubsub.subscribe('CustomerChanged'), args.batchMs ?? 100), keep, map);
    },
    resolve: (batch) => batch,
  }),
}));
