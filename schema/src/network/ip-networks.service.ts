import { z } from 'zod';
import type { Prisma } from '@backhaul/prisma/client';
import type { Db } from '@backhaul/prisma/db';
import { change, type Tx } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { IpConflictError, IpOutsideNetworkError, NotFoundError, PoolExhaustedError, InputValidationError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { customerScope, refreshSearchText } from '../customers/customers.service.ts';
import { canonical, contains, firstFree, formatCidr, parseBlock, type Block } from './ip.ts';

const networkFields = z.object({
  cidr: z.string().trim().transform((v, c) => {
    const block = parseBlock(v);
    if (!block || !v.includes('/')) {
      c.addIssue({ code: 'custom', message: 'is not a network such as 10.0.0.0/24 or 2001:db8::/48' });
      return z.NEVER;
    }
    return block;
  }),
  usage: z.enum(['STATIC', 'POOL', 'PREFIX_DELEGATION', 'BLOCKED']),
  title: z.string().trim().min(1, 'is required').max(100),
  poolName: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only').nullish(),
  delegatedPrefixLength: z.number().int().min(1).max(128).nullish(),
  gateway: z.string().trim().nullish(),
  routerId: z.number().int().nullish(),
  partnerId: z.number().int().nullish(),
  comment: z.string().max(500).nullish(),
});

export type IpNetworkInput = z.input<typeof networkFields>;

/** Rules over the network as it will be: the input merged over the current row, if any. */
function checkNetwork(
  data: Partial<z.output<typeof networkFields>>,
  current?: { cidr: string; usage: string; delegatedPrefixLength: number | null; gateway: string | null },
) {
  const issues: { field: string; message: string }[] = [];
  const block = data.cidr ?? (current ? parseBlock(current.cidr)! : undefined);
  const usage = data.usage ?? current?.usage;
  const delegated = data.delegatedPrefixLength !== undefined ? data.delegatedPrefixLength : current?.delegatedPrefixLength;
  const gatewayText = data.gateway !== undefined ? data.gateway : current?.gateway;
  if (block && block.start !== canonical(block).start) {
    issues.push({ field: 'input.cidr', message: `host bits are set; did you mean ${formatCidr(canonical(block))}?` });
  }
  if (usage === 'PREFIX_DELEGATION') {
    if (block?.family !== 6) issues.push({ field: 'input.cidr', message: 'prefix delegation needs an IPv6 network' });
    if (delegated == null || (block && delegated <= block.prefix)) issues.push({ field: 'input.delegatedPrefixLength', message: 'must be longer than the network prefix' });
  }
  const gateway = gatewayText ? parseBlock(gatewayText) : null;
  if (gatewayText && block && !(gateway && contains(block, gateway))) {
    issues.push({ field: 'input.gateway', message: 'must be an address inside the network' });
  }
  if (issues.length) throw new InputValidationError(issues);
}

function toRow(data: Partial<z.output<typeof networkFields>>) {
  const { cidr, ...rest } = data;
  return { ...rest, ...(cidr ? { cidr: formatCidr(cidr), family: cidr.family === 4 ? ('IPV4' as const) : ('IPV6' as const) } : {}) };
}

export async function createIpNetwork(ctx: ServiceContext, input: Partial<IpNetworkInput>) {
  const data = parseInput(networkFields.partial({ usage: true }), input);
  checkNetwork(data);
  return change(ctx, async (tx, changes) => {
    const network = await tx.ipNetwork.create({ data: toRow(data) as never });
    await changes.audit({ action: 'ipNetwork.create', entity: 'IpNetwork', entityId: network.id, after: network });
    return network;
  });
}

export async function updateIpNetwork(ctx: ServiceContext, id: number, input: Partial<IpNetworkInput>) {
  const data = parseInput(networkFields.partial(), input);
  return change(ctx, async (tx, changes) => {
    const before = await tx.ipNetwork.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('IpNetwork', id, 'id');
    checkNetwork(data, before);
    const network = await tx.ipNetwork.update({ where: { id }, data: toRow(data) });
    await changes.audit({ action: 'ipNetwork.update', entity: 'IpNetwork', entityId: id, before, after: network });
    return network;
  });
}

export async function deleteIpNetwork(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.ipNetwork.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('IpNetwork', id, 'id');
    await tx.ipNetwork.delete({ where: { id } });
    await changes.audit({ action: 'ipNetwork.delete', entity: 'IpNetwork', entityId: id, before });
    return before;
  });
}

export interface AssignInput {
  networkId: number;
  /** A specific address (or delegated prefix); the first free one when omitted. */
  address?: string | null;
  serviceId?: number | null;
  kind?: 'STATIC' | 'DYNAMIC' | 'RESERVED';
  description?: string | null;
}

/**
 * Assigns an address (or, in a prefix-delegation network, a prefix) from a network. The
 * database's exclusion constraint makes a double assignment impossible even under races.
 */
