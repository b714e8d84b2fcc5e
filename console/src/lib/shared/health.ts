/**
 * Reading the API server's `GET /healthz`. Kept free of SvelteKit imports so it runs under plain
 * Vitest; the caller passes `fetch` (SvelteKit's in a load function, a fake in tests).
 * Shared with the portal, which imports it as `$shared/health` (see portal/svelte.config.js).
 */

/** What the status card shows; `unconfigured` means PUBLIC_API_URL is not set at all. */
export type HealthState = 'ok' | 'degraded' | 'unreachable' | 'invalid' | 'unconfigured';

/** One dependency the server reports on, e.g. `database` or `pubsub`. */
export interface HealthComponent {
  /** The key in the server's JSON (`database`, `pubsub`, …). */
  key: string;
  ok: boolean;
  /** Extra facts the server gave for it, e.g. `postgres` for the pub/sub transport. */
  detail: string | null;
}

/** A plain, serialisable result: it crosses from a server load function to the page. */
export interface HealthReport {
  state: HealthState;
  /** The /healthz URL that was tried, or null when there was nothing to try. */
  url: string | null;
  httpStatus: number | null;
  components: HealthComponent[];
  /** One sentence for a person, e.g. why the server could not be reached. */
  message: string;
  /** ISO 8601 time of the check. */
  checkedAt: string;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The health URL next to a GraphQL endpoint: `http://h:4000/graphql` → `http://h:4000/healthz`.
 * Resolved as a sibling path so an API mounted under a prefix (`/api/graphql`) still works, and
 * `ws(s)://` is mapped to `http(s)://` because /healthz is plain HTTP.
 */
export function healthUrlFor(apiUrl: string): string {
  const url = new URL('healthz', apiUrl.trim());
  if (url.protocol === 'ws:') url.protocol = 'http:';
  if (url.protocol === 'wss:') url.protocol = 'https:';
  url.search = '';
  url.hash = '';
  return url.toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a /healthz body into a report; anything not shaped like `{ status, …: { ok } }` is `invalid`. */
export function interpretHealth(
  body: unknown,
  httpStatus: number,
  url: string,
  checkedAt: Date,
): HealthReport {
  const base = { url, httpStatus, checkedAt: checkedAt.toISOString() };
  if (!isRecord(body) || typeof body['status'] !== 'string') {
    return {
      ...base,
      state: 'invalid',
      components: [],
      message: `The server answered HTTP ${httpStatus} but not with a health report.`,
    };
  }
  const components: HealthComponent[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!isRecord(value) || typeof value['ok'] !== 'boolean') continue;
    const detail = Object.entries(value)
      .filter(([k, v]) => k !== 'ok' && (typeof v === 'string' || typeof v === 'number'))
      .map(([, v]) => String(v))
      .join(', ');
    components.push({ key, ok: value['ok'], detail: detail === '' ? null : detail });
  }
  const healthy = body['status'] === 'ok' && httpStatus < 400 && components.every((c) => c.ok);
  const failing = components.filter((c) => !c.ok).map((c) => c.key);
  return {
    ...base,
    state: healthy ? 'ok' : 'degraded',
    components,
    message: healthy
      ? 'All systems operational.'
      : failing.length > 0
        ? `Degraded: ${failing.join(', ')} not healthy.`
        : `Degraded: the server reports status “${body['status']}”.`,
  };
}

/** Why a fetch failed, in words: Node's fetch hides the useful code in `cause`. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `No answer within ${timeoutMs / 1000} s.`;
  }
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : null;
  const code = cause && typeof cause['code'] === 'string' ? cause['code'] : null;
  switch (code) {
    case 'ECONNREFUSED':
      return 'Connection refused: the API server is not running or not listening there.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The API host name could not be resolved.';
    case 'ECONNRESET':
      return 'The connection was reset by the API server.';
    default:
      return error instanceof Error ? `Could not reach the API server (${error.message}).` : 'Could not reach the API server.';
  }
}

/** Fetches /healthz for `apiUrl` and never throws: every failure becomes a report the page can show. */
export async function checkHealth(
  fetchFn: FetchLike,
  apiUrl: string | null,
  options: { timeoutMs?: number; now?: () => Date } = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const now = options.now ?? (() => new Date());
  if (apiUrl === null || apiUrl.trim() === '') {
    return {
      state: 'unconfigured',
      url: null,
      httpStatus: null,
      components: [],
      message: 'PUBLIC_API_URL is not set, so there is no API server to ask.',
      checkedAt: now().toISOString(),
    };
  }
  let url: string;
  try {
    url = healthUrlFor(apiUrl);
  } catch {
    return {
      state: 'unconfigured',
      url: null,
      httpStatus: null,
      components: [],
      message: `PUBLIC_API_URL is not a valid URL: “${apiUrl}”.`,
      checkedAt: now().toISOString(),
    };
  }
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return {
      state: 'unreachable',
      url,
      httpStatus: null,
      components: [],
      message: describeFetchError(error, timeoutMs),
      checkedAt: now().toISOString(),
    };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A non-JSON body (a proxy's HTML error page, say) is reported as `invalid` below.
  }
  return interpretHealth(body, response.status, url, now());
}
