import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
let admin: string;

const NETWORK = `mutation($input: IpNetworkInput!) { createIpNetwork(input: $input) {
  __typename ... on CreateIpNetworkSuccess { data { number cidr family capacity used } } ... on InputValidationError { issues { field message } } ... on DomainError { message field code } } }`;
const ASSIGN = `mutation($input: AssignIpInput!) { assignIp(input: $input) {
  __typename ... on AssignIpSuccess { data { address } } ... on DomainError { message field code } } }`;
const ROUTER = `mutation($input: RouterInput!) { createRouter(input: $input) {
  __typename ... on CreateRouterSuccess { data { id title hasApiPassword } } ... on InputValidationError { issues { field message } } ... on DomainError { message field } } }`;
const TARIFF = `mutation($input: TariffInput!) { createTariff(input: $input) {
  __typename ... on CreateTariffSuccess { data { id name price } } ... on InputValidationError { issues { field message } } ... on DomainError { message } } }`;

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
});
afterAll(() => s.close());

describe('IP networks', () => {
  it('refuses a network that overlaps another, naming the field', async () => {
    const first = await s.gql(NETWORK, { input: { cidr: '10.20.0.0/22', title: 'Site A static' } }, admin);
    expect(first.body.data?.createIpNetwork.data).toMatchObject({ cidr: '10.20.0.0/22', family: 'IPV4', capacity: '1022', used: 0 });
    const overlap = await s.gql(NETWORK, { input: { cidr: '10.20.2.0/24', title: 'Oops' } }, admin);
    expect(overlap.body.data?.createIpNetwork).toMatchObject({ __typename: 'IpConflictError', field: 'input.cidr' });
  });

  it('refuses host bits, suggesting the network meant', async () => {
    const res = await s.gql(NETWORK, { input: { cidr: '10.30.0.7/24', title: 'Typo' } }, admin);
    expect(res.body.data?.createIpNetwork.issues).toEqual([{ field: 'input.cidr', message: 'host bits are set; did you mean 10.30.0.0/24?' }]);
  });

  it('refuses what is not a network', async () => {
    const res = await s.gql(NETWORK, { input: { cidr: '10.30.0.300/24', title: 'Bad' } }, admin);
    expect(res.body.data?.createIpNetwork.issues[0].field).toBe('input.cidr');
  });

  it('delegates IPv6 prefixes from a prefix-delegation pool, each once', async () => {
    const pool = await s.gql(NETWORK, { input: { cidr: '2001:db8:100::/48', title: 'PD', usage: 'PREFIX_DELEGATION', delegatedPrefixLength: 56, poolName: 'pd-a' } }, admin);
    const number = pool.body.data?.createIpNetwork.data.number;
    expect(pool.body.data?.createIpNetwork.data.capacity).toBe('256');
    const a = await s.gql(ASSIGN, { input: { networkId: number } }, admin);
    const b = await s.gql(ASSIGN, { input: { networkId: number } }, admin);
    expect([a.body.data?.assignIp.data.address, b.body.data?.assignIp.data.address]).toEqual(['2001:db8:100::/56', '2001:db8:100:100::/56']);
    const clash = await s.gql(ASSIGN, { input: { networkId: number, address: '2001:db8:100:180::/57' } }, admin);
    expect(clash.body.data?.assignIp).toMatchObject({ __typename: 'IpConflictError', field: 'input.address' });
  });

  it('lets a prefix-delegation network be renamed without resending its prefix length', async () => {
    const pool = await s.database.db.ipNetwork.findFirstOrThrow({ where: { poolName: 'pd-a' } });
    const id = Buffer.from(`IpNetwork:${pool.id}`).toString('base64');
    const res = await s.gql('mutation($id: ID!) { updateIpNetwork(id: $id, input: { title: "PD renamed" }) { __typename ... on InputValidationError { issues { field message } } } }', { id }, admin);
    expect(res.body.data?.updateIpNetwork).toEqual({ __typename: 'UpdateIpNetworkSuccess' });
  });

  it('refuses a gateway outside the network', async () => {
    const res = await s.gql(NETWORK, { input: { cidr: '10.40.0.0/24', title: 'GW', gateway: '10.41.0.1' } }, admin);
    expect(res.body.data?.createIpNetwork.issues).toEqual([{ field: 'input.gateway', message: 'must be an address inside the network' }]);
  });

  it('refuses an address outside its network, and a second assignment of the same address', async () => {
    const network = await s.database.db.ipNetwork.findFirstOrThrow({ where: { cidr: '10.20.0.0/22' } });
    const outside = await s.gql(ASSIGN, { input: { networkId: network.id, address: '10.21.0.1' } }, admin);
    expect(outside.body.data?.assignIp).toMatchObject({ __typename: 'IpOutsideNetworkError', field: 'input.address' });
    const one = await s.gql(ASSIGN, { input: { networkId: network.id, address: '10.20.1.1' } }, admin);
    expect(one.body.data?.assignIp.__typename).toBe('AssignIpSuccess');
    const again = await s.gql(ASSIGN, { input: { networkId: network.id, address: '10.20.1.1' } }, admin);
    expect(again.body.data?.assignIp).toMatchObject({ __typename: 'IpConflictError', field: 'input.address' });
  });

  it('finds assignments inside a block, for "who has this address"', async () => {
    const res = await s.gql('{ ipAssignments(first: 10, within: "10.20.1.0/24") { totalCount edges { node { address } } } }', {}, admin);
    expect(res.body.data?.ipAssignments).toEqual({ totalCount: 1, edges: [{ node: { address: '10.20.1.1' } }] });
    const bad = await s.gql('{ ipAssignments(first: 10, within: "nonsense") { totalCount } }', {}, admin);
    expect(bad.body.errors?.[0]?.message).toMatch(/within: is not an address or network/);
  });

  it("lists a router's networks, each with the partner it is kept for", async () => {
    const partner = await s.database.db.partner.create({ data: { name: 'Networks partner' } });
    const router = await s.database.db.router.create({ data: { title: 'Net-R', ip: '192.0.2.90', nasIp: '192.0.2.90', radiusSecretEnc: 'x' } });
    await s.gql(NETWORK, { input: { cidr: '10.50.0.0/24', title: 'Router static', routerId: router.id, partnerId: partner.id } }, admin);
    await s.gql(NETWORK, { input: { cidr: '10.51.0.0/24', title: 'Elsewhere' } }, admin);
    const res = await s.gql('query($routerId: Int) { ipNetworks(first: 10, routerId: $routerId) { totalCount edges { node { cidr partner { name } router { title } } } } }', { routerId: router.id }, admin);
    expect(res.body.data?.ipNetworks).toEqual({ totalCount: 1, edges: [{ node: { cidr: '10.50.0.0/24', partner: { name: 'Networks partner' }, router: { title: 'Net-R' } } }] });
  });

  it('makes conflicts impossible in the database itself, whatever the code does', async () => {
    const network = await s.database.db.ipNetwork.findFirstOrThrow({ where: { cidr: '10.20.0.0/22' } });
    await expect(s.database.db.ipAssignment.create({ data: { networkId: network.id, address: '10.99.0.1/32' } })).rejects.toThrow(/outside network/);
    await expect(s.database.db.ipNetwork.create({ data: { cidr: '10.20.3.0/24', family: 'IPV4', title: 'x' } })).rejects.toThrow(/exclusion constraint/);
  });
});