export async function assignIp(tx: Tx, input: AssignInput, field = 'input') {
  const network = await tx.ipNetwork.findUnique({ where: { id: input.networkId } });
  if (!network) throw new NotFoundError('IpNetwork', input.networkId, `${field}.networkId`);
  const block = parseBlock(network.cidr)!;
  const hostPrefix = network.usage === 'PREFIX_DELEGATION' ? network.delegatedPrefixLength! : block.family === 4 ? 32 : 128;
  let wanted: Block | null;
  if (input.address) {
    wanted = parseBlock(input.address.includes('/') ? input.address : `${input.address}/${hostPrefix}`);
    if (!wanted) throw new InputValidationError([{ field: `${field}.address`, message: 'is not an IP address' }]);
    if (!contains(block, wanted)) throw new IpOutsideNetworkError(input.address, network.cidr, `${field}.address`);
  } else {
    const used = await tx.ipAssignment.findMany({ where: { networkId: network.id }, select: { address: true } });
    const gateway = network.gateway ? [parseBlock(network.gateway)!] : [];
    wanted = firstFree(block, hostPrefix, [...used.map((u) => parseBlock(u.address)!), ...gateway]);
    if (!wanted) throw new PoolExhaustedError(network.cidr, `${field}.networkId`);
  }
  const address = formatCidr(wanted);
  if (network.gateway && contains(wanted, parseBlock(network.gateway)!)) {
    throw new IpConflictError(address, `${field}.address`, `${network.gateway} is the network's gateway`);
  }
  const assignment = await tx.ipAssignment.create({
    data: { networkId: network.id, address, serviceId: input.serviceId ?? null, kind: input.kind ?? 'STATIC', description: input.description ?? null },
  });
  return { assignment, network };
}

export async function createIpAssignment(ctx: ServiceContext, input: AssignInput) {
  return change(ctx, async (tx, changes) => {
    if (input.serviceId != null) {
      const visible = await tx.service.count({ where: { id: input.serviceId, customer: customerScope(ctx) } });
      if (!visible) throw new NotFoundError('Service', input.serviceId, 'input.serviceId');
    }
    const { assignment } = await assignIp(tx, input);
    const service = assignment.serviceId ? await tx.service.findUnique({ where: { id: assignment.serviceId }, include: { customer: true } }) : null;
    if (service) await refreshSearchText(tx, service.customerId);
    await changes.audit({
      action: 'ipAssignment.create', entity: 'IpAssignment', entityId: assignment.id,
      customerId: service?.customerId ?? null, partnerId: service?.customer.partnerId ?? null, after: assignment,
    });
    if (service) changes.emit('SubscriberChanged', { serviceId: service.id, customerId: service.customerId, login: service.login });
    return assignment;
  });
}

export async function deleteIpAssignment(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.ipAssignment.findUnique({ where: { id }, include: { service: { include: { customer: true } } } });
    if (!before) throw new NotFoundError('IpAssignment', id, 'id');
    await tx.ipAssignment.delete({ where: { id } });
    const { service, ...row } = before;
    if (service) await refreshSearchText(tx, service.customerId);
    await changes.audit({
      action: 'ipAssignment.delete', entity: 'IpAssignment', entityId: id,
      customerId: service?.customerId ?? null, partnerId: service?.customer.partnerId ?? null, before: row,
    });
    if (service) changes.emit('SubscriberChanged', { serviceId: service.id, customerId: service.customerId, login: service.login });
    return row;
  });
}

/** Used and total addresses (or delegable prefixes) of a network. */
export function capacity(network: { cidr: string; usage: string; delegatedPrefixLength: number | null }): bigint {
  const block = parseBlock(network.cidr)!;
  const unit = network.usage === 'PREFIX_DELEGATION' ? network.delegatedPrefixLength! : block.family === 4 ? 32 : 128;
  const count = 1n << BigInt(unit - block.prefix);
  return block.family === 4 && unit === 32 && block.prefix < 31 ? count - 2n : count;
}

/**
 * Assignments inside `within` (a network or an address; Prisma cannot express inet
 * containment, so the ids come from one indexed SQL query) and/or in one network.
 */
async function assignmentWhere(db: Db, within: string | null | undefined, networkId: number | null | undefined) {
  const where: Prisma.IpAssignmentWhereInput = networkId != null ? { networkId } : {};
  if (!within) return where;
  const block = parseBlock(within);
  if (!block) throw new InputValidationError([{ field: 'within', message: 'is not an address or network' }]);
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT id FROM "IpAssignment" WHERE address <<= ${formatCidr(block)}::inet`;
  return { ...where, id: { in: rows.map((r) => r.id) } };
}

export async function countAssignments(db: Db, within: string | null | undefined, networkId: number | null | undefined) {
  return db.ipAssignment.count({ where: await assignmentWhere(db, within, networkId) });
}

export async function findAssignments(db: Db, query: object, within: string | null | undefined, networkId: number | null | undefined) {
  return db.ipAssignment.findMany({ ...query, where: await assignmentWhere(db, within, networkId), orderBy: { id: 'asc' } });
}
