import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestServer } from './server.ts';

/** A graphql-ws client of the test server, signed in with `token` when given; connects on first use, never retries. */
export function wsClient(s: TestServer, token?: string): Client {
  return createClient({
    url: s.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects what a subscription delivers. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>({ query, variables }, {
    next: (r) => (r.errors ? errors.push(r.errors) : received.push(r.data as T)),
    error: (e) => errors.push(e),
    complete: () => undefined,
  });
  return { received, errors, dispose };
}

/**
 * Waits until `check` holds, polling every 25 ms; `meanwhile` runs before each poll (e.g. to
 * publish a probe until a subscription, which the server starts asynchronously, receives it).
 */
export async function until(check: () => boolean, what: string, ms = 8000, meanwhile?: () => unknown): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await meanwhile?.();
    await new Promise((r) => setTimeout(r, 25));
  }
}
