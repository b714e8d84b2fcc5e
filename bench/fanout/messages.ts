/** The IPC messages between the fanout benchmark and its two child processes. */

/**
 * The events' payload carries its sequence number (1…n) as the customer id: `customerNumber` on
 * the client. Clients take them in batches (one message per 100 ms at most), as a live screen
 * following many changes a second does.
 */
export const SUBSCRIPTION = 'subscription Fanout { customerChanges(batchMs: 100) { customerNumber change } }';

export type ToPublisher = { type: 'go'; rate: number; seconds: number };
export type FromPublisher =
  | { type: 'ready' }
  | {
      type: 'done';
      /** Events published successfully. */
      published: number;
      failed: number;
      /** `times[seq]`: when publish() was called for event `seq`, on the monotonic clock (ms); index 0 unused. */
      times: number[];
      /** How far behind its schedule the publisher fell at worst (ms). */
      maxLagMs: number;
      firstError?: string;
    };

export type ToClients =
  | { type: 'connect'; url: string; token: string; clients: number; maxEvents: number }
  | { type: 'finish'; times: number[]; /** Receipts after this (monotonic ms) count as not delivered. */ deadline: number };
export type FromClients =
  | { type: 'connected'; clients: number }
  | { type: 'progress'; delivered: number; lastReceiptMs: number }
  | {
      type: 'result';
      /** Distinct (client, event) pairs received by the deadline. */
      delivered: number;
      /** Pairs received after the deadline. */
      late: number;
      duplicates: number;
      /** Events received whose publish time is unknown (should be 0). */
      unknown: number;
      /** Clients that lost their connection or had their subscription ended by an error. */
      errors: number;
      firstError?: string;
      /** Publish → receipt, over every delivery, late ones included (ms). */
      p50: number;
      p99: number;
      max: number;
      /** Fewest events any one client received. */
      minPerClient: number;
      firstReceiptMs: number;
      /** The last receipt by the deadline. */
      lastReceiptMs: number;
      /** Event-loop utilisation of the clients process while receiving (0–1). */
      elu: number;
    };
