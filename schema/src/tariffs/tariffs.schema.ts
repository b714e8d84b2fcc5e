import { TariffPeriod } from '@backhaul/prisma/enums';
import { builder } from '../builder.ts';
import { deletedId, provided } from '../shared/common.schema.ts';
import { INPUT_ERRORS } from '../shared/errors.schema.ts';
import { DuplicateError, InUseError } from '../shared/errors.ts';
import { createTariff, deleteTariff, updateTariff } from './tariffs.service.ts';

const TariffPeriodEnum = builder.enumType(TariffPeriod, { name: 'TariffPeriod' });

export const Tariff = builder.prismaNode('Tariff', {
  id: { field: 'id' },
  description: 'An internet plan: speeds, burst, queue priority and price.',
  authScopes: { $any: { permission: 'tariffs:read', customer: true } },
  fields: (t) => ({
    number: t.exposeInt('id'),
    name: t.exposeString('name'),
    downloadKbps: t.exposeInt('downloadKbps'),
    uploadKbps: t.exposeInt('uploadKbps'),
    burstDownloadKbps: t.exposeInt('burstDownloadKbps', { nullable: true }),
    burstUploadKbps: t.exposeInt('burstUploadKbps', { nullable: true }),
    burstThresholdDownKbps: t.exposeInt('burstThresholdDownKbps', { nullable: true }),
    burstThresholdUpKbps: t.exposeInt('burstThresholdUpKbps', { nullable: true }),
    burstTimeSeconds: t.exposeInt('burstTimeSeconds', { nullable: true }),
    priority: t.exposeInt('priority'),
    price: t.expose('price', { type: 'Decimal' }),
    vatRate: t.expose('vatRate', { type: 'Decimal' }),
    period: t.expose('period', { type: TariffPeriodEnum }),
    archived: t.exposeBoolean('archived'),
    serviceCount: t.relationCount('services', { authScopes: { permission: 'services:read' } }),
  }),
});

builder.queryFields((t) => ({
  tariffs: t.prismaConnection({
    type: 'Tariff',
    cursor: 'id',
    authScopes: { permission: 'tariffs:read' },
    args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
    totalCount: (_p, args, ctx) => ctx.db.tariff.count({ where: args.includeArchived ? {} : { archived: false } }),
    resolve: (query, _p, args, ctx) =>
      ctx.db.tariff.findMany({ ...query, where: args.includeArchived ? {} : { archived: false }, orderBy: { name: 'asc' } }),
  }),
}));

const TariffInput = builder.inputType('TariffInput', {
  fields: (t) => ({
    name: t.string(),
    downloadKbps: t.int(),
    uploadKbps: t.int(),
    burstDownloadKbps: t.int(),
    burstUploadKbps: t.int(),
    burstThresholdDownKbps: t.int(),
    burstThresholdUpKbps: t.int(),
    burstTimeSeconds: t.int(),
    priority: t.int({ description: '1 (highest) to 8 (lowest).' }),
    price: t.field({ type: 'Decimal' }),
    vatRate: t.field({ type: 'Decimal', description: 'Percent, 0–100.' }),
    period: t.field({ type: TariffPeriodEnum }),
    archived: t.boolean(),
  }),
});


builder.mutationFields((t) => ({
  createTariff: t.field({
    type: Tariff,
    authScopes: { $all: { permission: 'tariffs:write', global: true } },
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { input: t.arg({ type: TariffInput, required: true }) },
    resolve: (_p, { input }, ctx) => createTariff(ctx, provided(input) as never),
  }),
  updateTariff: t.field({
    type: Tariff,
    authScopes: { $all: { permission: 'tariffs:write', global: true } },
    errors: { types: [...INPUT_ERRORS, DuplicateError] },
    args: { id: t.arg.globalID({ required: true, for: Tariff }), input: t.arg({ type: TariffInput, required: true }) },
    resolve: (_p, { id, input }, ctx) => updateTariff(ctx, Number(id.id), provided(input) as never),
  }),
  deleteTariff: t.field({
    type: 'ID',
    authScopes: { $all: { permission: 'tariffs:write', global: true } },
    errors: { types: [...INPUT_ERRORS, InUseError] },
    args: { id: t.arg.globalID({ required: true, for: Tariff }) },
    resolve: async (_p, { id }, ctx) => deletedId(id, await deleteTariff(ctx, Number(id.id))),
  }),
}));
