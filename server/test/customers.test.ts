import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
let admin: string;
let partnerId: number;
let tariffId: number;

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  __typename ... on CreateCustomerSuccess { data { id number } } ... on InputValidationError { issues { field message } } ... on DomainError { message field } } }`;
const SERVICE = `mutation($c: Int!, $input: ServiceInput!, $ips: [ServiceIpInput!]) { createService(customerId: $c, input: $input, ipAssignments: $ips) {
  __typename ... on CreateServiceSuccess { data { id login mac ipAssignments { address } } } ... on DomainError { message field code } } }`;
const LIST = `query($filter: CustomerFilter, $orderBy: CustomerOrder, $first: Int, $after: String) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { number name status city } } } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
  partnerId = (await s.database.db.partner.create({ data: { name: 'Main' } })).id;
  tariffId = (await s.database.db.tariff.create({ data: { name: 'Fibre 100', downloadKbps: 100_000, uploadKbps: 20_000, price: '30.00' } })).id;
  await s.database.db.ipNetwork.create({ data: { cidr: '100.64.0.0/29', family: 'IPV4', title: 'Static' } });
  const people = [
    ['Zoe Adams', 'Springfield', 'ACTIVE'],
    ['Yuri Brown', 'Shelbyville', 'BLOCKED'],
    ['Xena Clark', 'Springfield', 'ACTIVE'],
    ['Walt Davis', 'Ogdenville', 'NEW'],
  ] as const;
  for (const [name, city, status] of people) {
    const res = await s.gql(CREATE, { input: { name, city, partnerId, phone: '+1 (555) 010-' + name.length } }, admin);
    const number = res.body.data?.createCustomer.data.number as number;
    if (status !== 'NEW') await s.database.db.customer.update({ where: { id: number }, data: { status } });
  }
});
afterAll(() => s.close());

describe('Mutation.createCustomer', () => {
  it('names each bad field in a typed error, and writes nothing', async () => {
    const before = await s.database.db.customer.count();
    const res = await s.gql(CREATE, { input: { name: ' ', email: 'not-mail', billingDay: 31, country: 'Deutschland', partnerId } }, admin);
    expect(res.body.data?.createCustomer.__typename).toBe('InputValidationError');
    expect(res.body.data?.createCustomer.issues.map((i: { field: string }) => i.field).sort()).toEqual(
      ['input.billingDay', 'input.country', 'input.email', 'input.name'],
    );
    expect(await s.database.db.customer.count()).toBe(before);
  });

  it('says which partner is missing when none is given', async () => {
    const res = await s.gql(CREATE, { input: { name: 'No Partner' } }, admin);
    expect(res.body.data?.createCustomer).toMatchObject({ __typename: 'NotAllowedError', field: 'input.partnerId' });
    const ghost = await s.gql(CREATE, { input: { name: 'Ghost Partner', partnerId: 9999 } }, admin);
    expect(ghost.body.data?.createCustomer).toMatchObject({ __typename: 'NotFoundError', field: 'input.partnerId' });
  });

  it('writes an audit-log row with who, what and the record after', async () => {
    const res = await s.gql(CREATE, { input: { name: 'Audited Person', partnerId } }, admin);
    const number = res.body.data?.createCustomer.data.number;
    const row = await s.database.db.auditLog.findFirstOrThrow({ where: { action: 'customer.create', customerId: number } });
    expect(row.actorType).toBe('STAFF');
    expect(row.staffId).not.toBeNull();
    expect(row.after).toMatchObject({ name: 'Audited Person' });
  });
});