describe('routers', () => {
  it('keep the RADIUS secret and API password encrypted, and show them only on an audited request', async () => {
    const res = await s.gql(ROUTER, { input: { title: 'Core-1', ip: '192.0.2.1', nasIp: '192.0.2.1', radiusSecret: 'very-secret-1', apiPassword: 'api-pass-1' } }, admin);
    expect(res.body.data?.createRouter.data).toMatchObject({ title: 'Core-1', hasApiPassword: true });
    const row = await s.database.db.router.findUniqueOrThrow({ where: { title: 'Core-1' } });
    expect(JSON.stringify(row)).not.toMatch(/very-secret-1|api-pass-1/);
    const audit = await s.database.db.auditLog.findFirstOrThrow({ where: { action: 'router.create' } });
    expect(JSON.stringify(audit.after)).not.toMatch(/very-secret-1|api-pass-1/);
    expect(audit.after).toMatchObject({ radiusSecretEnc: '[secret]', apiPasswordEnc: '[secret]' });

    const reveal = await s.gql('mutation($id: ID!) { revealRouterSecrets(id: $id) { ... on RevealRouterSecretsSuccess { data { radiusSecret apiPassword } } } }', { id: res.body.data?.createRouter.data.id }, admin);
    expect(reveal.body.data?.revealRouterSecrets.data).toEqual({ radiusSecret: 'very-secret-1', apiPassword: 'api-pass-1' });
    expect(await s.database.db.auditLog.count({ where: { action: 'router.secrets.reveal' } })).toBe(1);
    const tech = await s.staff('Technician');
    const denied = await s.gql('mutation($id: ID!) { revealRouterSecrets(id: $id) { __typename } }', { id: res.body.data?.createRouter.data.id }, tech.token);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuse a second router with the same NAS address, and addresses that are not addresses', async () => {
    const dup = await s.gql(ROUTER, { input: { title: 'Core-2', ip: '192.0.2.2', nasIp: '192.0.2.1', radiusSecret: 'another-secret' } }, admin);
    expect(dup.body.data?.createRouter).toMatchObject({ __typename: 'DuplicateError', field: 'input.nasIp' });
    const bad = await s.gql(ROUTER, { input: { title: 'Core-3', ip: 'router.local', nasIp: '192.0.2.3', radiusSecret: 'x' } }, admin);
    expect(bad.body.data?.createRouter.issues.map((i: { field: string }) => i.field).sort()).toEqual(['input.ip', 'input.radiusSecret']);
  });
});

