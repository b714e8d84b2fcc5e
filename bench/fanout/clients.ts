/**
 * The fanout benchmark's subscribers: a process of their own (so their work does not slow the
 * server's event loop), each a graphql-ws client on its own WebSocket, signed in with the token
 * in connectionParams and subscribed to customerChanges (batched). Records when each event arrived, and
 * at the end turns that into delays with the publisher's times. Driven over IPC (messages.ts).
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { monotonicMs } from './clock.ts';
import { SUBSCRIPTION, type FromClients, type ToClients } from './messages.ts';

if (!process.send) {
  console.error('bench/fanout/clients.ts is started by bench/fanout.ts over IPC');
  process.exit(2);
}
const send = (message: FromClients) => process.send!(message);
process.once('disconnect', () => process.exit(0));

const clients: Client[] = [];
/** receipts[client][seq]: when the client got event `seq` (monotonic ms), 0 when not (yet). */
const receipts: Float64Array[] = [];
let delivered = 0;
let duplicates = 0;
let unknown = 0;
let errors = 0;
let firstError: string | undefined;
let lastReceiptMs = 0;
let eluStart: ReturnType<typeof performance.eventLoopUtilization> | undefined;
let progressTimer: NodeJS.Timeout | undefined;

process.on('message', (message: ToClients) => {
  if (message.type === 'connect') void connect(message);
  else if (message.type === 'finish') finish(message.times, message.deadline);
});

async function connect({ url, token, clients: count, maxEvents }: Extract<ToClients, { type: 'connect' }>) {
  let connected = 0;
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const seen = new Float64Array(maxEvents + 1);
      receipts.push(seen);
      return new Promise<void>((resolve, reject) => {
        const client = createClient({
          url,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          lazy: false,
          retryAttempts: 0,
          // Counted below (the subscription's error), not dumped to the console.
          onNonLazyError: () => undefined,
          on: {
            connected: () => {
              connected++;
              resolve();
            },
            error: (error) => reject(new Error(`client ${i} could not connect: ${String((error as Error)?.message ?? error)}`)),
          },
        });
        clients.push(client);
        client.subscribe<{ customerChanges: Array<{ customerNumber: number }> }>(
          { query: SUBSCRIPTION },
          {
            next: (result) => {
              const now = monotonicMs();
              for (const event of result.data?.customerChanges ?? []) {
                const seq = event.customerNumber;
                if (seq < 1 || seq > maxEvents) {
                  unknown++;
                  continue;
                }
                if (seen[seq] !== 0) {
                  duplicates++;
                  continue;
                }
                seen[seq] = now;
                delivered++;
                lastReceiptMs = now;
              }
            },
            error: (error) => {
              errors++;
              firstError ??= `client ${i}: ${describe(error)}`;
            },
            complete: () => undefined,
          },
        );
      });
    }),
  );
  eluStart = performance.eventLoopUtilization();
  progressTimer = setInterval(() => send({ type: 'progress', delivered, lastReceiptMs }), 250);
  send({ type: 'connected', clients: connected });
}

function finish(times: number[], deadline: number) {
  clearInterval(progressTimer);
  const elu = performance.eventLoopUtilization(eluStart).utilization;
  const delays = new Float64Array(delivered);
  let n = 0;
  let minPerClient = Number.POSITIVE_INFINITY;
  let firstReceiptMs = Number.POSITIVE_INFINITY;
  let onTime = 0;
  let late = 0;
  let lastOnTimeMs = 0;
  for (const seen of receipts) {
    let mine = 0;
    for (let seq = 1; seq < seen.length; seq++) {
      const at = seen[seq]!;
      if (at === 0) continue;
      if (at > deadline) late++;
      else {
        onTime++;
        mine++;
        lastOnTimeMs = Math.max(lastOnTimeMs, at);
      }
      firstReceiptMs = Math.min(firstReceiptMs, at);
      const published = times[seq];
      if (!published) unknown++;
      else delays[n++] = at - published;
    }
    minPerClient = Math.min(minPerClient, mine);
  }
  const sorted = delays.subarray(0, n).sort();
  const at = (q: number) => (n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]! : Number.NaN);
  send({
    type: 'result',
    delivered: onTime,
    late,
    duplicates,
    unknown,
    errors,
    ...(firstError ? { firstError } : {}),
    p50: at(0.5),
    p99: at(0.99),
    max: n ? sorted[n - 1]! : Number.NaN,
    minPerClient: receipts.length ? minPerClient : 0,
    firstReceiptMs,
    lastReceiptMs: lastOnTimeMs,
    elu,
  });
  // Then stay until the parent lets go: exiting now could overtake the result.
  void Promise.all(clients.map((c) => c.dispose()));
}

/** A readable line for what graphql-ws hands an error sink: an Error, GraphQL errors, or a CloseEvent. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error) {
    const e = error as { code: unknown; reason?: unknown };
    return `connection closed with code ${String(e.code)}${e.reason ? ` (${String(e.reason)})` : ''}`;
  }
  return JSON.stringify(error);
}
