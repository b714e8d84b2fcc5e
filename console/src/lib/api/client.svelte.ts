import type { Client } from 'graphql-ws';
import { createLiveClient } from '../live/client';
import { ApiError, fromGraphQLErrors, isApiError, type GraphQLErrorLike } from './errors';
import { executeHttp, operationName, queryText, type Document, type FetchLike } from './http';

/**
 * - `connecting`: the first connection is being made.
 * - `live`: connected; subscriptions deliver.
 * - `reconnecting`: the connection dropped; retrying (screens show what they have, marked stale).
 * - `closed`: signed out, or the server refused the token.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface ApiClientOptions {
  /** The HTTP GraphQL endpoint; the WebSocket one is derived from it. */
  url: string;
  token: () => string | null;
  /** The token was refused (HTTP 401, WebSocket 4403, UNAUTHENTICATED): sign in again. */
  onUnauthorized: () => void;
  fetch?: FetchLike;
  webSocketImpl?: unknown;
}

export interface SubscriptionHandlers<Result> {
  next: (data: Result) => void;
  /** A subscription that failed (it is retried unless the server refused it for good). */
  error?: (error: ApiError) => void;
}

export interface RequestOptions {
  /** Aborts the request (e.g. the search text changed); the promise then rejects with the reason. */
  signal?: AbortSignal;
}

/** Variables, then options: the variables are optional when the operation requires none. */
type RequestArgs<Variables> = Record<string, never> extends Variables
  ? [variables?: Variables, options?: RequestOptions]
  : [variables: Variables, options?: RequestOptions];

/**
 * The console's one GraphQL client: queries and mutations over HTTP, subscriptions over the one
 * graphql-ws connection, the connection's state for the layout to show, and a "reconnected"
 * signal so subscribed screens re-fetch what they may have missed while the connection was down.
 */
export class ApiClient {
  connection = $state<ConnectionState>('closed');
  /** When the live connection was last lost; null while live. */
  lostAt = $state<Date | null>(null);

  #options: ApiClientOptions;
  #live: Client | null = null;
  /** Identifies the current socket's events: a closed socket's late events are ignored. */
  #generation: object | null = null;
  #wasConnected = false;
  #lostSinceConnected = false;
  #reconnectListeners = new Set<() => void>();

  constructor(options: ApiClientOptions) {
    this.#options = options;
  }

  /** Runs a query or mutation. Throws ApiError; a mutation's expected failures come back as data. */
  async request<Result, Variables>(
    document: Document<Result, Variables>,
    ...args: RequestArgs<Variables>
  ): Promise<Result> {
    const variables = args[0] as Variables | undefined;
    const options = args[1] as RequestOptions | undefined;
    try {
      return await executeHttp(this.#options.fetch ?? ((input, init) => fetch(input, init)), document, {
        url: this.#options.url,
        token: this.#options.token(),
        variables: (variables ?? {}) as Variables,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (isApiError(error) && error.kind === 'unauthorized') this.#options.onUnauthorized();
      throw error;
    }
  }

  /** Opens the live connection (after sign-in); subscribing opens it too. */
  connect(): void {
    this.#socket();
  }

  /**
   * Subscribes until the returned function is called. When the connection drops, graphql-ws
   * resubscribes once it is back; a subscription the server ended with an error is retried
   * after a few seconds, except when the token was refused.
   */
  subscribe<Result, Variables>(
    document: Document<Result, Variables>,
    variables: Variables,
    handlers: SubscriptionHandlers<Result>,
  ): () => void {
    let stopped = false;
    let dispose: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const payload = {
      query: queryText(document),
      variables: (variables ?? {}) as Record<string, unknown>,
      ...(operationName(document) ? { operationName: operationName(document) } : {}),
    };
    const start = (): void => {
      dispose = this.#socket().subscribe<Result>(payload, {
        next: (result) => {
          if (result.errors && result.errors.length > 0) {
            this.#failed(fromGraphQLErrors(result.errors as GraphQLErrorLike[]), handlers);
            return;
          }
          if (result.data) handlers.next(result.data);
        },
        error: (error) => {
          const apiError = Array.isArray(error)
            ? fromGraphQLErrors(error as GraphQLErrorLike[])
            : new ApiError('network', 'The live connection to the API server failed; retrying.');
          this.#failed(apiError, handlers);
          if (!stopped && apiError.kind !== 'unauthorized' && apiError.kind !== 'forbidden') {
            retry = setTimeout(start, 3_000);
          }
        },
        complete: () => undefined,
      });
    };
    start();
    return () => {
      stopped = true;
      clearTimeout(retry);
      dispose?.();
    };
  }

  /** Calls `listener` each time the live connection comes back after a drop. */
  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  /** Closes the live connection (sign-out). Requests still work; a later subscribe reopens it. */
  close(): void {
    const live = this.#live;
    this.#live = null;
    this.#generation = null;
    this.#wasConnected = false;
    this.#lostSinceConnected = false;
    this.connection = 'closed';
    this.lostAt = null;
    void live?.dispose();
  }

  #failed<Result>(error: ApiError, handlers: SubscriptionHandlers<Result>): void {
    if (error.kind === 'unauthorized') this.#options.onUnauthorized();
    handlers.error?.(error);
  }

  #socket(): Client {
    if (this.#live) return this.#live;
    this.connection = 'connecting';
    const generation = {};
    this.#generation = generation;
    const current = (): boolean => this.#generation === generation;
    const live: Client = createLiveClient({
      url: this.#options.url,
      token: this.#options.token,
      ...(this.#options.webSocketImpl ? { webSocketImpl: this.#options.webSocketImpl } : {}),
      events: {
        connecting: () => {
          if (!current()) return;
          this.connection = this.#wasConnected ? 'reconnecting' : 'connecting';
        },
        connected: () => {
          if (!current()) return;
          this.connection = 'live';
          this.lostAt = null;
          const missed = this.#lostSinceConnected;
          this.#wasConnected = true;
          this.#lostSinceConnected = false;
          if (missed) for (const listener of [...this.#reconnectListeners]) listener();
        },
        closed: () => {
          if (!current()) return;
          if (this.#wasConnected) {
            this.#lostSinceConnected = true;
            this.lostAt ??= new Date();
          }
          this.connection = this.#wasConnected ? 'reconnecting' : 'connecting';
        },
        unauthorized: () => {
          if (!current()) return;
          this.connection = 'closed';
          this.#options.onUnauthorized();
        },
      },
    });
    this.#live = live;
    // The browser knows at once when the network goes: cut the socket then rather than waiting
    // for a ping to go unanswered, so "Reconnecting…" shows immediately.
    if (typeof window !== 'undefined') {
      const offline = (): void => {
        if (current()) live.terminate();
        else window.removeEventListener('offline', offline);
      };
      window.addEventListener('offline', offline);
    }
    return live;
  }
}