describe('tariffs', () => {
  it('keep money exact', async () => {
    const res = await s.gql(TARIFF, { input: { name: 'Exact', downloadKbps: 10_000, uploadKbps: 2_000, price: '19.99', vatRate: '21' } }, admin);
    expect(res.body.data?.createTariff.data.price).toBe('19.99');
  });

  it('apply MikroTik’s burst rules', async () => {
    const res = await s.gql(TARIFF, {
      input: { name: 'Bursty', downloadKbps: 10_000, uploadKbps: 2_000, price: '10', burstDownloadKbps: 8_000, burstUploadKbps: 4_000, burstThresholdDownKbps: 12_000, burstThresholdUpKbps: 1_000, burstTimeSeconds: 8 },
    }, admin);
    expect(res.body.data?.createTariff.issues).toEqual([
      { field: 'input.burstDownloadKbps', message: 'must be above the download speed' },
      { field: 'input.burstThresholdDownKbps', message: 'must be below the download speed' },
    ]);
    const partial = await s.gql(TARIFF, { input: { name: 'Half', downloadKbps: 10_000, uploadKbps: 2_000, price: '10', burstDownloadKbps: 20_000 } }, admin);
    expect(partial.body.data?.createTariff.issues[0].message).toBe('set every burst field, or none');
  });

  it('cannot be deleted while services use them', async () => {
    const tariff = await s.database.db.tariff.findFirstOrThrow({ where: { name: 'Exact' } });
    const partner = await s.database.db.partner.create({ data: { name: 'P' } });
    const customer = await s.database.db.customer.create({ data: { name: 'C', partnerId: partner.id } });
    await s.database.db.service.create({ data: { customerId: customer.id, tariffId: tariff.id, login: 'in-use' } });
    const res = await s.gql('mutation($id: ID!) { deleteTariff(id: $id) { __typename ... on DomainError { message } } }', { id: Buffer.from(`Tariff:${tariff.id}`).toString('base64') }, admin);
    expect(res.body.data?.deleteTariff).toMatchObject({ __typename: 'InUseError', message: '1 services use this tariff; archive it instead' });
  });
});
