import { isTopic, parseEvent, type EventPayload, type Topic } from '../catalogue.ts';
import type { PubSub } from '../pubsub.ts';
import { ZodError } from 'zod';

/** The one channel every transport uses; each message on it is JSON `{ t: topic, p: payload }`. */
export const CHANNEL = 'backhaul_events';

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. Redis enforces the same limit so a
 * producer that works against one transport cannot break on the other.
 */
export const MAX_MESSAGE_BYTES = 7999;

/** Events held for one subscriber that is not reading fast enough, before the oldest are dropped. */
export const DEFAULT_BUFFER_SIZE = 10_000;

/** The logging the transports need; `console` fits, and so do pino-style loggers wrapped in two lines. */
export interface PubSubLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Counters of one process's pub/sub, since it was created. */
export interface PubSubStats {
  /** Subscriptions currently open in this process. */
  subscribers: number;
  /** Messages received from the transport (valid or not). */
  received: number;
  /** Received messages dropped as malformed, of an unknown topic, or failing validation. */
  invalid: number;
  /** Events discarded, oldest first, from the full buffers of slow subscribers. */
  dropped: number;
  /** Times the receiving connection was re-established after it was lost. */
  reconnects: number;
}

/** A transport as the server package implements it: the shared interface plus its counters. */
export interface ServerPubSub extends PubSub {
  stats(): PubSubStats;
}

/** publish() refuses an event whose encoded message exceeds {@link MAX_MESSAGE_BYTES}. */
export class PayloadTooLargeError extends Error {
  constructor(
    readonly topic: string,
    readonly bytes: number,
  ) {
    super(
      `Event ${topic} is ${bytes} bytes once encoded; the pub/sub carries at most ${MAX_MESSAGE_BYTES}. ` +
        'Publish ids and counters, not records.',
    );
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * Validates an event against the catalogue (throwing the ZodError) and encodes it as a message.
 * The parsed payload is sent, so keys the schema does not know never leave the process.
 */
export function encodeEvent<T extends Topic>(topic: T, payload: EventPayload<T>): string {
  if (!isTopic(topic)) throw new Error(`Unknown pub/sub topic: ${String(topic)}`);
  const message = JSON.stringify({ t: topic, p: parseEvent(topic, payload) });
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) throw new PayloadTooLargeError(topic, bytes);
  return message;
}

export interface FanoutOptions {
  log: PubSubLogger;
  /** Per-subscriber buffer; defaults to {@link DEFAULT_BUFFER_SIZE}. */
  bufferSize?: number | undefined;
}

/** The in-process half of a transport: received messages in, per-topic async iterators out. */
export interface Fanout {
  /** Hands one raw message from the transport to the subscribers of its topic. Never throws. */
  receive(message: string): void;
  subscribe<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<EventPayload<T>>;
  stats(): Omit<PubSubStats, 'reconnects'>;
  /** Ends every iterator; later subscriptions end at once. */
  close(): void;
}

interface Subscriber {
  push(payload: unknown): void;
  end(): void;
}

export function createFanout(options: FanoutOptions): Fanout {
  const { log } = options;
  const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
  const byTopic = new Map<Topic, Set<Subscriber>>();
  const counters = { subscribers: 0, received: 0, invalid: 0, dropped: 0 };
  let closed = false;

  function drop(reason: string, details: Record<string, unknown>): void {
    counters.invalid++;
    log.warn(`pub/sub: dropped a received message: ${reason}`, details);
  }

  function receive(message: string): void {
    counters.received++;
    let envelope: unknown;
    try {
      envelope = JSON.parse(message);
    } catch {
      return drop('not JSON', { message: preview(message) });
    }
    if (typeof envelope !== 'object' || envelope === null || !('t' in envelope) || !('p' in envelope)) {
      return drop('not a { t, p } envelope', { message: preview(message) });
    }
    const topic = envelope.t;
    if (typeof topic !== 'string' || !isTopic(topic)) return drop('unknown topic', { topic: String(topic) });
    const subscribers = byTopic.get(topic);
    // Validation is skipped for topics nobody here listens to: every process sees every topic.
    if (!subscribers?.size) return;
    let payload: unknown;
    try {
      // Frozen because every subscriber gets the same object.
      payload = Object.freeze(parseEvent(topic, envelope.p));
    } catch (error) {
      return drop('invalid payload', {
        topic,
        issues: error instanceof ZodError ? error.issues : String(error),
      });
    }
    for (const subscriber of [...subscribers]) subscriber.push(payload);
  }

  function subscribe<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<EventPayload<T>> {
    const queue = new BoundedQueue<EventPayload<T>>(bufferSize);
    let waiters: ((result: IteratorResult<EventPayload<T>, undefined>) => void)[] = [];
    let ended = false;
    let overflowing = false;

    const subscriber: Subscriber = {
      push(payload) {
        const waiter = waiters.shift();
        if (waiter) return waiter({ value: payload as EventPayload<T>, done: false });
        if (!queue.push(payload as EventPayload<T>)) return;
        counters.dropped++;
        // One warning per episode: a stuck subscriber would otherwise log every event.
        if (!overflowing) {
          overflowing = true;
          log.warn('pub/sub: a subscriber is too slow; dropping its oldest events', { topic, bufferSize });
        }
      },
      end() {
        if (ended) return;
        ended = true;
        signal?.removeEventListener('abort', onAbort);
        const set = byTopic.get(topic);
        if (set?.delete(subscriber)) counters.subscribers--;
        if (set?.size === 0) byTopic.delete(topic);
        queue.clear();
        for (const waiter of waiters) waiter({ value: undefined, done: true });
        waiters = [];
      },
    };
    const onAbort = () => subscriber.end();

    const iterator: AsyncIterableIterator<EventPayload<T>> = {
      next() {
        if (queue.size > 0) {
          const value = queue.shift() as EventPayload<T>;
          if (queue.size === 0) overflowing = false;
          return Promise.resolve({ value, done: false });
        }
        if (ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiters.push(resolve));
      },
      return() {
        subscriber.end();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };

    if (closed || signal?.aborted) {
      ended = true;
      return iterator;
    }
    let set = byTopic.get(topic);
    if (!set) byTopic.set(topic, (set = new Set()));
    set.add(subscriber);
    counters.subscribers++;
    signal?.addEventListener('abort', onAbort, { once: true });
    return iterator;
  }

  return {
    receive,
    subscribe,
    stats: () => ({ ...counters }),
    close() {
      closed = true;
      for (const set of [...byTopic.values()]) for (const subscriber of [...set]) subscriber.end();
    },
  };
}

/** Resolves or rejects as `promise` does, or rejects with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function preview(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/**
 * A FIFO that holds at most `capacity` items and discards the oldest to make room. Grows only as
 * needed (most subscribers keep up and hold nothing), and compacts so memory stays bounded.
 */
class BoundedQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Appends `item`; returns true when the oldest item was discarded to make room. */
  push(item: T): boolean {
    let discarded = false;
    if (this.size >= this.capacity) {
      this.#items[this.#head++] = undefined;
      discarded = true;
    }
    this.#items.push(item);
    this.#compact();
    return discarded;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    this.#compact();
    return item;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  // Dropping the consumed prefix once it is at least half the array keeps shift() amortised O(1).
  #compact(): void {
    if (this.#head === this.#items.length) this.clear();
    else if (this.#head >= 32 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
