/**
 * A RADIUS client for load: several UDP sockets towards one server port, 256 Identifiers each,
 * handed out first-in first-out (so an Identifier is reused as late as possible), replies
 * checked with our codec's `decodeResponse` (code, Identifier, Response Authenticator,
 * Message-Authenticator), and a timeout per request. No retransmissions: the benchmark counts
 * what a NAS would have had to retransmit.
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { decodeResponse, PacketCode } from '../../radius/src/protocol/packet.ts';
import type { Stamped } from './packets.ts';

/** `ok`: the expected reply (Access-Accept, Accounting-Response) that verified; `wrong`: any other reply. */
export type Outcome = 'ok' | 'wrong' | 'timeout';

export type Done = (outcome: Outcome, latencyMs: number) => void;

interface Pending {
  readonly request: Stamped;
  readonly sentAt: number;
  readonly done: Done;
}

export interface ClientStats {
  /** Replies for an Identifier with nothing outstanding: answers after their request timed out. */
  readonly stray: number;
  /** Send errors reported by the socket (ENOBUFS and the like); each counts as a timeout too. */
  readonly sendErrors: number;
  /** Why the first wrong answer was wrong, for the report. */
  readonly firstWrong: string | undefined;
}

export class RadiusClient {
  readonly #sockets: Socket[];
  /** pending[socket * 256 + identifier] */
  readonly #pending: Array<Pending | undefined>;
  /** Free (socket * 256 + identifier) slots, a ring in FIFO order. */
  readonly #free: Int32Array;
  #freeHead = 0;
  #freeCount: number;
  readonly #port: number;
  readonly #host: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #sweeper: NodeJS.Timeout;
  #stray = 0;
  #sendErrors = 0;
  #firstWrong: string | undefined;

  private constructor(sockets: Socket[], host: string, port: number, secret: string, timeoutMs: number) {
    this.#sockets = sockets;
    this.#host = host;
    this.#port = port;
    this.#secret = secret;
    this.#timeoutMs = timeoutMs;
    const slots = sockets.length * 256;
    this.#pending = new Array<Pending | undefined>(slots).fill(undefined);
    this.#free = new Int32Array(slots);
    // Interleaved across sockets, so consecutive requests leave from different ports.
    for (let i = 0; i < slots; i++) this.#free[i] = (i % sockets.length) * 256 + Math.floor(i / sockets.length);
    this.#freeCount = slots;
    sockets.forEach((socket, index) => socket.on('message', (message) => this.#receive(index, message)));
    // One sweep every 50 ms instead of a timer per request: timeouts land within 50 ms of due.
    this.#sweeper = setInterval(() => this.#sweep(), 50);
  }

  /** Opens `sockets` UDP sockets on 127.0.0.1 (or the host's family) towards `host:port`. */
  static async open(options: { host: string; port: number; secret: string; sockets: number; timeoutMs: number }): Promise<RadiusClient> {
    const family = options.host.includes(':') ? 'udp6' : 'udp4';
    const sockets = await Promise.all(
      Array.from({ length: options.sockets }, async () => {
        // Large buffers: a burst of 256 replies must not overflow the default ~200 KB.
        const socket = createSocket({ type: family, recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 });
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(0, () => {
            socket.off('error', reject);
            resolve();
          });
        });
        return socket;
      }),
    );
    return new RadiusClient(sockets, options.host, options.port, options.secret, options.timeoutMs);
  }

  /** Requests that can still be sent now (free Identifiers). */
  get capacity(): number {
    return this.#freeCount;
  }

  get outstanding(): number {
    return this.#pending.length - this.#freeCount;
  }

  stats(): ClientStats {
    return { stray: this.#stray, sendErrors: this.#sendErrors, firstWrong: this.#firstWrong };
  }

  /**
   * Sends the request `stamp` builds for the Identifier it is given; `done` gets the outcome.
   * False (nothing sent) when every Identifier is in use.
   */
  send(stamp: (identifier: number) => Stamped, done: Done): boolean {
    if (this.#freeCount === 0) return false;
    const slot = this.#free[this.#freeHead]!;
    this.#freeHead = (this.#freeHead + 1) % this.#free.length;
    this.#freeCount--;
    const request = stamp(slot & 0xff);
    const entry: Pending = { request, sentAt: performance.now(), done };
    this.#pending[slot] = entry;
    this.#sockets[slot >> 8]!.send(request.raw, this.#port, this.#host, (error) => {
      if (error) this.#sendErrors++;
    });
    return true;
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const socket of this.#sockets) socket.close();
  }

  #release(slot: number): void {
    this.#pending[slot] = undefined;
    this.#free[(this.#freeHead + this.#freeCount) % this.#free.length] = slot;
    this.#freeCount++;
  }

  #receive(socketIndex: number, message: Buffer): void {
    if (message.length < 20) return;
    const slot = socketIndex * 256 + message[1]!;
    const entry = this.#pending[slot];
    if (entry === undefined) {
      this.#stray++;
      return;
    }
    const latency = performance.now() - entry.sentAt;
    const result = decodeResponse(message, entry.request, this.#secret);
    const expected = entry.request.code === PacketCode.AccessRequest ? PacketCode.AccessAccept : PacketCode.AccountingResponse;
    const ok = result.ok && result.packet.code === expected;
    if (!ok) this.#firstWrong ??= result.ok ? `reply code ${result.packet.code}` : result.reason;
    this.#release(slot);
    entry.done(ok ? 'ok' : 'wrong', latency);
  }

  #sweep(): void {
    const now = performance.now();
    for (let slot = 0; slot < this.#pending.length; slot++) {
      const entry = this.#pending[slot];
      if (entry !== undefined && now - entry.sentAt >= this.#timeoutMs) {
        this.#release(slot);
        entry.done('timeout', now - entry.sentAt);
      }
    }
  }
}
