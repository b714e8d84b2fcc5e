/**
 * What can go wrong talking to the API, in words a person can act on. Kept free of SvelteKit
 * imports so it runs under plain Vitest.
 */

/**
 * - `network`: no answer (server down, offline, timeout).
 * - `unauthorized`: the session expired or was revoked (HTTP 401, WebSocket 4403, UNAUTHENTICATED).
 * - `forbidden`: signed in, but the role lacks the permission (FORBIDDEN).
 * - `graphql`: the server answered with errors (bad query, limits, an internal error it masked).
 * - `http`: any other HTTP failure (a proxy's 502, a 500 without a GraphQL body).
 */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'graphql' | 'http';

/** One error from a GraphQL response's `errors` array. */
export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: unknown } & Record<string, unknown>;
}

/** Every failure the API client reports; `message` is fit to show as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly errors: readonly GraphQLErrorLike[];

  constructor(kind: ApiErrorKind, message: string, options: { status?: number | null; errors?: readonly GraphQLErrorLike[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status ?? null;
    this.errors = options.errors ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function codeOf(error: GraphQLErrorLike): string | null {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** Turns a response's `errors` array into one ApiError, picking the kind from the codes. */
export function fromGraphQLErrors(errors: readonly GraphQLErrorLike[], status: number | null = null): ApiError {
  const codes = errors.map(codeOf);
  if (codes.includes('UNAUTHENTICATED')) {
    return new ApiError('unauthorized', 'Your session has ended. Sign in again to continue.', { status, errors });
  }
  if (codes.includes('FORBIDDEN')) {
    return new ApiError('forbidden', 'Your role does not allow this. Ask an administrator if you need it.', { status, errors });
  }
  if (codes.includes('INTERNAL_SERVER_ERROR')) {
    return new ApiError('graphql', 'The server failed to answer this request. Try again; if it keeps failing, tell an administrator.', {
      status,
      errors,
    });
  }
  const first = errors[0]?.message ?? 'The server rejected the request.';
  return new ApiError('graphql', `The server rejected the request: ${first}`, { status, errors });
}

/** Turns an HTTP status without a usable GraphQL body into an ApiError. */
export function fromHttpStatus(status: number): ApiError {
  if (status === 401) return new ApiError('unauthorized', 'Your session has ended. Sign in again to continue.', { status });
  if (status === 403) return new ApiError('forbidden', 'Your role does not allow this.', { status });
  if (status === 429) return new ApiError('http', 'Too many requests. Wait a moment and try again.', { status });
  if (status >= 500) return new ApiError('http', `The API server failed (HTTP ${status}). Try again in a moment.`, { status });
  return new ApiError('http', `The API server answered HTTP ${status}.`, { status });
}

/** A fetch that threw: offline, refused, reset, aborted by a timeout. */
export function fromNetworkFailure(error: unknown): ApiError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ApiError('network', 'The API server did not answer in time. Check the connection and try again.', { cause: error });
  }
  return new ApiError('network', 'Cannot reach the API server. Check the connection; the console retries when it is back.', {
    cause: error,
  });
}

/** Any thrown value as a sentence: ApiErrors keep theirs, anything else gets a generic one. */
export function describeError(error: unknown): string {
  if (isApiError(error)) return error.message;
  return 'Something unexpected went wrong. Try again; if it keeps happening, reload the page.';
}
