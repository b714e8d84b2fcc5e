import { z } from 'zod';
import { Prisma } from '@backhaul/prisma/client';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InUseError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';

const kbps = z.number().int().min(8, 'must be at least 8 kbps').max(100_000_000, 'must be at most 100 Gbps');
const money = z.custom<Prisma.Decimal>((v) => v instanceof Prisma.Decimal, 'must be a decimal number');

const tariffFields = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  downloadKbps: kbps,
  uploadKbps: kbps,
  burstDownloadKbps: kbps.nullish(),
  burstUploadKbps: kbps.nullish(),
  burstThresholdDownKbps: kbps.nullish(),
  burstThresholdUpKbps: kbps.nullish(),
  burstTimeSeconds: z.number().int().min(1).max(3600).nullish(),
  priority: z.number().int().min(1, 'must be 1–8').max(8, 'must be 1–8'),
  price: money.refine((d) => d.gte(0), 'must not be negative'),
  vatRate: money.refine((d) => d.gte(0) && d.lte(100), 'must be 0–100'),
  period: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']),
  archived: z.boolean(),
});

type TariffFields = z.output<typeof tariffFields>;

/**
 * MikroTik's burst rules: all burst settings or none; the burst limit above the normal limit;
 * the threshold below it.
 */
export function burstIssues(t: Partial<TariffFields>): Array<{ path: string[]; message: string }> {
  const burst = [t.burstDownloadKbps, t.burstUploadKbps, t.burstThresholdDownKbps, t.burstThresholdUpKbps, t.burstTimeSeconds];
  const given = burst.filter((v) => v != null).length;
  if (given === 0) return [];
  if (given < burst.length) return [{ path: ['burstDownloadKbps'], message: 'set every burst field, or none' }];
  const issues: Array<{ path: string[]; message: string }> = [];
  const check = (cond: boolean, path: keyof TariffFields, message: string) => cond || issues.push({ path: [path], message });
  check(t.burstDownloadKbps! > t.downloadKbps!, 'burstDownloadKbps', 'must be above the download speed');
  check(t.burstUploadKbps! > t.uploadKbps!, 'burstUploadKbps', 'must be above the upload speed');
  check(t.burstThresholdDownKbps! < t.downloadKbps!, 'burstThresholdDownKbps', 'must be below the download speed');
  check(t.burstThresholdUpKbps! < t.uploadKbps!, 'burstThresholdUpKbps', 'must be below the upload speed');
  return issues;
}

const withBurstRules = <S extends z.ZodType<Partial<TariffFields>>>(schema: S) =>
  schema.superRefine((t, ctx) => {
    for (const issue of burstIssues(t)) ctx.addIssue({ code: 'custom', ...issue });
  });

const createSchema = withBurstRules(tariffFields.partial({ priority: true, vatRate: true, period: true, archived: true }));

export type TariffInput = z.input<typeof tariffFields>;

export async function createTariff(ctx: ServiceContext, input: Partial<TariffInput>) {
  const data = parseInput(createSchema, input);
  return change(ctx, async (tx, changes) => {
    const tariff = await tx.tariff.create({ data: data as Prisma.TariffCreateInput });
    await changes.audit({ action: 'tariff.create', entity: 'Tariff', entityId: tariff.id, after: tariff });
    return tariff;
  });
}

export async function updateTariff(ctx: ServiceContext, id: number, input: Partial<TariffInput>) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.tariff.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('Tariff', id, 'id');
    // Burst rules concern the tariff as it will be, so check the merged values.
    const merged = parseInput(withBurstRules(tariffFields), { ...before, ...input });
    const data = Object.fromEntries(Object.keys(input).map((k) => [k, merged[k as keyof TariffFields]]));
    const tariff = await tx.tariff.update({ where: { id }, data });
    await changes.audit({ action: 'tariff.update', entity: 'Tariff', entityId: id, before, after: tariff });
    // Sessions on this tariff get new limits: RADIUS refreshes these subscribers.
    const services = await tx.service.findMany({ where: { tariffId: id }, select: { id: true, login: true, customerId: true } });
    for (const s of services) changes.emit('SubscriberChanged', { serviceId: s.id, customerId: s.customerId, login: s.login });
    return tariff;
  });
}

export async function deleteTariff(ctx: ServiceContext, id: number) {
  return change(ctx, async (tx, changes) => {
    const before = await tx.tariff.findUnique({ where: { id }, include: { _count: { select: { services: true } } } });
    if (!before) throw new NotFoundError('Tariff', id, 'id');
    if (before._count.services > 0) throw new InUseError(`${before._count.services} services use this tariff; archive it instead`);
    const { _count, ...row } = before;
    await tx.tariff.delete({ where: { id } });
    await changes.audit({ action: 'tariff.delete', entity: 'Tariff', entityId: id, before: row });
    return row;
  });
}
