/** Plain GraphQL over HTTP for test set-up: what a script or an API key user would send. */
import * as OTPAuth from 'otpauth';

export interface GqlResult<T> {
  data?: T;
  errors?: Array<{ message: string }>;
}

export async function gql<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GqlResult<T>;
  if (!response.ok || body.errors?.length || !body.data)
    throw new Error(`GraphQL failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** The demo super administrator `npm start` prints. */
export const DEMO_ADMIN = { username: 'admin', password: 'backhaul-demo' } as const;

export async function login(url: string, username: string, password: string, totpCode?: string): Promise<string> {
  const data = await gql<{ login: { __typename: string; message?: string; data?: { token: string } } }>(
    url,
    `mutation ($input: LoginInput!) { login(input: $input) { __typename ... on LoginSuccess { data { token } } ... on DomainError { message } } }`,
    { input: { username, password, ...(totpCode ? { totpCode } : {}) } },
  );
  if (!data.login.data) throw new Error(`login of ${username} failed: ${data.login.__typename} ${data.login.message ?? ''}`);
  return data.login.data.token;
}

/** The number inside a Relay global ID (`Um9sZTox` → 1): inputs take numbers, types expose IDs. */
export function numberOf(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
}

/**
 * A new staff member with the given built-in role and two-factor authentication on, set up
 * through the API as a person would: created by the admin, then begin and confirm TOTP with a
 * code computed from the secret. Returns what the browser test needs to sign in.
 */
export async function createStaffWithTotp(url: string, options: { username: string; password: string; role: string }) {
  const admin = await login(url, DEMO_ADMIN.username, DEMO_ADMIN.password);
  const { roles } = await gql<{ roles: Array<{ id: string; name: string }> }>(url, `{ roles { id name } }`, {}, admin);
  const role = roles.find((r) => r.name === options.role);
  if (!role) throw new Error(`no role ${options.role}`);
  const created = await gql<{ createStaffUser: { __typename: string; message?: string } }>(
    url,
    `mutation ($input: StaffUserInput!) { createStaffUser(input: $input) { __typename ... on DomainError { message } } }`,
    { input: { username: options.username, name: `E2E ${options.username}`, password: options.password, roleId: numberOf(role.id) } },
    admin,
  );
  if (created.createStaffUser.__typename !== 'CreateStaffUserSuccess') throw new Error(`createStaffUser: ${created.createStaffUser.message}`);
  const token = await login(url, options.username, options.password);
  const begun = await gql<{ beginTotpSetup: { data?: { secret: string } } }>(
    url,
    `mutation { beginTotpSetup { ... on BeginTotpSetupSuccess { data { secret } } } }`,
    {},
    token,
  );
  const secret = begun.beginTotpSetup.data?.secret;
  if (!secret) throw new Error('beginTotpSetup gave no secret');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  const confirmed = await gql<{ confirmTotpSetup: { __typename: string } }>(
    url,
    `mutation ($code: String!) { confirmTotpSetup(code: $code) { __typename } }`,
    { code: totp.generate() },
    token,
  );
  if (confirmed.confirmTotpSetup.__typename !== 'ConfirmTotpSetupSuccess')
    throw new Error(`confirmTotpSetup: ${confirmed.confirmTotpSetup.__typename}`);
  await gql(url, `mutation { logout }`, {}, token);
  return { username: options.username, password: options.password, code: () => totp.generate() };
}

/** An ACTIVE customer by name order, skipping `skip` of them (so tests pick different ones). */
export async function activeCustomer(url: string, skip: number): Promise<{ number: number; name: string }> {
  const admin = await login(url, DEMO_ADMIN.username, DEMO_ADMIN.password);
  const data = await gql<{ customers: { edges: Array<{ node: { number: number; name: string } }> } }>(
    url,
    `query ($first: Int!) { customers(first: $first, filter: { status: [ACTIVE] }, orderBy: { field: NAME }) { edges { node { number name } } } }`,
    { first: skip + 1 },
    admin,
  );
  const node = data.customers.edges[skip]?.node;
  if (!node) throw new Error('not enough active customers');
  return node;
}

type Edges<T> = { edges: Array<{ node: T }> };

export interface TestSubscriber {
  customerNumber: number;
  name: string;
  login: string;
  password: string;
}

/**
 * A new customer with one PPPoE service on the demo NAS (127.0.0.1), set up as an office would
 * through the API; the service starts as `serviceStatus` (a technician activates PENDING ones).
 */
export async function customerWithService(url: string, options: { name: string; login: string; serviceStatus?: 'ACTIVE' | 'PENDING'; phone?: string }): Promise<TestSubscriber> {
  const admin = await login(url, DEMO_ADMIN.username, DEMO_ADMIN.password);
  type Refs = { tariffs: Edges<{ id: string }>; routers: Edges<{ id: string; nasIp: string }>; partners: Edges<{ id: string }> };
  const refs = await gql<Refs>(
    url,
    `{ tariffs(first: 1) { edges { node { id } } } routers(first: 50) { edges { node { id nasIp } } } partners(first: 1) { edges { node { id } } } }`,
    {},
    admin,
  );
  const router = refs.routers.edges.find((e) => e.node.nasIp === '127.0.0.1')?.node;
  const tariff = refs.tariffs.edges[0]?.node;
  const partner = refs.partners.edges[0]?.node;
  if (!router || !tariff || !partner) throw new Error('the demo has no NAS 127.0.0.1, tariff or partner');
  const created = await gql<{ createCustomer: { __typename: string; message?: string; data?: { number: number } } }>(
    url,
    `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename ... on CreateCustomerSuccess { data { number } } ... on DomainError { message } } }`,
    { input: { name: options.name, partnerId: numberOf(partner.id), status: 'ACTIVE', city: 'Tiel', ...(options.phone ? { phone: options.phone } : {}) } },
    admin,
  );
  const customerNumber = created.createCustomer.data?.number;
  if (!customerNumber) throw new Error(`createCustomer: ${created.createCustomer.message}`);
  const password = `pw-${options.login}`;
  const service = await gql<{ createService: { __typename: string; message?: string } }>(
    url,
    `mutation ($customerId: Int!, $input: ServiceInput!) { createService(customerId: $customerId, input: $input) { __typename ... on DomainError { message } } }`,
    { customerId: customerNumber, input: { login: options.login, password, tariffId: numberOf(tariff.id), routerId: numberOf(router.id), status: options.serviceStatus ?? 'ACTIVE' } },
    admin,
  );
  if (service.createService.__typename !== 'CreateServiceSuccess') throw new Error(`createService: ${service.createService.message}`);
  return { customerNumber, name: options.name, login: options.login, password };
}

/** Points the demo NAS's CoA/Disconnect port at `port` (a test listener); returns the previous port. */
export async function setDemoNasCoaPort(url: string, port: number): Promise<number> {
  const admin = await login(url, DEMO_ADMIN.username, DEMO_ADMIN.password);
  const { routers } = await gql<{ routers: { edges: Array<{ node: { id: string; nasIp: string; coaPort: number } }> } }>(url, `{ routers(first: 50) { edges { node { id nasIp coaPort } } } }`, {}, admin);
  const nas = routers.edges.find((e) => e.node.nasIp === '127.0.0.1')?.node;
  if (!nas) throw new Error('the demo has no NAS 127.0.0.1');
  const updated = await gql<{ updateRouter: { __typename: string; message?: string } }>(
    url,
    `mutation ($id: ID!, $input: RouterInput!) { updateRouter(id: $id, input: $input) { __typename ... on DomainError { message } } }`,
    { id: nas.id, input: { coaPort: port } },
    admin,
  );
  if (updated.updateRouter.__typename !== 'UpdateRouterSuccess') throw new Error(`updateRouter: ${updated.updateRouter.message}`);
  return nas.coaPort;
}
