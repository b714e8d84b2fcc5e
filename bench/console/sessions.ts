/**
 * Sessions for the console benchmark, sent as a NAS sends them: Accounting-Start and -Stop
 * packets (our codec, bench/radius/packets.ts) to the stack's RADIUS process from 127.0.0.1,
 * the demo's NAS, so the RADIUS process stores them and publishes SessionsChanged exactly as in
 * production. Session `n` is subscriber(n)'s login (`bench-00001`…) with an Acct-Session-Id of
 * its own. Those logins are no demo service, so the sessions are stored without a customer.
 */
import { performance } from 'node:perf_hooks';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { RadiusClient, type Done } from '../radius/client.ts';
import { PacketFactory, SessionSpace, type RequestKind } from '../radius/packets.ts';
import { subscriber } from '../radius/subscribers.ts';
import { epochMs } from './page.ts';

export interface Replies {
  ok: number;
  wrong: number;
  timeouts: number;
  /** Not sent: every Identifier was in use (the server fell 1,024 requests behind). */
  unsent: number;
}

export interface ChurnResult extends Replies {
  sent: number;
  /** From the first send to the last, s. */
  seconds: number;
  /** How far the sender fell behind its schedule at worst (ms). */
  maxLagMs: number;
}

const TIMEOUT_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SessionLoad {
  readonly #client: RadiusClient;
  readonly #factory: PacketFactory;
  readonly #replies: Replies = { ok: 0, wrong: 0, timeouts: 0, unsent: 0 };
  /** When each session's Start was sent (epoch ms), by session number; 0 when it was not. */
  #startedAt: Float64Array = new Float64Array(0);

  private constructor(client: RadiusClient, factory: PacketFactory) {
    this.#client = client;
    this.#factory = factory;
  }

  static async open(endpoint: { host: string; port: number; secret: string }): Promise<SessionLoad> {
    const client = await RadiusClient.open({ ...endpoint, sockets: 4, timeoutMs: TIMEOUT_MS });
    return new SessionLoad(client, new PacketFactory(loadDictionary(), endpoint.secret));
  }

  /** Replies so far, over every send. */
  replies(): Replies {
    return { ...this.#replies };
  }

  /** When session `n`'s Start was sent (epoch ms, on performance.timeOrigin's clock). */
  startedAt(n: number): number | undefined {
    return this.#startedAt[n] || undefined;
  }

  /** Starts sessions 1…`count`, `concurrency` outstanding at a time (closed loop). */
  async startSessions(count: number, concurrency = 64): Promise<Replies> {
    const before = this.replies();
    let next = 1;
    await new Promise<void>((resolve) => {
      const fire = () => {
        if (next > count) {
          if (this.#client.outstanding === 0) resolve();
          return;
        }
        this.#send('start', next++, fire);
      };
      for (let i = 0; i < Math.min(concurrency, count); i++) fire();
    });
    const after = this.replies();
    return { ok: after.ok - before.ok, wrong: after.wrong - before.wrong, timeouts: after.timeouts - before.timeouts, unsent: after.unsent - before.unsent };
  }

  /**
   * Open loop, `rate` packets a second for `seconds`, evenly paced: the Start of session
   * `online + k + 1`, then the Stop of session `k + 1`, for k = 0, 1, … — so with sessions
   * 1…`online` started beforehand, `online` sessions stay online while half the packets start
   * sessions and half stop them.
   */
  async churn(options: { rate: number; seconds: number; online: number }): Promise<ChurnResult> {
    const { rate, online } = options;
    const total = Math.round(rate * options.seconds);
    this.#startedAt = grow(this.#startedAt, online + Math.ceil(total / 2) + 1);
    const before = this.replies();
    const interval = 1000 / rate;
    const begin = performance.now() + 20;
    let maxLagMs = 0;
    let sent = 0;
    while (sent < total) {
      const due = begin + sent * interval;
      const now = performance.now();
      if (now < due) {
        // Timers fire at best every millisecond: sleep until the next packet is due, then send
        // everything due by then.
        await sleep(Math.max(0, due - now - 0.2));
        continue;
      }
      maxLagMs = Math.max(maxLagMs, now - due);
      const k = sent >> 1;
      if (sent % 2 === 0) this.#send('start', online + k + 1);
      else this.#send('stop', k + 1);
      sent++;
    }
    const seconds = (performance.now() - begin) / 1000;
    while (this.#client.outstanding > 0) await sleep(20);
    const after = this.replies();
    return {
      sent,
      seconds,
      maxLagMs,
      ok: after.ok - before.ok,
      wrong: after.wrong - before.wrong,
      timeouts: after.timeouts - before.timeouts,
      unsent: after.unsent - before.unsent,
    };
  }

  close(): void {
    this.#client.close();
  }

  #send(kind: RequestKind, n: number, then?: () => void): void {
    const template = this.#factory.template(kind, subscriber(n), SessionSpace.console);
    const done: Done = (outcome) => {
      if (outcome === 'ok') this.#replies.ok++;
      else if (outcome === 'wrong') this.#replies.wrong++;
      else this.#replies.timeouts++;
      then?.();
    };
    if (kind === 'start' && n < this.#startedAt.length) this.#startedAt[n] = epochMs();
    if (!this.#client.send((identifier) => this.#factory.stamp(template, identifier), done)) {
      this.#replies.unsent++;
      then?.();
    }
  }
}

function grow(array: Float64Array, length: number): Float64Array {
  if (array.length >= length) return array;
  const grown = new Float64Array(length);
  grown.set(array);
  return grown;
}
