import { describe, expect, it } from 'vitest';
import { checkHealth, healthUrlFor, interpretHealth, type FetchLike } from './health';

const at = new Date('2025-01-01T12:00:00Z');
const now = () => at;

function answering(status: number, body: string): FetchLike {
  return () => Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } }));
}

describe('healthUrlFor', () => {
  it('puts /healthz next to /graphql', () => {
    expect(healthUrlFor('http://127.0.0.1:4000/graphql')).toBe('http://127.0.0.1:4000/healthz');
  });

  it('keeps a path prefix the API is mounted under', () => {
    expect(healthUrlFor('https://noc.example.net/api/graphql')).toBe('https://noc.example.net/api/healthz');
  });

  it('maps a graphql-ws URL to plain HTTP', () => {
    expect(healthUrlFor('wss://noc.example.net/graphql')).toBe('https://noc.example.net/healthz');
  });
});

describe('interpretHealth', () => {
  it('reports ok when the status and every component are ok', () => {
    const report = interpretHealth(
      { status: 'ok', database: { ok: true }, pubsub: { transport: 'postgres', ok: true } },
      200,
      'http://h/healthz',
      at,
    );
    expect(report.state).toBe('ok');
    expect(report.components).toEqual([
      { key: 'database', ok: true, detail: null },
      { key: 'pubsub', ok: true, detail: 'postgres' },
    ]);
  });

  it('reports degraded and names the failing component', () => {
    const report = interpretHealth(
      { status: 'degraded', database: { ok: false }, pubsub: { transport: 'postgres', ok: true } },
      503,
      'http://h/healthz',
      at,
    );
    expect(report.state).toBe('degraded');
    expect(report.message).toContain('database');
  });

  it('reports invalid for a body that is not a health report', () => {
    expect(interpretHealth('<html>', 404, 'http://h/healthz', at).state).toBe('invalid');
  });
});

describe('checkHealth', () => {
  it('reports unconfigured without fetching when no API URL is set', async () => {
    const fetchFn: FetchLike = () => Promise.reject(new Error('must not be called'));
    expect((await checkHealth(fetchFn, null, { now })).state).toBe('unconfigured');
  });

  it('reports unreachable with the reason when the connection is refused', async () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const report = await checkHealth(() => Promise.reject(refused), 'http://127.0.0.1:4000/graphql', { now });
    expect(report.state).toBe('unreachable');
    expect(report.message).toMatch(/refused/);
    expect(report.url).toBe('http://127.0.0.1:4000/healthz');
  });

  it('reports unreachable when the server does not answer in time', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const report = await checkHealth(() => Promise.reject(timeout), 'http://h/graphql', { now, timeoutMs: 1500 });
    expect(report.message).toBe('No answer within 1.5 s.');
  });

  it('reads a degraded server that answers 503 with a JSON body', async () => {
    const body = JSON.stringify({ status: 'degraded', database: { ok: false } });
    const report = await checkHealth(answering(503, body), 'http://h/graphql', { now });
    expect(report).toMatchObject({ state: 'degraded', httpStatus: 503 });
  });

  it('reports invalid when the body is not JSON', async () => {
    const report = await checkHealth(answering(502, 'Bad gateway'), 'http://h/graphql', { now });
    expect(report.state).toBe('invalid');
  });
});
