import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

/** A manager bound to partner A must not see or change anything of partner B's. */
let s: TestServer;
let admin: string;
let managerA: string;
let partnerA: number;
let partnerB: number;
let customerA: { id: string; number: number };
let customerB: { id: string; number: number };
let serviceB: number;

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  __typename ... on CreateCustomerSuccess { data { id number partner { number } } } ... on DomainError { message field } } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
  partnerA = (await s.database.db.partner.create({ data: { name: 'Partner A' } })).id;
  partnerB = (await s.database.db.partner.create({ data: { name: 'Partner B' } })).id;
  managerA = (await s.staff('Manager', { partnerId: partnerA })).token;
  const a = await s.gql(CREATE_CUSTOMER, { input: { name: 'Anna Alpha', partnerId: partnerA } }, admin);
  const b = await s.gql(CREATE_CUSTOMER, { input: { name: 'Bert Beta', partnerId: partnerB } }, admin);
  customerA = a.body.data?.createCustomer.data;
  customerB = b.body.data?.createCustomer.data;
  const tariff = await s.database.db.tariff.create({ data: { name: 'Home 50', downloadKbps: 50_000, uploadKbps: 10_000, price: '20' } });
  serviceB = (await s.database.db.service.create({ data: { customerId: customerB.number, tariffId: tariff.id, login: 'bert' } })).id;
});
afterAll(() => s.close());

describe('partner isolation', () => {
  it('lists only the own partner’s customers, and counts only them', async () => {
    const res = await s.gql('{ customers(first: 50) { totalCount edges { node { name } } } }', {}, managerA);
    expect(res.body.data?.customers).toEqual({ totalCount: 1, edges: [{ node: { name: 'Anna Alpha' } }] });
    const search = await s.gql('{ customers(first: 50, filter: { search: "bert" }) { totalCount } }', {}, managerA);
    expect(search.body.data?.customers.totalCount).toBe(0);
  });

  it('does not find another partner’s customer by id, or through node()', async () => {
    const direct = await s.gql('query($id: ID!) { customer(id: $id) { name } }', { id: customerB.id }, managerA);
    expect(direct.body.data?.customer).toBeNull();
    const node = await s.gql('query($id: ID!) { node(id: $id) { ... on Customer { name } } }', { id: customerB.id }, managerA);
    expect(node.body.data?.node ?? null).toBeNull();
    expect(JSON.stringify(node.body)).not.toContain('Bert');
  });

  it('cannot change, block or delete another partner’s customer', async () => {
    for (const [query, field] of [
      ['mutation($id: ID!) { updateCustomer(id: $id, input: { name: "Hacked" }) { __typename } }', 'updateCustomer'],
      ['mutation($id: ID!) { setCustomerStatus(id: $id, status: BLOCKED) { __typename } }', 'setCustomerStatus'],
      ['mutation($id: ID!) { deleteCustomer(id: $id) { __typename } }', 'deleteCustomer'],
    ] as const) {
      const res = await s.gql(query, { id: customerB.id }, managerA);
      expect(res.body.data?.[field].__typename, field).toBe('NotFoundError');
    }
    const row = await s.database.db.customer.findUniqueOrThrow({ where: { id: customerB.number } });
    expect(row).toMatchObject({ name: 'Bert Beta', status: 'NEW' });
  });

  it('creates customers only in the own partner', async () => {
    const other = await s.gql(CREATE_CUSTOMER, { input: { name: 'Smuggled', partnerId: partnerB } }, managerA);
    expect(other.body.data?.createCustomer).toMatchObject({ __typename: 'NotAllowedError', field: 'input.partnerId' });
    const own = await s.gql(CREATE_CUSTOMER, { input: { name: 'Own Customer' } }, managerA);
    expect(own.body.data?.createCustomer.data.partner.number).toBe(partnerA);
  });

  it('cannot add services or addresses to another partner’s customer', async () => {
    const tariffs = await s.database.db.tariff.findFirstOrThrow();
    const service = await s.gql(
      'mutation($c: Int!, $t: Int!) { createService(customerId: $c, input: { tariffId: $t, login: "sneaky" }) { __typename } }',
      { c: customerB.number, t: tariffs.id },
      managerA,
    );
    expect(service.body.data?.createService.__typename).toBe('NotFoundError');
    const network = await s.database.db.ipNetwork.create({ data: { cidr: '10.99.0.0/24', family: 'IPV4', title: 'test' } });
    const ip = await s.gql('mutation($n: Int!, $s: Int) { assignIp(input: { networkId: $n, serviceId: $s }) { __typename } }', { n: network.id, s: serviceB }, managerA);
    expect(ip.body.data?.assignIp.__typename).toBe('NotFoundError');
  });

  it('shows only the own partner in partners, staff and the audit log', async () => {
    const partners = await s.gql('{ partners(first: 10) { edges { node { name } } } }', {}, managerA);
    expect(partners.body.data?.partners.edges).toEqual([{ node: { name: 'Partner A' } }]);
    const logs = await s.gql('{ auditLogs(first: 100) { edges { node { action customerNumber } } } }', {}, managerA);
    const numbers = logs.body.data?.auditLogs.edges.map((e: { node: { customerNumber: number | null } }) => e.node.customerNumber);
    expect(numbers).not.toContain(customerB.number);
    expect(numbers).toContain(customerA.number);
  });
});
