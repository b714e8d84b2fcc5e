/**
 * GraphQL over HTTP (POST, JSON) with a Bearer token: one request, one typed result, or one
 * ApiError. Free of SvelteKit imports so it runs under plain Vitest with a fake fetch.
 */
import { print, type DocumentNode } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { ApiError, fromGraphQLErrors, fromHttpStatus, fromNetworkFailure, type GraphQLErrorLike } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Any typed document: gql.tada's, or a hand-typed one in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the third parameter is gql.tada's fragment bookkeeping, irrelevant here
export type Document<Result, Variables> = TadaDocumentNode<Result, Variables, any>;

const printed = new WeakMap<object, string>();

/** The query text of a document, printed once per document. */
export function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** The name of a document's first operation, sent along so the server's logs name it. */
export function operationName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value;
  }
  return undefined;
}

export interface HttpRequest<Variables> {
  url: string;
  token: string | null;
  variables: Variables;
  signal?: AbortSignal;
  /** Default 20 s: the API's slowest answers (a CoA that waits for the NAS) take 15 s. */
  timeoutMs?: number;
}

interface GraphQLBody {
  data?: unknown;
  errors?: GraphQLErrorLike[];
}

function isBody(value: unknown): value is GraphQLBody {
  return typeof value === 'object' && value !== null && ('data' in value || 'errors' in value);
}

/**
 * Runs one query or mutation. `data` comes back only when the server sent no errors: a partial
 * result with errors is an ApiError, because every screen here needs its whole query.
 */
export async function executeHttp<Result, Variables>(
  fetchFn: FetchLike,
  document: Document<Result, Variables>,
  request: HttpRequest<Variables>,
): Promise<Result> {
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 20_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      },
      body: JSON.stringify({ query: queryText(document), operationName: operationName(document), variables: request.variables ?? {} }),
      signal,
    });
  } catch (error) {
    // The caller's own abort (the person typed on) is not a failure to report.
    if (request.signal?.aborted) throw request.signal.reason;
    throw fromNetworkFailure(error);
  }
  if (response.status === 401) throw fromHttpStatus(401);
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page, an empty 502: reported by status below.
  }
  if (!isBody(body)) throw fromHttpStatus(response.ok ? 502 : response.status);
  if (body.errors && body.errors.length > 0) throw fromGraphQLErrors(body.errors, response.status);
  if (!response.ok) throw fromHttpStatus(response.status);
  if (body.data === undefined || body.data === null) throw new ApiError('graphql', 'The server answered without data.', { status: response.status });
  return body.data as Result;
}
