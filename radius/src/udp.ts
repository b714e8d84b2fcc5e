/**
 * UDP endpoints for the listener. On Linux the native addon (radius/native/udp_batch.c, built
 * by `npm install`) receives and sends datagrams in batches, with recvmmsg and sendmmsg: one
 * system call and one call into JavaScript per burst instead of one per datagram. Where the
 * addon is not built, or with `udp: 'dgram'`, node:dgram does the same job more slowly.
 *
 * Several worker processes can serve one port (main.ts): with the addon, each binds a socket of
 * its own to it (SO_REUSEPORT, `group`), and the kernel spreads the datagrams over them at
 * random; with node:dgram, node:cluster shares one socket between them.
 */
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';

/** Who sent a datagram: the address and port an answer goes back to. */
export interface Peer {
  readonly address: string;
  readonly port: number;
  reply(datagram: Buffer): void;
}

export type Receive = (datagram: Buffer, from: Peer) => void;

export type UdpMode = 'auto' | 'dgram';

export interface Endpoint {
  readonly port: number;
  readonly receiveBufferBytes: number;
  /** 'batched' (recvmmsg/sendmmsg) or 'dgram'. */
  readonly kind: 'batched' | 'dgram';
  close(): Promise<void>;
}

export interface BindOptions {
  readonly host: string;
  readonly port: number;
  readonly receiveBufferBytes: number;
  readonly udp?: UdpMode;
  /** How many processes serve this port, each with a socket of its own (batched UDP only). */
  readonly group?: number | undefined;
  /** Socket errors after binding (node:dgram only; the addon skips a reply it cannot send). */
  readonly onError?: (error: Error) => void;
}

interface Addon {
  readonly BATCH: number;
  readonly SLOT: number;
  readonly META: number;
  bind(host: string, port: number, receiveBufferBytes: number, group?: number): { fd: number; port: number; receiveBufferBytes: number };
  release(fd: number): void;
  open(fd: number, onBatch: (count: number) => void): unknown;
  areas(handle: unknown): [ArrayBuffer, ArrayBuffer, ArrayBuffer, ArrayBuffer];
  flush(handle: unknown): number;
  close(handle: unknown): void;
  addressText(family: number, w0: number, w1: number, w2: number, w3: number): string;
}

