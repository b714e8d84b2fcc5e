import { z } from 'zod';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InUseError, NotFoundError } from '../shared/errors.ts';
import { partnerOf } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';

const partnerSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('is not an e-mail address').nullish(),
  phone: z.string().trim().max(30).nullish(),
});

export type PartnerInput = z.input<typeof partnerSchema>;

/** Partners the principal may see: its own when bound to one, otherwise all. */
export function partnerScope(ctx: Pick<ServiceContext, 'principal'>) {
  const id = partnerOf(ctx.principal);
  return id === null ? {} : { id };
}

export async function createPartner(ctx: ServiceContext, input: PartnerInput) {
  const data = parseInput(partnerSchema, input);
  return change(ctx, async (tx, changes) => {
    const partner = await tx.partner.create({ data });
    await changes.audit({ action: 'partner.create', entity: 'Partner', entityId: partner.id, partnerId: partner.id, after: partner });
    return partner;
  });
}

export async function updatePartner(ctx: ServiceContext, id: number, input: Partial<PartnerInput>) {
  const data = parseInput(partnerSchema.partial(), input);
  return change(ctx, async (tx, changes) => {
    const before = await tx.partner.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('Partner', id, 'id');
    const partner = await tx.partner.update({ where: { id }, data });
    await changes.audit({ action: 'partner.update', entity: 'Partner', entityId: id, partnerId: id, before, after: partner });
    return partner;
  });
}

export async function deletePartner(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.partner.findUnique({ where: { id }, include: { _count: { select: { customers: true, staff: true } } } });
    if (!before) throw new NotFoundError('Partner', id, 'id');
    if (before._count.customers > 0 || before._count.staff > 0) {
      throw new InUseError(`partner has ${before._count.customers} customers and ${before._count.staff} staff; move them first`);
    }
    const { _count, ...row } = before;
    await tx.partner.delete({ where: { id } });
    await changes.audit({ action: 'partner.delete', entity: 'Partner', entityId: id, before: row });
    return row;
  });
}
