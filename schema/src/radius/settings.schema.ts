import { RadiusTemplatePurpose, RouterVendor } from '@backhaul/prisma/enums';
import { builder } from '../builder.ts';
import { provided } from '../shared/common.schema.ts';
import { DomainErrorInterface, INPUT_ERRORS } from '../shared/errors.schema.ts';
import { REJECT_REASONS } from './policy.ts';
import { TemplateError } from './radius.errors.ts';
import { listTemplates, resetTemplate, updateRadiusSettings, updateTemplate, type TemplateView } from './settings.service.ts';
import { loadRadiusSettings, type RadiusSettings } from './settings.ts';
import { PLACEHOLDERS } from './templates.ts';
import type { TemplateProblem } from './templates.ts';

const RadiusBlockedMode = builder.enumType('RadiusBlockedMode', {
  description: 'What RADIUS does with a blocked (non-paying) customer.',
  values: {
    ADDRESS_LIST: { description: 'Accept into a MikroTik address list the router redirects to the payment page.' },
    POOL: { description: 'Accept with an address from the blocked pool.' },
    REJECT: { description: 'Reject the login.' },
  } as const,
});

const RadiusPoolAddresses = builder.enumType('RadiusPoolAddresses', {
  description: 'Who picks the address of a service without a static one.',
  values: {
    NAS: { description: 'The router, from the pool named in Framed-Pool.' },
    BACKHAUL: { description: "Backhaul: on its first login the service is leased an address from its router's pool, keeps it, and gets it as Framed-IP-Address." },
  } as const,
});

const RadiusSettingsRef = builder.objectRef<RadiusSettings>('RadiusSettings').implement({
  description: 'How RADIUS treats subscribers: the blocked state, accounting intervals, log retention.',
  fields: (t) => ({
    blockedMode: t.expose('blockedMode', { type: RadiusBlockedMode }),
    blockedAddressList: t.exposeString('blockedAddressList', { description: 'The MikroTik address list of blocked sessions (ADDRESS_LIST).' }),
    blockedPool: t.exposeString('blockedPool', { description: "The Framed-Pool of blocked sessions (POOL) on routers without a BLOCKED network of their own (those get that network's pool)." }),
    poolAddresses: t.expose('poolAddresses', { type: RadiusPoolAddresses }),
    blockedRateKbps: t.exposeInt('blockedRateKbps', { description: 'Speed of a blocked session, both ways.' }),
    interimIntervalSeconds: t.exposeInt('interimIntervalSeconds', { description: 'Acct-Interim-Interval sent in every Access-Accept.' }),
    staleAfterIntervals: t.exposeInt('staleAfterIntervals', { description: 'Sessions silent for this many interim intervals are closed as stale.' }),
    sessionTimeoutSeconds: t.exposeInt('sessionTimeoutSeconds', { description: 'Session-Timeout in every Access-Accept; 0 sends none.' }),
    authLogRetentionDays: t.exposeInt('authLogRetentionDays', { description: 'How long the RADIUS log keeps accepts and rejects.' }),
  }),
});

const UpdateRadiusSettingsInput = builder.inputType('UpdateRadiusSettingsInput', {
  description: 'The settings to change; omitted ones keep their value.',
  fields: (t) => ({
    blockedMode: t.field({ type: RadiusBlockedMode }),
    blockedAddressList: t.string(),
    blockedPool: t.string(),
    poolAddresses: t.field({ type: RadiusPoolAddresses }),
    blockedRateKbps: t.int({ description: '64–1,000,000.' }),
    interimIntervalSeconds: t.int({ description: '60–86,400.' }),
    staleAfterIntervals: t.int({ description: '2–20.' }),
    sessionTimeoutSeconds: t.int({ description: '0 (none) – 31,536,000.' }),
    authLogRetentionDays: t.int({ description: '1–3,650.' }),
  }),
});

// Registered by routers.schema.ts; Pothos takes the enum object itself as its reference.
const RouterVendorRef = RouterVendor;
const RadiusTemplatePurposeEnum = builder.enumType(RadiusTemplatePurpose, { name: 'RadiusTemplatePurpose' });

