import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from './errors';

/** The graphql-ws client the ApiClient would open, replaced by one whose subscriptions the test ends. */
const sinks: Array<{ next(value: unknown): void; error(error: unknown): void }> = [];
vi.mock('../live/client', () => ({
  createLiveClient: () => ({
    subscribe: (_payload: unknown, sink: (typeof sinks)[number]) => {
      sinks.push(sink);
      return () => undefined;
    },
    dispose: async () => undefined,
  }),
}));

const { ApiClient } = await import('./client.svelte');
const { SessionChangesSubscription } = await import('../graphql/sessions');

describe('a subscription that errors', () => {
  beforeEach(() => {
    sinks.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function subscribe(onUnauthorized = () => undefined) {
    const client = new ApiClient({ url: 'http://127.0.0.1:4000/graphql', token: () => 't', onUnauthorized });
    const errors: ApiError[] = [];
    const received: unknown[] = [];
    client.subscribe(SessionChangesSubscription, {}, { next: (d) => received.push(d), error: (e) => errors.push(e) });
    return { errors, received };
  }

  it('says what happened and subscribes again by itself', async () => {
    const { errors, received } = subscribe();
    sinks[0]!.error([{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(errors[0]?.message).toMatch(/server failed/);
    expect(sinks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sinks).toHaveLength(2);
    sinks[1]!.next({ data: { sessionChanges: [] } });
    expect(received).toEqual([{ sessionChanges: [] }]);
  });

  it('sends a refused token to sign-in instead of retrying', async () => {
    const unauthorized = vi.fn();
    const { errors } = subscribe(unauthorized);
    sinks[0]!.error([{ message: 'not signed in', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(errors[0]?.kind).toBe('unauthorized');
    expect(unauthorized).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sinks).toHaveLength(1);
  });
});
