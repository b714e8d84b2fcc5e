import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startTestServer();
  token = (await s.staff('Super administrator')).token;
});
afterAll(() => s.close());

const auth = () => ({ authorization: `Bearer ${token}` });

describe('GraphQL over HTTP', () => {
  it('answers a query sent with GET', async () => {
    const res = await fetch(`${s.graphqlUrl}?query=${encodeURIComponent('{ myPermissions }')}`, { headers: { ...auth(), accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect((await json(res)).data?.myPermissions).toContain('customers:write');
  });

  it('refuses a mutation sent with GET, since GET must not change anything', async () => {
    const query = encodeURIComponent('mutation { createPartner(input: { name: "X" }) { __typename } }');
    const res = await fetch(`${s.graphqlUrl}?query=${query}`, { headers: { ...auth(), accept: 'application/json' } });
    expect(res.status).toBe(405);
  });

  it('answers in application/graphql-response+json when the client asks for it', async () => {
    const res = await post('{ myPermissions }', { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('says 400 for a document that does not parse, naming where', async () => {
    const res = await post('{ customers(first: 5) { ', { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors[0].message).toMatch(/Syntax Error/);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('says 400 for an unknown field, naming it', async () => {
    const res = await post('{ customers(first: 5) { edges { node { shoeSize } } } }', { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].message).toMatch(/Cannot query field "shoeSize" on type "Customer"/);
  });

  it('says 400 for a variable of the wrong type', async () => {
    const res = await post('query($n: Int) { customers(first: $n) { totalCount } }', { accept: 'application/graphql-response+json' }, { n: 'many' });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('says 400 for a body that is not JSON', async () => {
    const res = await fetch(s.graphqlUrl, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].message).toMatch(/not valid JSON/);
  });

  it('says 413 for a body over 1 MiB, without reading it all', async () => {
    const res = await fetch(s.graphqlUrl, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ myPermissions } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('refuses a query nested deeper than the limit with 400 before running it', async () => {
    // Connections of one item keep the complexity low while the depth grows.
    const nest = (n: number): string => (n === 0 ? 'cidr' : `assignments(first: 1) { edges { node { network { ${nest(n - 1)} } } } }`);
    const res = await post(`{ ipNetworks(first: 1) { edges { node { ${nest(4)} } } } }`, { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors[0].message).toMatch(/depth/i);
  });

  it('refuses a query whose complexity is over the limit with 400', async () => {
    const res = await post('{ customers(first: 500) { edges { node { services { ipAssignments { network { assignments(first: 100) { edges { node { address } } } } } } } } } }', {
      accept: 'application/graphql-response+json',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('says 401 for a token that is unknown, and names the problem', async () => {
    const res = await post('{ myPermissions }', { authorization: 'Bearer bhs_notarealtoken' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await json(res)).errors[0]).toMatchObject({ message: 'the session has ended; sign in again', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('says 401 for an expired session', async () => {
    const { token: expiring } = await s.staff('Read-only');
    await s.database.db.staffSession.updateMany({ where: { staff: { role: { name: 'Read-only' } } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await post('{ myPermissions }', { authorization: `Bearer ${expiring}` });
    expect(res.status).toBe(401);
    expect((await json(res)).errors[0].message).toMatch(/expired/);
  });

  it('says 401 for a malformed Authorization header', async () => {
    const res = await post('{ myPermissions }', { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
  });

  it('never shows an internal message or a stack trace', async () => {
    const res = await post('{ customer(id: "bm90LWEtZ2xvYmFsLWlk") { name } }');
    const body = await json(res);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|stack|prisma/i);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps serving after all of the above', async () => {
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await json(health)).toMatchObject({ status: 'ok', database: { ok: true }, pubsub: { ok: true } });
    expect((await post('{ myPermissions }')).status).toBe(200);
  });

  it('lets the console and portal origins call it from a browser (CORS), and no others', async () => {
    const allowed = await fetch(s.graphqlUrl, { method: 'OPTIONS', headers: { origin: 'http://console.test', 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://console.test');
    const other = await fetch(s.graphqlUrl, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

function post(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  return fetch(s.graphqlUrl, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

type Failure = { message: string; extensions: { code: string } };
type Body = { data?: Record<string, any>; errors: [Failure, ...Failure[]]; status?: string };
async function json(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}
