/** What bench/radius.ts and its load generator (bench/radius/load.ts) say to each other over IPC. */
import type { RequestKind } from './packets.ts';
import type { Endpoint } from './target.ts';

/** Latency and outcome figures of one kind of request. */
export interface Figures {
  /** Expected replies that verified. */
  readonly ok: number;
  /** Other replies: a reject, a bad authenticator, an unexpected code. */
  readonly wrong: number;
  /** No reply within the timeout (3 s, the usual NAS retransmission interval). */
  readonly timeouts: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Closed loop: `concurrency` requests outstanding, a new one sent as each is answered (or times
 * out), over subscribers 1…`subscribers` in turn. Nothing is counted during `warmupMs`; then
 * for `durationMs`, or until `maxRequests` more have been sent and answered.
 */
export interface MeasureJob {
  readonly type: 'measure';
  readonly id: number;
  readonly endpoint: Endpoint;
  readonly kind: RequestKind;
  readonly concurrency: number;
  readonly subscribers: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly maxRequests?: number;
  readonly timeoutMs: number;
}

export interface MeasureResult extends Figures {
  readonly type: 'measured';
  readonly id: number;
  /** Expected replies per second in the measured window. */
  readonly perSecond: number;
  readonly seconds: number;
  /** Replies that came after their request had timed out. */
  readonly stray: number;
  readonly firstWrong?: string;
  /** CPU the load generator used, in cores (of the 2), so a saturated generator shows. */
  readonly generatorCores: number;
}

/**
 * The reconnect storm, open loop: first `sessions` sessions (subscribers `sessionsFrom`…) are
 * started (Accounting-Start, closed loop, not part of the storm); then within `seconds`,
 * evenly paced, subscribers `loginsFrom`… (`logins` of them) log in (Access-Request, PAP/CHAP/MS-CHAPv2 in turn, then
 * Accounting-Start once accepted) while each of those sessions sends one Interim-Update.
 */
export interface StormJob {
  readonly type: 'storm';
  readonly id: number;
  readonly endpoint: Endpoint;
  readonly loginsFrom: number;
  readonly logins: number;
  readonly sessions: number;
  readonly sessionsFrom: number;
  readonly seconds: number;
  readonly timeoutMs: number;
}

export interface StormResult {
  readonly type: 'stormed';
  readonly id: number;
  readonly setup: Figures & { readonly seconds: number };
  readonly access: Figures;
  readonly start: Figures;
  readonly interim: Figures;
  /** Logins whose Access-Request and Accounting-Start were both answered as expected. */
  readonly loggedIn: number;
  /** How far behind its schedule the generator fell at worst. */
  readonly maxLagMs: number;
  /** From the first login to the last reply. */
  readonly seconds: number;
  readonly stray: number;
  readonly firstWrong?: string;
}

export type ToLoad = MeasureJob | StormJob;
export type FromLoad = { readonly type: 'ready' } | MeasureResult | StormResult | { readonly type: 'failed'; readonly id: number; readonly error: string };
