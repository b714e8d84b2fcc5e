import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltInRoles, ROLE_PERMISSIONS_KEY } from '@backhaul/schema/admin/bootstrap.ts';
import { BUILT_IN_ROLES } from '@backhaul/schema/admin/permissions.ts';
import { defaultTemplate } from '@backhaul/schema/radius/templates.ts';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
});
afterAll(() => s.close());

const SETTINGS = '{ radiusSettings { blockedMode blockedAddressList blockedPool blockedRateKbps interimIntervalSeconds staleAfterIntervals sessionTimeoutSeconds authLogRetentionDays } }';
const UPDATE_SETTINGS = `mutation($input: UpdateRadiusSettingsInput!) { updateRadiusSettings(input: $input) {
  __typename
  ... on UpdateRadiusSettingsSuccess { data { blockedMode blockedRateKbps interimIntervalSeconds } }
  ... on InputValidationError { field issues { field message } }
} }`;

describe('RADIUS settings', () => {
  it('starts from the defaults', async () => {
    const res = await s.gql(SETTINGS, {}, admin);
    expect(res.body.data?.radiusSettings).toEqual({
      blockedMode: 'ADDRESS_LIST', blockedAddressList: 'backhaul-blocked', blockedPool: 'blocked', blockedRateKbps: 512,
      interimIntervalSeconds: 300, staleAfterIntervals: 3, sessionTimeoutSeconds: 0, authLogRetentionDays: 90,
    });
  });

  it('changes only the settings given, stores only chosen values, and audit-logs the change', async () => {
    const first = await s.gql(UPDATE_SETTINGS, { input: { blockedMode: 'POOL', blockedRateKbps: 1024 } }, admin);
    expect(first.body.data?.updateRadiusSettings).toEqual({ __typename: 'UpdateRadiusSettingsSuccess', data: { blockedMode: 'POOL', blockedRateKbps: 1024, interimIntervalSeconds: 300 } });
    const second = await s.gql(UPDATE_SETTINGS, { input: { interimIntervalSeconds: 600 } }, admin);
    expect(second.body.data?.updateRadiusSettings.data).toEqual({ blockedMode: 'POOL', blockedRateKbps: 1024, interimIntervalSeconds: 600 });
    const row = await s.database.db.setting.findUniqueOrThrow({ where: { key: 'radius' } });
    expect(row.value).toEqual({ blockedMode: 'POOL', blockedRateKbps: 1024, interimIntervalSeconds: 600 });
    const audit = await s.database.db.auditLog.findFirstOrThrow({ where: { action: 'radius.settings.update' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ entity: 'Setting', entityId: 'radius', before: { interimIntervalSeconds: 300 }, after: { interimIntervalSeconds: 600 } });
  });

  it('refuses a bad value, naming the field, and keeps the settings', async () => {
    const res = await s.gql(UPDATE_SETTINGS, { input: { blockedRateKbps: 10, blockedAddressList: 'no spaces please' } }, admin);
    expect(res.body.data?.updateRadiusSettings).toMatchObject({
      __typename: 'InputValidationError',
      issues: expect.arrayContaining([
        { field: 'input.blockedRateKbps', message: expect.stringMatching(/64/) },
        { field: 'input.blockedAddressList', message: 'letters, digits, ".", "-" and "_" only' },
      ]),
    });
    const now = await s.gql(SETTINGS, {}, admin);
    expect(now.body.data?.radiusSettings).toMatchObject({ blockedRateKbps: 1024, blockedAddressList: 'backhaul-blocked' });
  });

  it('lets staff who read the network read them, and only global staff change them', async () => {
    const technician = (await s.staff('Technician')).token;
    expect((await s.gql(SETTINGS, {}, technician)).body.data?.radiusSettings.blockedMode).toBe('POOL');
    const partner = await s.database.db.partner.create({ data: { name: 'Partner' } });
    const boundAdmin = (await s.staff('Administrator', { partnerId: partner.id })).token;
    const res = await s.gql(UPDATE_SETTINGS, { input: { blockedRateKbps: 2048 } }, boundAdmin);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a role that may change them read them without reading the network, and no other', async () => {
    await s.database.db.role.create({ data: { name: 'Settings only', permissions: ['settings:write'] } });
    await s.database.db.role.create({ data: { name: 'Audit only', permissions: ['audit:read'] } });
    const settingsOnly = (await s.staff('Settings only')).token;
    expect((await s.gql(SETTINGS, {}, settingsOnly)).body.data?.radiusSettings.blockedMode).toBeTruthy();
    expect((await s.gql(TEMPLATES, {}, settingsOnly)).body.data?.radiusTemplates.length).toBeGreaterThan(0);
    const auditOnly = (await s.staff('Audit only')).token;
    expect((await s.gql(SETTINGS, {}, auditOnly)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const TEMPLATES = '{ radiusTemplates { vendor purpose attributes isDefault defaultAttributes updatedAt } }';
const UPDATE_TEMPLATE = `mutation($vendor: RouterVendor!, $purpose: RadiusTemplatePurpose!, $attributes: String!) {
  updateRadiusTemplate(vendor: $vendor, purpose: $purpose, attributes: $attributes) {
    __typename
    ... on UpdateRadiusTemplateSuccess { data { vendor purpose attributes isDefault } }
    ... on TemplateError { message field problems { line message } }
    ... on InputValidationError { field }
  }
}`;
const RESET_TEMPLATE = `mutation($vendor: RouterVendor!, $purpose: RadiusTemplatePurpose!) {
  resetRadiusTemplate(vendor: $vendor, purpose: $purpose) { __typename ... on ResetRadiusTemplateSuccess { data { attributes isDefault } } }
}`;

describe('RADIUS reply templates', () => {
  it('lists every vendor and purpose, with the built-in default where nothing is stored', async () => {
    const res = await s.gql(TEMPLATES, {}, admin);
    const templates = res.body.data?.radiusTemplates as Array<{ vendor: string; purpose: string; attributes: string; isDefault: boolean }>;
    expect(templates).toHaveLength(10);
    expect(templates.every((t) => t.isDefault)).toBe(true);
    expect(templates.find((t) => t.vendor === 'MIKROTIK' && t.purpose === 'BLOCKED')?.attributes).toBe(defaultTemplate('MIKROTIK', 'BLOCKED'));
  });

  it('stores a template that parses, and lists it instead of the default', async () => {
    const attributes = '# ours\nMikrotik-Rate-Limit = "{rateLimit}"\nFramed-Pool = {pool}\nSession-Timeout = 3600\n';
    const res = await s.gql(UPDATE_TEMPLATE, { vendor: 'MIKROTIK', purpose: 'ACCEPT', attributes }, admin);
    expect(res.body.data?.updateRadiusTemplate).toEqual({ __typename: 'UpdateRadiusTemplateSuccess', data: { vendor: 'MIKROTIK', purpose: 'ACCEPT', attributes, isDefault: false } });
    const listed = (await s.gql(TEMPLATES, {}, admin)).body.data?.radiusTemplates.find((t: { vendor: string; purpose: string }) => t.vendor === 'MIKROTIK' && t.purpose === 'ACCEPT');
    expect(listed).toMatchObject({ attributes, isDefault: false, defaultAttributes: defaultTemplate('MIKROTIK', 'ACCEPT'), updatedAt: expect.any(String) });
    expect(await s.database.db.auditLog.count({ where: { action: 'radius.template.update', entityId: 'MIKROTIK/ACCEPT' } })).toBe(1);
  });

  it('refuses a template with bad lines, listing each line’s problem, and stores nothing', async () => {
    const attributes = 'Mikrotik-Rate-Limit = "{rateLimit}"\nNo-Such-Attribute = 1\nFramed-Pool = {poool}\njust words\nSession-Timeout = forever';
    const res = await s.gql(UPDATE_TEMPLATE, { vendor: 'CISCO', purpose: 'BLOCKED', attributes }, admin);
    expect(res.body.data?.updateRadiusTemplate).toMatchObject({
      __typename: 'TemplateError',
      field: 'attributes',
      problems: [
        { line: 2, message: 'unknown attribute No-Such-Attribute' },
        { line: 3, message: 'unknown placeholder {poool}' },
        { line: 4, message: 'expected "Attribute-Name = value"' },
        { line: 5, message: 'Session-Timeout takes a number' },
      ],
    });
    expect(await s.database.db.radiusTemplate.count({ where: { vendor: 'CISCO' } })).toBe(0);
  });

  it('goes back to the default on reset', async () => {
    const res = await s.gql(RESET_TEMPLATE, { vendor: 'MIKROTIK', purpose: 'ACCEPT' }, admin);
    expect(res.body.data?.resetRadiusTemplate.data).toEqual({ attributes: defaultTemplate('MIKROTIK', 'ACCEPT'), isDefault: true });
    expect(await s.database.db.radiusTemplate.count()).toBe(0);
    expect(await s.database.db.auditLog.count({ where: { action: 'radius.template.reset', entityId: 'MIKROTIK/ACCEPT' } })).toBe(1);
  });

  it('describes the placeholders a template can use', async () => {
    const res = await s.gql('{ radiusTemplatePlaceholders { name description } }', {}, admin);
    expect(res.body.data?.radiusTemplatePlaceholders).toContainEqual({ name: 'framedIp', description: "the service's static IPv4 address" });
  });
});

describe('built-in roles of an existing database', () => {
  it('gain the session permissions once, and keep an operator’s later removal', async () => {
    const db = s.database.db;
    // As a database from before the RADIUS API: no record of offered permissions, roles without sessions:*.
    await db.setting.delete({ where: { key: ROLE_PERMISSIONS_KEY } });
    for (const role of BUILT_IN_ROLES) {
      await db.role.update({ where: { name: role.name }, data: { permissions: role.permissions.filter((p) => !p.startsWith('sessions:')) } });
    }
    const custom = await db.role.create({ data: { name: 'Custom', permissions: ['network:read'] } });

    await ensureBuiltInRoles(db);
    const permissions = async (name: string) => (await db.role.findUniqueOrThrow({ where: { name } })).permissions;
    expect(await permissions('Manager')).toEqual(expect.arrayContaining(['sessions:read', 'sessions:write']));
    expect(await permissions('Technician')).toEqual(expect.arrayContaining(['sessions:read', 'sessions:write']));
    expect(await permissions('Read-only')).toContain('sessions:read');
    expect(await permissions('Read-only')).not.toContain('sessions:write');
    expect(await permissions('Financial manager')).not.toContain('sessions:read');
    expect((await db.role.findUniqueOrThrow({ where: { id: custom.id } })).permissions).toEqual(['network:read']);

    const manager = await db.role.findUniqueOrThrow({ where: { name: 'Manager' } });
    await db.role.update({ where: { id: manager.id }, data: { permissions: manager.permissions.filter((p) => p !== 'sessions:write') } });
    await ensureBuiltInRoles(db);
    expect(await permissions('Manager')).not.toContain('sessions:write');
  });
});
