import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { AuthenticationError } from '@backhaul/schema/admin/auth.errors.ts';
import type { Context } from '@backhaul/schema/builder.ts';
import { clientIp, type CreateContext } from '../context.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Serves GraphQL over HTTP (GET and POST, per the GraphQL-over-HTTP spec) through Apollo Server. */
export function createGraphqlHandler(apollo: ApolloServer<Context>, createContext: CreateContext, options: { trustProxy: boolean }) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendError(res, 405, 'use GET or POST', { allow: 'GET, POST' });
    }
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === null) return sendError(res, 413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/(graphql-response\+)?json\b/i.test(type)) {
        return sendError(res, 415, 'send the request as Content-Type: application/json');
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(res, 400, 'the request body is not valid JSON');
      }
    }
    let context: Context;
    try {
      context = await createContext({
        authorization: req.headers.authorization ?? null,
        ip: clientIp(req.headers, req.socket.remoteAddress, options.trustProxy),
        userAgent: req.headers['user-agent'] ?? null,
      });
    } catch (error) {
      if (error instanceof AuthenticationError) return sendError(res, 401, error.message, { 'www-authenticate': 'Bearer' }, 'UNAUTHENTICATED');
      throw error;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    // The same URL serves the IDE to browsers: caches must key on Accept.
    res.setHeader('vary', 'accept');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = 'BAD_REQUEST'): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