describe('Mutation.createService', () => {
  it('normalises the MAC, assigns the first free static address, and finds the customer by both', async () => {
    const customer = (await s.database.db.customer.findFirstOrThrow({ where: { name: 'Zoe Adams' } })).id;
    const network = await s.database.db.ipNetwork.findFirstOrThrow();
    const res = await s.gql(SERVICE, { c: customer, input: { tariffId, login: 'zoe.adams', password: 'secret-pass', mac: 'AABB.CCDD.EE01' }, ips: [{ networkId: network.id }] }, admin);
    expect(res.body.data?.createService.data).toMatchObject({ login: 'zoe.adams', mac: 'aa:bb:cc:dd:ee:01', ipAssignments: [{ address: '100.64.0.1' }] });
    for (const term of ['zoe.adams', '100.64.0.1', 'aa:bb:cc:dd:ee:01', 'aabbccddee01']) {
      const found = await s.gql(LIST, { filter: { search: term } }, admin);
      expect(found.body.data?.customers.edges.map((e: { node: { name: string } }) => e.node.name), term).toEqual(['Zoe Adams']);
    }
  });

  it('finds the service by its MAC in any notation', async () => {
    const res = await s.gql('{ services(first: 5, filter: { mac: "AA-BB-CC-DD-EE-01" }) { totalCount edges { node { login customer { name } } } } }', {}, admin);
    expect(res.body.data?.services.edges).toEqual([{ node: { login: 'zoe.adams', customer: { name: 'Zoe Adams' } } }]);
  });

  it('stores the password encrypted, never in plain text', async () => {
    const row = await s.database.db.service.findUniqueOrThrow({ where: { login: 'zoe.adams' } });
    expect(row.passwordEnc).toMatch(/^v1:/);
    expect(s.secrets.open(row.passwordEnc!)).toBe('secret-pass');
  });

  it('refuses a duplicate login naming the field', async () => {
    const customer = (await s.database.db.customer.findFirstOrThrow({ where: { name: 'Yuri Brown' } })).id;
    const res = await s.gql(SERVICE, { c: customer, input: { tariffId, login: 'zoe.adams' } }, admin);
    expect(res.body.data?.createService).toMatchObject({ __typename: 'DuplicateError', field: 'input.login', code: 'DUPLICATE' });
  });

  it('refuses an address outside the network, and says so when the pool is exhausted', async () => {
    const customer = (await s.database.db.customer.findFirstOrThrow({ where: { name: 'Yuri Brown' } })).id;
    const network = await s.database.db.ipNetwork.findFirstOrThrow();
    const outside = await s.gql(SERVICE, { c: customer, input: { tariffId, login: 'yuri' }, ips: [{ networkId: network.id, address: '10.1.1.1' }] }, admin);
    expect(outside.body.data?.createService).toMatchObject({ __typename: 'IpOutsideNetworkError', field: 'input.ipAssignments.0.address' });
    // A /29 has 6 host addresses; one is taken.
    for (let i = 0; i < 5; i++) {
      const ok = await s.gql(SERVICE, { c: customer, input: { tariffId, login: `yuri-${i}` }, ips: [{ networkId: network.id }] }, admin);
      expect(ok.body.data?.createService.__typename).toBe('CreateServiceSuccess');
    }
    const full = await s.gql(SERVICE, { c: customer, input: { tariffId, login: 'yuri-full' }, ips: [{ networkId: network.id }] }, admin);
    expect(full.body.data?.createService).toMatchObject({ __typename: 'PoolExhaustedError', code: 'POOL_EXHAUSTED' });
    expect(await s.database.db.service.count({ where: { login: 'yuri-full' } })).toBe(0);
  });
});

describe('Query.customers', () => {
  it('filters by status and city search, sorts, and pages with cursors', async () => {
    const active = await s.gql(LIST, { filter: { status: ['ACTIVE'] }, orderBy: { field: 'NAME', direction: 'ASC' } }, admin);
    expect(active.body.data?.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Xena Clark', 'Zoe Adams']);
    const page1 = await s.gql(LIST, { first: 2, orderBy: { field: 'NAME', direction: 'DESC' } }, admin);
    const page2 = await s.gql(LIST, { first: 2, after: page1.body.data?.customers.pageInfo.endCursor, orderBy: { field: 'NAME', direction: 'DESC' } }, admin);
    const names = [...page1.body.data!.customers.edges, ...page2.body.data!.customers.edges].map((e: { node: { name: string } }) => e.node.name);
    expect(names.slice(0, 4)).toEqual(['Zoe Adams', 'Yuri Brown', 'Xena Clark', 'Walt Davis']);
    const town = await s.gql(LIST, { filter: { search: 'springf' } }, admin);
    expect(town.body.data?.customers.totalCount).toBe(2);
  });

  it('finds customers by tariff, and by phone digits', async () => {
    const byTariff = await s.gql(LIST, { filter: { tariffId } }, admin);
    expect(byTariff.body.data?.customers.totalCount).toBe(2);
    const byPhone = await s.gql(LIST, { filter: { search: '555010' } }, admin);
    expect(byPhone.body.data?.customers.totalCount).toBeGreaterThan(0);
  });

  it('loads a page of customers with their services and addresses in a fixed number of queries', async () => {
    const query = '{ customers(first: 50) { totalCount edges { node { name partner { name } services { login tariff { name } ipAssignments { address network { cidr } } } } } } }';
    s.queries.count = 0;
    await s.gql(query, {}, admin);
    const few = s.queries.count;
    // Twenty more customers with services must not add queries.
    for (let i = 0; i < 20; i++) {
      const c = await s.database.db.customer.create({ data: { name: `Extra ${i}`, partnerId } });
      await s.database.db.service.create({ data: { customerId: c.id, tariffId, login: `extra-${i}` } });
    }
    s.queries.count = 0;
    await s.gql(query, {}, admin);
    expect(s.queries.count).toBe(few);
  });
});
