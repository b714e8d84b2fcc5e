/**
 * The UDP front door: one socket for authentication, one for accounting. Every datagram is
 * checked before anything else runs — a known NAS address, the NAS's secret, the authenticators,
 * the right packet code for the port — and dropped with a log line otherwise: never answered,
 * never a crash. Retransmits (same source, identifier and authenticator within 10 s) get the
 * answer already given, or nothing while it is being worked out (RFC 5080 §2.2.2).
 */
import type { Log } from '@backhaul/schema/shared/log.ts';
import { decode, encodeResponse, PacketCode, type RadiusPacket } from './protocol/packet.ts';
import type { Nas, NasTable } from './nas-table.ts';
import { bindUdp, type Endpoint, type Peer, type UdpMode } from './udp.ts';

/** What a handler answers: a reply code and attributes, or `undefined` to stay silent. */
export type Answer = { readonly code: PacketCode; readonly attributes: Parameters<typeof encodeResponse>[2] } | undefined;

export interface ListenerHandlers {
  access(packet: RadiusPacket, nas: Nas): Promise<Answer>;
  accounting(packet: RadiusPacket, nas: Nas): Promise<Answer>;
}

export interface ListenerOptions {
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly receiveBufferBytes?: number;
  /** 'dgram' keeps to node:dgram even where the batched addon is built. */
  readonly udp?: UdpMode;
  /** How many worker processes serve these ports, each with sockets of its own (main.ts). */
  readonly group?: number | undefined;
}

const DUPLICATE_WINDOW_MS = 10_000;
const DROP_SUMMARY_EVERY_MS = 10_000;
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/** Retransmit detection: two generations of keys, so entries expire after one to two windows without a timer per packet. */
class RecentRequests {
  private current = new Map<string, Buffer | null>();
  private previous = new Map<string, Buffer | null>();
  private rotated = Date.now();

  get(key: string): Buffer | null | undefined {
    this.rotate();
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: string, answer: Buffer | null): void {
    this.rotate();
    this.current.set(key, answer);
  }

  delete(key: string): void {
    this.current.delete(key);
    this.previous.delete(key);
  }

  private rotate(): void {
    const now = Date.now();
    if (now - this.rotated < DUPLICATE_WINDOW_MS) return;
    this.previous = this.current;
    this.current = new Map();
    this.rotated = now;
  }
}

/** Drop reasons are logged once per NAS and reason, then summed every 10 s: a flood must not flood the log. */
class DropLog {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout;

  constructor(private readonly log: Log) {
    this.timer = setInterval(() => this.summary(), DROP_SUMMARY_EVERY_MS).unref();
  }

  drop(source: string, reason: string): void {
    const key = `${source}\0${reason}`;
    const seen = this.counts.get(key);
    if (seen === undefined) this.log.warn(`dropped a packet from ${source}: ${reason}`);
    this.counts.set(key, (seen ?? 0) + 1);
  }

  summary(): void {
    for (const [key, count] of this.counts) {
      const [source, reason] = key.split('\0');
      if (count > 1) this.log.warn(`dropped ${count - 1} more packets from ${source}: ${reason}`);
    }
    this.counts.clear();
  }

  close(): void {
    clearInterval(this.timer);
    this.summary();
  }
}

export interface Listener {
  readonly authPort: number;
  readonly acctPort: number;
  /** How datagrams are read and sent: 'batched' (the addon) or 'dgram'. */
  readonly udp: Endpoint['kind'];
  close(): Promise<void>;
}

export async function listen(options: ListenerOptions, nasTable: NasTable, handlers: ListenerHandlers, log: Log): Promise<Listener> {
  const recent = new RecentRequests();
  const drops = new DropLog(log);

  async function bind(port: number, accepts: ReadonlySet<number>, handle: ListenerHandlers[keyof ListenerHandlers], statusCode: PacketCode): Promise<Endpoint> {
    return bindUdp(
      { host: options.host, port, group: options.group, udp: options.udp, receiveBufferBytes: options.receiveBufferBytes ?? RECEIVE_BUFFER_BYTES, onError: (error) => log.error('RADIUS socket error', { port, error: error.message }) },
      (datagram, from) => void receive(datagram, from, accepts, handle, statusCode),
    );
  }

  async function receive(datagram: Buffer, from: Peer, accepts: ReadonlySet<number>, handle: ListenerHandlers[keyof ListenerHandlers], statusCode: PacketCode): Promise<void> {
    const source = `${from.address}:${from.port}`;
    const nas = nasTable.lookup(from.address);
    if (!nas) return drops.drop(from.address, 'not a registered NAS');
    if (datagram.length < 20) return drops.drop(`${nas.title} (${from.address})`, 'shorter than a RADIUS header');
    const key = `${source}/${datagram[1]}/${datagram.toString('latin1', 4, 20)}`;
    const seen = recent.get(key);
    if (seen !== undefined) {
      if (seen !== null) from.reply(seen);
      return;
    }
    const decoded = decode(datagram, nas.secret, { requireMessageAuthenticator: nas.requireMessageAuthenticator, limitProxyState: true });
    if (!decoded.ok) return drops.drop(`${nas.title} (${from.address})`, describe(decoded.reason));
    const packet = decoded.packet;
    if (!accepts.has(packet.code)) return drops.drop(`${nas.title} (${from.address})`, `packet code ${packet.code} is not served on this port`);

    recent.set(key, null);
    let answer: Answer;
    try {
      answer = packet.code === PacketCode.StatusServer ? statusAnswer(statusCode) : await handle(packet, nas);
    } catch (error) {
      recent.delete(key);
      log.error('RADIUS request failed; not answered', { nas: nas.title, code: packet.code, error: (error as Error).stack });
      return;
    }
    if (!answer) {
      recent.delete(key);
      return;
    }
    let raw: Buffer;
    try {
      raw = encodeResponse(packet, answer.code, answer.attributes, nas.secret);
    } catch (error) {
      recent.delete(key);
      log.error('could not encode a RADIUS reply (check the NAS template); not answered', { nas: nas.title, error: (error as Error).message });
      return;
    }
    recent.set(key, raw);
    from.reply(raw);
  }

  const auth = await bind(options.authPort, new Set([PacketCode.AccessRequest, PacketCode.StatusServer]), handlers.access, PacketCode.AccessAccept);
  const acct = await bind(options.acctPort, new Set([PacketCode.AccountingRequest, PacketCode.StatusServer]), handlers.accounting, PacketCode.AccountingResponse);
  log.info(`RADIUS listening on ${options.host} auth ${auth.port}, accounting ${acct.port} (${auth.kind === 'batched' ? 'batched UDP' : 'node:dgram'}, receive buffer ${Math.round(auth.receiveBufferBytes / 1024)} KiB)`);
  return {
    authPort: auth.port,
    acctPort: acct.port,
    udp: auth.kind,
    async close() {
      drops.close();
      await Promise.all([auth.close(), acct.close()]);
    },
  };
}

function statusAnswer(code: PacketCode): Answer {
  return { code, attributes: [] };
}

function describe(reason: string): string {
  switch (reason) {
    case 'bad-authenticator':
    case 'bad-message-authenticator':
      return `${reason} (wrong shared secret?)`;
    case 'unexpected-code':
      return 'not a request this server takes';
    case 'missing-message-authenticator':
      return 'no Message-Authenticator, which this NAS must send (BlastRADIUS defence)';
    default:
      return reason;
  }
}
