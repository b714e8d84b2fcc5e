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
    const back = await s.gql(`query($before: String) { customers(last: 2, before: $before, orderBy: { field: NAME, direction: DESC }) { edges { node { name } } } }`, { before: page2.body.data?.customers.pageInfo.endCursor }, admin);
    expect(back.body.data?.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Yuri Brown', 'Xena Clark']);
    const town = await s.gql(LIST, { filter: { search: 'springf' } }, admin);
    expect(town.body.data?.customers.totalCount).toBe(2);
  });

  it('finds customers by tariff, and by phone digits', async () => {
    const byTariff = await s.gql(LIST, { filter: { tariffId } }, admin);
    expect(byTariff.body.data?.customers.totalCount).toBe(2);
    const byPhone = await s.gql(LIST, { filter: { search: '555010' } }, admin);
    expect(byPhone.body.data?.customers.totalCount).toBeGreaterThan(0);
  });

  it('orders a page by the sort field, then by number, in both directions', async () => {
    const asc = await s.gql(LIST, { first: 3, filter: { search: 'springf' }, orderBy: { field: 'NAME', direction: 'ASC' } }, admin);
    expect(asc.body.data?.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Xena Clark', 'Zoe Adams']);
    const desc = await s.gql(LIST, { first: 3, filter: { search: 'springf' }, orderBy: { field: 'NAME', direction: 'DESC' } }, admin);
    expect(desc.body.data?.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Zoe Adams', 'Xena Clark']);
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

describe('CustomerConnection.count', () => {
  const COUNT = `query($filter: CustomerFilter, $upTo: Int!) {
    customers(first: 1, filter: $filter) { count(upTo: $upTo) { value exact } totalCount } }`;
  let counted: number;

  beforeAll(async () => {
    // Three customers of one partner and two of another, all found by the same search.
    counted = (await s.database.db.partner.create({ data: { name: 'Counted' } })).id;
    const other = (await s.database.db.partner.create({ data: { name: 'Elsewhere' } })).id;
    for (const [name, partner] of [['Quilla One', counted], ['Quilla Two', counted], ['Quilla Three', counted], ['Quilla Four', other], ['Quilla Five', other]] as const) {
      const res = await s.gql(CREATE, { input: { name, partnerId: partner } }, admin);
      expect(res.body.data?.createCustomer.__typename).toBe('CreateCustomerSuccess');
    }
  });

  it('counts the matches exactly when there are no more than upTo', async () => {
    const filter = { search: 'quilla', partnerId: counted };
    for (const upTo of [3, 10]) {
      const res = await s.gql(COUNT, { filter, upTo }, admin);
      expect(res.body.data?.customers, `upTo ${upTo}`).toEqual({ count: { value: 3, exact: true }, totalCount: 3 });
    }
  });

  it('stops at upTo and says there are more', async () => {
    const res = await s.gql(COUNT, { filter: { search: 'quilla', partnerId: counted }, upTo: 2 }, admin);
    expect(res.body.data?.customers).toEqual({ count: { value: 2, exact: false }, totalCount: 3 });
    const one = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo: 1 }, admin);
    expect(one.body.data?.customers.count).toEqual({ value: 1, exact: false });
  });

  it('counts up to 1,000 unless told otherwise', async () => {
    const res = await s.gql('{ customers(first: 1, filter: { search: "quilla" }) { count { value exact } } }', {}, admin);
    expect(res.body.data?.customers.count).toEqual({ value: 5, exact: true });
  });

  it('counts only the customers of a partner-bound administrator’s own partner', async () => {
    const bound = (await s.staff('Administrator', { partnerId: counted, username: 'counted-admin' })).token;
    const all = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo: 10 }, admin);
    expect(all.body.data?.customers).toEqual({ count: { value: 5, exact: true }, totalCount: 5 });
    const own = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo: 10 }, bound);
    expect(own.body.data?.customers).toEqual({ count: { value: 3, exact: true }, totalCount: 3 });
    const capped = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo: 2 }, bound);
    expect(capped.body.data?.customers.count).toEqual({ value: 2, exact: false });
  });

  it('refuses an upTo outside 1–100,000 with a clear error', async () => {
    for (const upTo of [0, -5, 100_001]) {
      const res = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo }, admin);
      expect(res.body.data?.customers ?? null, `upTo ${upTo}`).toBeNull();
      expect(res.body.errors?.[0]).toMatchObject({ message: 'Validation error: upTo: must be between 1 and 100,000', extensions: { code: 'BAD_USER_INPUT' } });
    }
    const most = await s.gql(COUNT, { filter: { search: 'quilla' }, upTo: 100_000 }, admin);
    expect(most.body.data?.customers.count).toEqual({ value: 5, exact: true });
  });

  it('finds the same customers as totalCount for every filter, for every scope', async () => {
    const bound = (await s.staff('Administrator', { partnerId: counted, username: 'counted-admin-2' })).token;
    const router = await s.database.db.router.create({ data: { title: 'Quilla-1', ip: '192.0.2.10', nasIp: '192.0.2.10', radiusSecretEnc: 'unused' } });
    const quilla = await s.database.db.customer.findMany({ where: { name: { startsWith: 'Quilla' } }, orderBy: { id: 'asc' } });
    for (const [i, c] of quilla.entries()) {
      if (i % 2 === 0) await s.database.db.service.create({ data: { customerId: c.id, tariffId, routerId: router.id, login: `quilla-${i}` } });
    }
    await s.database.db.customer.update({ where: { id: quilla[1]!.id }, data: { billingType: 'PREPAID', status: 'ACTIVE' } });
    const filters = [
      {}, { search: 'quilla' }, { search: '  QUILLA   one ' }, { search: '%' }, { search: '_uilla' }, { search: "o'brien" }, { search: '555010' },
      { status: ['ACTIVE'] }, { status: ['NEW', 'BLOCKED'] }, { status: [] }, { billingType: 'PREPAID' }, { billingType: 'RECURRING' },
      { partnerId: counted }, { tariffId }, { routerId: router.id },
      { search: 'quilla', status: ['NEW'], billingType: 'RECURRING', partnerId: counted, tariffId, routerId: router.id },
    ];
    for (const [who, token] of [['admin', admin], ['bound', bound]] as const) {
      for (const filter of filters) {
        const res = await s.gql(COUNT, { filter, upTo: 100_000 }, token);
        const { count, totalCount } = res.body.data?.customers ?? {};
        expect(count, `${who} ${JSON.stringify(filter)}`).toEqual({ value: totalCount, exact: true });
      }
    }
    const routed = await s.gql(COUNT, { filter: { routerId: router.id }, upTo: 10 }, bound);
    expect(routed.body.data?.customers.count).toEqual({ value: 2, exact: true });
  });

  it('counts without loading the page when only the count is asked for', async () => {
    s.queries.count = 0;
    await s.gql('{ customers(first: 50) { edges { node { name } } } }', {}, admin);
    const page = s.queries.count;
    s.queries.count = 0;
    await s.gql('{ customers(first: 50) { count { value exact } } }', {}, admin);
    const countOnly = s.queries.count;
    s.queries.count = 0;
    await s.gql('{ customers(first: 50) { count { value exact } edges { node { name } } } }', {}, admin);
    expect(s.queries.count).toBe(page + 1);
    expect(countOnly).toBeLessThan(page + 1);
  });
});