let loaded: Addon | null | undefined;
/** The native addon, or null where it is not built (not Linux, no compiler at install time). */
export function nativeUdp(): Addon | null {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('../native/build/Release/udp_batch.node') as Addon;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/**
 * For a group of workers: checks that nothing listens on the port (throws EADDRINUSE if
 * something does, even a group of another process) and returns it, or a free port for 0.
 * Null when the workers will use node:dgram, which node:cluster shares instead.
 */
export function reservePort(host: string, port: number, udp: UdpMode = 'auto'): number | null {
  const addon = udp === 'auto' ? nativeUdp() : null;
  if (!addon) return null;
  const probe = addon.bind(host, port, 0);
  addon.release(probe.fd);
  return probe.port;
}

export async function bindUdp(options: BindOptions, receive: Receive): Promise<Endpoint> {
  const addon = options.udp === 'dgram' ? null : nativeUdp();
  return addon ? new BatchedEndpoint(addon, options, receive) : bindDgram(options, receive);
}

class BatchedPeer implements Peer {
  constructor(
    private readonly endpoint: BatchedEndpoint,
    readonly address: string,
    readonly port: number,
    readonly family: number,
    readonly w0: number,
    readonly w1: number,
    readonly w2: number,
    readonly w3: number,
  ) {}

  reply(datagram: Buffer): void {
    this.endpoint.queue(datagram, this);
  }
}

const MAX_ADDRESSES = 10_000;

class BatchedEndpoint implements Endpoint {
  readonly kind = 'batched';
  readonly port: number;
  readonly receiveBufferBytes: number;
  private readonly handle: unknown;
  private readonly input: Buffer;
  private readonly inputMeta: Uint32Array;
  private readonly output: Buffer;
  private readonly outputMeta: Uint32Array;
  private readonly addresses = new Map<number | string, string>();
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly addon: Addon,
    options: BindOptions,
    private readonly receive: Receive,
  ) {
    const bound = addon.bind(options.host, options.port, options.receiveBufferBytes, options.group ?? 0);
    this.port = bound.port;
    this.receiveBufferBytes = bound.receiveBufferBytes;
    this.handle = addon.open(bound.fd, (count) => this.batch(count));
    const [input, inputMeta, output, outputMeta] = addon.areas(this.handle);
    this.input = Buffer.from(input);
    this.inputMeta = new Uint32Array(inputMeta);
    this.output = Buffer.from(output);
    this.outputMeta = new Uint32Array(outputMeta);
  }

  private batch(count: number): void {
    const { SLOT, META } = this.addon;
    const meta = this.inputMeta;
    for (let i = 0; i < count; i++) {
      const m = i * META;
      const datagram = Buffer.allocUnsafe(meta[m]!);
      this.input.copy(datagram, 0, i * SLOT, i * SLOT + meta[m]!);
      const family = meta[m + 2]!;
      const [w0, w1, w2, w3] = [meta[m + 3]!, meta[m + 4]!, meta[m + 5]!, meta[m + 6]!];
      this.receive(datagram, new BatchedPeer(this, this.addressOf(family, w0, w1, w2, w3), meta[m + 1]!, family, w0, w1, w2, w3));
    }
  }

  /** The sender's address as text, formatted once per address. */
  private addressOf(family: number, w0: number, w1: number, w2: number, w3: number): string {
    const key = family === 4 ? w0 : `${w0},${w1},${w2},${w3}`;
    let address = this.addresses.get(key);
    if (address === undefined) {
      if (this.addresses.size >= MAX_ADDRESSES) this.addresses.clear();
      address = this.addon.addressText(family, w0, w1, w2, w3);
      this.addresses.set(key, address);
    }
    return address;
  }

  queue(datagram: Buffer, to: BatchedPeer): void {
    if (this.closed) return;
    const { SLOT, META, BATCH } = this.addon;
    if (datagram.length > SLOT) throw new RangeError(`a RADIUS datagram is at most ${SLOT} bytes`);
    if (this.outputMeta[0]! >= BATCH) this.addon.flush(this.handle);
    const slot = this.outputMeta[0]!;
    this.output.set(datagram, slot * SLOT);
    const m = (slot + 1) * META;
    this.outputMeta[m] = datagram.length;
    this.outputMeta[m + 1] = to.port;
    this.outputMeta[m + 2] = to.family;
    this.outputMeta[m + 3] = to.w0;
    this.outputMeta[m + 4] = to.w1;
    this.outputMeta[m + 5] = to.w2;
    this.outputMeta[m + 6] = to.w3;
    this.outputMeta[0] = slot + 1;
    // Replies made while a batch is handled go out when it ends (the addon sends them); later
    // ones, after a database round trip say, with the next turn of the event loop.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (!this.closed && this.outputMeta[0]! > 0) this.addon.flush(this.handle);
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.outputMeta[0]! > 0) this.addon.flush(this.handle);
    this.closed = true;
    this.addon.close(this.handle);
  }
}

async function bindDgram(options: BindOptions, receive: Receive): Promise<Endpoint> {
  const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('error', (error) => options.onError?.(error));
  socket.on('message', (datagram, from) =>
    receive(datagram, { address: from.address, port: from.port, reply: (answer) => socket.send(answer, from.port, from.address) }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  try {
    socket.setRecvBufferSize(options.receiveBufferBytes);
  } catch {
    // Kept at the system's default; receiveBufferBytes below says what it is.
  }
  return {
    kind: 'dgram',
    port: socket.address().port,
    receiveBufferBytes: socket.getRecvBufferSize(),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
