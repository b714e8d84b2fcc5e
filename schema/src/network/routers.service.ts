import { z } from 'zod';
import type { Prisma } from '@backhaul/prisma/client';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InUseError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { parseBlock } from './ip.ts';

const address = z.string().trim().refine((v) => parseBlock(v)?.prefix === (v.includes(':') ? 128 : 32), 'is not an IP address');
const port = z.number().int().min(1).max(65_535);

const routerFields = z.object({
  title: z.string().trim().min(1, 'is required').max(100),
  vendor: z.enum(['MIKROTIK', 'CISCO', 'JUNIPER', 'UBNT', 'OTHER']),
  model: z.string().trim().max(100).nullish(),
  ip: address,
  nasIp: address,
  radiusSecret: z.string().min(6, 'must be at least 6 characters').max(128),
  requireMessageAuthenticator: z.boolean(),
  coaPort: port,
  apiHost: z.string().trim().max(255).nullish(),
  apiPort: port.nullish(),
  apiTls: z.boolean(),
  apiUser: z.string().max(100).nullish(),
  apiPassword: z.string().max(200).nullish(),
  location: z.string().trim().max(200).nullish(),
  latitude: z.custom<Prisma.Decimal>().nullish(),
  longitude: z.custom<Prisma.Decimal>().nullish(),
  partnerId: z.number().int().nullish(),
});

export type RouterInput = z.input<typeof routerFields>;

/** Seals the secrets; the plain values never reach the database or the audit log. */
function toRow(ctx: ServiceContext, data: Partial<z.output<typeof routerFields>>) {
  const { radiusSecret, apiPassword, ...rest } = data;
  return {
    ...rest,
    ...(radiusSecret !== undefined ? { radiusSecretEnc: ctx.secrets.seal(radiusSecret) } : {}),
    ...(apiPassword !== undefined ? { apiPasswordEnc: apiPassword ? ctx.secrets.seal(apiPassword) : null } : {}),
  };
}

export async function createRouter(ctx: ServiceContext, input: Partial<RouterInput>) {
  const data = parseInput(routerFields.partial({ vendor: true, requireMessageAuthenticator: true, coaPort: true, apiTls: true }), input);
  return change(ctx, async (tx, changes) => {
    const router = await tx.router.create({ data: toRow(ctx, data) as Prisma.RouterUncheckedCreateInput });
    await changes.audit({ action: 'router.create', entity: 'Router', entityId: router.id, after: router });
    return router;
  });
}

export async function updateRouter(ctx: ServiceContext, id: number, input: Partial<RouterInput>) {
  const data = parseInput(routerFields.partial(), input);
  return change(ctx, async (tx, changes) => {
    const before = await tx.router.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('Router', id, 'id');
    const router = await tx.router.update({ where: { id }, data: toRow(ctx, data) });
    await changes.audit({ action: 'router.update', entity: 'Router', entityId: id, before, after: router });
    return router;
  });
}

export async function deleteRouter(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.router.findUnique({ where: { id }, include: { _count: { select: { services: true } } } });
    if (!before) throw new NotFoundError('Router', id, 'id');
    if (before._count.services > 0) throw new InUseError(`${before._count.services} services are bound to this router`);
    const { _count, ...row } = before;
    await tx.router.delete({ where: { id } });
    await changes.audit({ action: 'router.delete', entity: 'Router', entityId: id, before: row });
    return row;
  });
}

/** The router's secrets in plain text, for staff allowed to see them; each look is audited. */
export async function revealRouterSecrets(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const router = await tx.router.findUnique({ where: { id } });
    if (!router) throw new NotFoundError('Router', id, 'id');
    await changes.audit({ action: 'router.secrets.reveal', entity: 'Router', entityId: id });
    return {
      radiusSecret: ctx.secrets.open(router.radiusSecretEnc),
      apiPassword: router.apiPasswordEnc ? ctx.secrets.open(router.apiPasswordEnc) : null,
    };
  });
}
