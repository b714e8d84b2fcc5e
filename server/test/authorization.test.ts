import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, type Permission } from '@backhaul/schema/admin/permissions.ts';
import { buildSchema } from '@backhaul/schema/schema.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/**
 * Who may call each mutation. Written out by hand on purpose: changing a mutation's
 * authorization must change this table too. `global` means the caller must not be bound to
 * a partner; `any` lists alternatives; `staff` is any signed-in staff member or API key.
 */
type Rule = { perm?: Permission; any?: Permission[]; global?: true; staff?: true; idFor?: string };
const RULES: Record<string, Rule> = {
  revokeSession: { staff: true, idFor: 'StaffSession' },
  beginTotpSetup: { staff: true },
  confirmTotpSetup: { staff: true },
  updateMyPreferences: { staff: true },
  changeMyPassword: { staff: true },
  createCustomer: { perm: 'customers:create' },
  updateCustomer: { perm: 'customers:write', idFor: 'Customer' },
  deleteCustomer: { perm: 'customers:write', idFor: 'Customer' },
  setCustomerStatus: { perm: 'customers:block', idFor: 'Customer' },
  createPartner: { perm: 'partners:write', global: true },
  updatePartner: { perm: 'partners:write', global: true, idFor: 'Partner' },
  deletePartner: { perm: 'partners:write', global: true, idFor: 'Partner' },
  createTariff: { perm: 'tariffs:write', global: true },
  updateTariff: { perm: 'tariffs:write', global: true, idFor: 'Tariff' },
  deleteTariff: { perm: 'tariffs:write', global: true, idFor: 'Tariff' },
  createService: { perm: 'services:write' },
  updateService: { perm: 'services:write', idFor: 'Service' },
  deleteService: { perm: 'services:write', idFor: 'Service' },
  createRouter: { perm: 'network:write', global: true },
  updateRouter: { perm: 'network:write', global: true, idFor: 'Router' },
  deleteRouter: { perm: 'network:write', global: true, idFor: 'Router' },
  revealRouterSecrets: { perm: 'network:secrets', idFor: 'Router' },
  createIpNetwork: { perm: 'network:write', global: true },
  updateIpNetwork: { perm: 'network:write', global: true, idFor: 'IpNetwork' },
  deleteIpNetwork: { perm: 'network:write', global: true, idFor: 'IpNetwork' },
  assignIp: { any: ['network:write', 'services:write'] },
  unassignIp: { any: ['network:write', 'services:write'], idFor: 'IpAssignment' },
  createStaffUser: { perm: 'staff:write' },
  updateStaffUser: { perm: 'staff:write', idFor: 'StaffUser' },
  resetStaffTotp: { perm: 'staff:write', idFor: 'StaffUser' },
  createRole: { perm: 'roles:write', global: true },
  updateRole: { perm: 'roles:write', global: true, idFor: 'Role' },
  deleteRole: { perm: 'roles:write', global: true, idFor: 'Role' },
  createApiKey: { perm: 'apikeys:write' },
  revokeApiKey: { perm: 'apikeys:write', idFor: 'ApiKey' },
  disconnectSession: { perm: 'sessions:write', idFor: 'RadiusSession' },
  changeSessionRate: { perm: 'sessions:write', idFor: 'RadiusSession' },
  updateRadiusSettings: { perm: 'settings:write', global: true },
  updateRadiusTemplate: { perm: 'settings:write', global: true },
  resetRadiusTemplate: { perm: 'settings:write', global: true },
};
/** Tested on their own in auth.test.ts (login is public, logout ends the caller's session). */
const ELSEWHERE = ['login', 'logout'];

const schema = buildSchema();
const mutations = schema.getMutationType()!.getFields();

function allowed(rule: Rule, permissions: ReadonlySet<string>, bound: boolean): boolean {
  if (rule.global && bound) return false;
  if (rule.staff) return true;
  if (rule.any) return rule.any.some((p) => permissions.has(p));
  return permissions.has(rule.perm!);
}

/** A value of the right type for each required argument, pointing at nothing that exists. */
function sample(type: GraphQLInputType, idFor: string | undefined): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [];
  if (isEnumType(t)) return t.getValues()[0]!.value;
  if (isInputObjectType(t)) {
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, idFor)]),
    );
  }
  if (isScalarType(t)) {
    switch (t.name) {
      case 'ID':
        return Buffer.from(`${idFor}:999999`).toString('base64');
      case 'Int':
        return 999_999;
      case 'Boolean':
        return false;
      case 'Decimal':
        return '1';
      case 'JSON':
        return {};
      default:
        return 'x';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function call(name: string) {
  const field = mutations[name]!;
  const args = field.args.filter((a) => isNonNullType(a.type));
  const vars = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const pass = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isScalarType(getNamedType(field.type)) ? '' : '{ __typename }';
  const query = `mutation${vars ? `(${vars})` : ''} { ${name}${pass ? `(${pass})` : ''} ${selection} }`;
  const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type, RULES[name]?.idFor)]));
  return { query, variables };
}

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('authorization', () => {
  it('has a rule for every mutation in the schema', () => {
    expect(Object.keys(mutations).filter((m) => !ELSEWHERE.includes(m)).sort()).toEqual(Object.keys(RULES).sort());
  });

  const principals = [
    ...BUILT_IN_ROLES.map((r) => ({ label: r.name, role: r.name, bound: false, permissions: new Set<string>(r.permissions) })),
    { label: 'Administrator bound to a partner', role: 'Administrator', bound: true, permissions: new Set<string>(BUILT_IN_ROLES[1]!.permissions) },
  ];

  for (const principal of principals) {
    it(`lets ${principal.label} call exactly the mutations its permissions allow`, async () => {
      const partnerId = principal.bound ? (await s.database.db.partner.create({ data: { name: `p-${principal.label}` } })).id : null;
      const { token } = await s.staff(principal.role, { partnerId });
      const outcome: Record<string, boolean> = {};
      const expected: Record<string, boolean> = {};
      for (const name of Object.keys(RULES)) {
        const { query, variables } = call(name);
        const res = await s.gql(query, variables, token);
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
        outcome[name] = res.body.errors?.[0]?.extensions?.code !== 'FORBIDDEN';
        expected[name] = allowed(RULES[name]!, principal.permissions, principal.bound);
      }
      expect(outcome).toEqual(expected);
    });
  }

  it('lets an anonymous caller call no mutation but login', async () => {
    for (const name of Object.keys(RULES)) {
      const { query, variables } = call(name);
      const res = await s.gql(query, variables);
      expect(res.body.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
    }
  });
});
