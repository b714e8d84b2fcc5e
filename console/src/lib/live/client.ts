import { env } from '$env/dynamic/public';
import { createClient, type Client } from 'graphql-ws';

/**
 * The API's GraphQL endpoint, read at run time from PUBLIC_API_URL (never baked into the build),
 * or null when it is not set. Readable on the server and in the browser.
 */
export function apiUrl(): string | null {
  const value = env['PUBLIC_API_URL']?.trim();
  return value ? value : null;
}

/** The WebSocket URL beside an HTTP GraphQL URL: `http://h:4000/graphql` → `ws://h:4000/graphql`. */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}

/** The WebSocket close code the API sends when the token is invalid, expired or revoked. */
export const FORBIDDEN_CLOSE = 4403;

export interface LiveClientEvents {
  /** A (re)connection attempt started. */
  connecting(isRetry: boolean): void;
  /** The server acknowledged the connection; `wasRetry` after a drop. */
  connected(wasRetry: boolean): void;
  /** The socket closed; graphql-ws retries unless told otherwise. */
  closed(code: number | null): void;
  /** The server refused the token: stop retrying, sign in again. */
  unauthorized(): void;
}

function closeCode(event: unknown): number | null {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : null;
}

/**
 * The console's one graphql-ws client. It connects at once (not lazily, so the connection state
 * means something before the first subscription), retries on any connection problem for ever
 * with a capped backoff, and sends a ping every 10 s: a socket that answers no ping within 5 s
 * is cut and reconnected, so a silent network drop shows within seconds, not minutes.
 */
export function createLiveClient(options: {
  url: string;
  token: () => string | null;
  events: LiveClientEvents;
  webSocketImpl?: unknown;
}): Client {
  const { events } = options;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let refused = false;
  const client: Client = createClient({
    url: webSocketUrl(options.url),
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    // Any problem is worth another try, except a refused token (the person must sign in again).
    shouldRetry: (event) => closeCode(event) !== FORBIDDEN_CLOSE,
    retryWait: async (retries) => {
      const ms = Math.min(10_000, 500 * 2 ** Math.min(retries, 5)) * (0.75 + Math.random() * 0.5);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    connectionParams: () => {
      const token = options.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    on: {
      connecting: (isRetry) => events.connecting(isRetry),
      connected: (_socket, _payload, wasRetry) => events.connected(wasRetry),
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => client.terminate(), 5_000);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        const code = closeCode(event);
        events.closed(code);
        if (code === FORBIDDEN_CLOSE && !refused) {
          refused = true;
          events.unauthorized();
        }
      },
    },
  });
  return client;
}
