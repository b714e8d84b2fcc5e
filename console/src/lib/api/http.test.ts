import { describe, expect, it } from 'vitest';
import { graphql } from '../graphql/graphql';
import { ApiError } from './errors';
import { executeHttp, type FetchLike } from './http';

const Me = graphql(`query TestMe { me { id } }`);

function respond(status: number, body: unknown, contentType = 'application/json'): FetchLike {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

const request = { url: 'http://api.test/graphql', token: 't0k', variables: {} };

async function failure(fetchFn: FetchLike): Promise<ApiError> {
  try {
    await executeHttp(fetchFn, Me, request);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('executeHttp', () => {
  it('posts the query with the bearer token and returns data', async () => {
    let sent: RequestInit | undefined;
    const data = await executeHttp(
      async (_url, init) => {
        sent = init;
        return new Response(JSON.stringify({ data: { me: { id: '1' } } }), { status: 200 });
      },
      Me,
      request,
    );
    expect(data.me?.id).toBe('1');
    expect(new Headers(sent?.headers).get('authorization')).toBe('Bearer t0k');
    expect(JSON.parse(String(sent?.body))).toMatchObject({ operationName: 'TestMe', query: expect.stringContaining('me') });
  });

  it('reports an expired session (HTTP 401) as unauthorized', async () => {
    expect((await failure(respond(401, { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }))).kind).toBe('unauthorized');
  });

  it('reports a server that cannot be reached as a network error', async () => {
    const error = await failure(async () => {
      throw new TypeError('fetch failed');
    });
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/Cannot reach the API server/);
  });

  it('reports a proxy error page by its status, without its HTML', async () => {
    const error = await failure(respond(502, '<html>Bad gateway</html>', 'text/html'));
    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(error.message).not.toContain('<html>');
  });

  it('reports a missing permission and a masked internal error in words', async () => {
    expect((await failure(respond(200, { errors: [{ message: 'Not authorized', extensions: { code: 'FORBIDDEN' } }], data: null }))).kind).toBe('forbidden');
    const internal = await failure(respond(200, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    expect(internal.message).toMatch(/failed to answer/);
  });
});
