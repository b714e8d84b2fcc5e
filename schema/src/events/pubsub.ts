import type { EventPayload, Topic } from './catalogue.ts';

export interface PubSubHealth {
  transport: 'postgres' | 'redis' | 'memory';
  ok: boolean;
  error?: string;
}

/**
 * The shared pub/sub. Implementations (PostgreSQL LISTEN/NOTIFY, Redis) live in the server
 * package; every process that publishes or subscribes gets one from its main.ts.
 */
export interface PubSub {
  /** Validates the payload against the catalogue and publishes it to every subscriber in every process. */
  publish<T extends Topic>(topic: T, payload: EventPayload<T>): Promise<void>;
  /**
   * Events published on `topic` from now on, validated on receipt (invalid ones are dropped
   * and logged). Ends when `signal` aborts or the iterator's return() is called.
   */
  subscribe<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<EventPayload<T>>;
  health(): Promise<PubSubHealth>;
  close(): Promise<void>;
}
