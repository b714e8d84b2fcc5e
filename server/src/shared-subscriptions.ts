import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '@backhaul/schema/builder.ts';

type Result = ExecutionResult | AsyncGenerator<ExecutionResult> | AsyncIterable<ExecutionResult>;

/** Results held for a subscriber whose socket is not keeping up, before the oldest are dropped. */
const MAX_QUEUED = 1000;

interface Shared {
  subscribers: Set<Listener>;
  source: AsyncIterator<ExecutionResult>;
}

interface Listener {
  push(result: ExecutionResult): void;
  end(): void;
}

/**
 * Runs each distinct subscription once and sends its results to every subscriber that asked the
 * same thing and may see the same things: the same document, variables and visibility (kind
 * of principal, partner, permissions, customer). Without this, an event to 200 NOC screens is
 * executed 200 times. Authorization is decided by the visibility alone, so subscribers that
 * share it share the outcome of the first one's checks too.
 */
export function createSharedSubscribe() {
  const running = new Map<string, Shared>();

  return async function sharedSubscribe(args: ExecutionArgs): Promise<Result> {
    const key = `${visibility(args.contextValue as Context)}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${print(args.document)}`;
    let shared = running.get(key);
    if (!shared) {
      const result = await subscribe(args);
      if (!(Symbol.asyncIterator in result)) return result; // an error: this subscriber's alone
      const source = result[Symbol.asyncIterator]();
      const started: Shared = { subscribers: new Set(), source };
      running.set(key, started);
      shared = started;
      void (async () => {
        try {
          for (let next = await source.next(); !next.done; next = await source.next()) {
            for (const listener of started.subscribers) listener.push(next.value);
          }
        } finally {
          if (running.get(key) === started) running.delete(key);
          for (const listener of started.subscribers) listener.end();
        }
      })();
    }
    return listen(shared, () => {
      if (shared.subscribers.size === 0 && running.get(key) === shared) {
        running.delete(key);
        void shared.source.return?.();
      }
    });
  };
}

function visibility(ctx: Context): string {
  const p = ctx.principal;
  if (!p) return 'anonymous';
  if (p.kind === 'customer') return `customer:${p.customerId}`;
  return `${p.kind}:${p.partnerId ?? '*'}:${[...p.permissions].sort().join(',')}`;
}

/** One subscriber's stream of the shared results (buffered, so a slow socket does not hold others up). */
async function* listen(shared: Shared, leave: () => void): AsyncGenerator<ExecutionResult> {
  const queue: ExecutionResult[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const listener: Listener = {
    push(result) {
      if (queue.length >= MAX_QUEUED) queue.shift();
      queue.push(result);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
  shared.subscribers.add(listener);
  try {
    for (;;) {
      while (queue.length) yield queue.shift()!;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    shared.subscribers.delete(listener);
    leave();
  }
}