const RadiusTemplateRef = builder.objectRef<TemplateView>('RadiusTemplate').implement({
  description: 'The reply attributes RADIUS sends one NAS vendor, for subscribers in good standing or blocked: "Attribute = value" per line.',
  fields: (t) => ({
    vendor: t.expose('vendor', { type: RouterVendorRef }),
    purpose: t.expose('purpose', { type: RadiusTemplatePurposeEnum }),
    attributes: t.exposeString('attributes'),
    isDefault: t.exposeBoolean('isDefault', { description: 'Nothing stored: `attributes` is the built-in default.' }),
    defaultAttributes: t.exposeString('defaultAttributes', { description: 'The built-in default, to compare or start from.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const TemplatePlaceholder = builder.objectRef<{ name: string; description: string }>('RadiusTemplatePlaceholder').implement({
  description: 'A value a template can use as {name}; a line whose placeholders are all empty is left out.',
  fields: (t) => ({ name: t.exposeString('name'), description: t.exposeString('description') }),
});

const RejectReason = builder.objectRef<{ code: string; text: string }>('RadiusRejectReason').implement({
  fields: (t) => ({ code: t.exposeString('code'), text: t.exposeString('text') }),
});

const TemplateProblemRef = builder.objectRef<TemplateProblem>('TemplateProblem').implement({
  fields: (t) => ({ line: t.exposeInt('line'), message: t.exposeString('message') }),
});

builder.objectType(TemplateError, {
  name: 'TemplateError',
  interfaces: [DomainErrorInterface],
  description: 'The template does not parse; each problem names its line (1-based).',
  fields: (t) => ({ problems: t.field({ type: [TemplateProblemRef], resolve: (e) => [...e.problems] }) }),
});

/** Read by whoever reads the network, and by whoever may change them (the Settings page). */
const read = { $any: { permission: 'network:read', $all: { permission: 'settings:write' } } } as const;
const write = { $all: { permission: 'settings:write', global: true } } as const;

builder.queryFields((t) => ({
  radiusSettings: t.field({
    type: RadiusSettingsRef,
    authScopes: read,
    resolve: (_p, _a, ctx) => loadRadiusSettings(ctx.db),
  }),
  radiusTemplates: t.field({
    type: [RadiusTemplateRef],
    description: 'Every NAS vendor × purpose: the stored template or the built-in default.',
    authScopes: read,
    resolve: (_p, _a, ctx) => listTemplates(ctx.db),
  }),
  radiusTemplatePlaceholders: t.field({
    type: [TemplatePlaceholder],
    description: 'The placeholders templates can use, with what each holds.',
    authScopes: read,
    resolve: () => Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name, description })),
  }),
  radiusRejectReasons: t.field({
    type: [RejectReason],
    description: 'The reasons RADIUS rejects a login, as the RADIUS log names them.',
    authScopes: { permission: 'sessions:read' },
    resolve: () => Object.entries(REJECT_REASONS).map(([code, text]) => ({ code, text })),
  }),
}));

builder.mutationFields((t) => ({
  updateRadiusSettings: t.field({
    type: RadiusSettingsRef,
    description: 'Changes the RADIUS settings given; the others keep their value.',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS] },
    args: { input: t.arg({ type: UpdateRadiusSettingsInput, required: true }) },
    resolve: (_p, { input }, ctx) => updateRadiusSettings(ctx, provided(input) as never),
  }),
  updateRadiusTemplate: t.field({
    type: RadiusTemplateRef,
    description: 'Replaces the reply attributes for a vendor and purpose; every line is checked against the RADIUS dictionaries.',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS, TemplateError] },
    args: {
      vendor: t.arg({ type: RouterVendorRef, required: true }),
      purpose: t.arg({ type: RadiusTemplatePurposeEnum, required: true }),
      attributes: t.arg.string({ required: true }),
    },
    resolve: (_p, args, ctx) => updateTemplate(ctx, args.vendor, args.purpose, args.attributes),
  }),
  resetRadiusTemplate: t.field({
    type: RadiusTemplateRef,
    description: 'Goes back to the built-in template for a vendor and purpose.',
    authScopes: write,
    errors: { types: [...INPUT_ERRORS] },
    args: {
      vendor: t.arg({ type: RouterVendorRef, required: true }),
      purpose: t.arg({ type: RadiusTemplatePurposeEnum, required: true }),
    },
    resolve: (_p, args, ctx) => resetTemplate(ctx, args.vendor, args.purpose),
  }),
}));
