/**
 * The CoA / Disconnect client (RFC 5176): sends Disconnect-Request and CoA-Request to a NAS
 * and reports what came back as a `CoaOutcome`. Protocol and UDP only — no database, no
 * pub/sub: the process wiring looks up the NAS, calls `send`, and turns the outcome into an
 * event and an audit row.
 *
 * What it does, and why:
 * - Identifies the session with the attributes RFC 5176 §3 lists and we know (User-Name,
 *   Acct-Session-Id, NAS-IP-Address or NAS-IPv6-Address, Framed-IP-Address, Calling-Station-Id,
 *   NAS-Port-Id), always adds Event-Timestamp (§3, replay protection) and a Message-Authenticator.
 *   The Request Authenticator (§3.1) and the Message-Authenticator (computed with the
 *   authenticator field zeroed, as FreeRADIUS does) come from `encodeRequest`.
 * - One UDP socket per address family. Identifiers are allocated per NAS (address and port), so
 *   up to 256 requests to one NAS are in flight at once; more wait in a queue.
 * - On timeout the very same datagram (identifier and authenticator unchanged) is sent again,
 *   `attempts` times in all; a send that fails (EHOSTUNREACH, …) counts as an attempt.
 * - A datagram is taken as the answer only if it comes from the address and port the request
 *   went to, carries its identifier, is an ACK/NAK of the request's kind and verifies
 *   (`decodeResponse`: Response Authenticator, and Message-Authenticator if present). Anything
 *   else is dropped and logged at debug level: a forged or stray reply must not end a request.
 * - `send` never rejects for network trouble; it rejects only for a request that cannot be
 *   encoded (a bad address or attribute value), which is a bug or bad data.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Dictionary } from '@backhaul/schema/radius/dictionary.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import {
  attribute,
  decodeResponse,
  encodeRequest,
  getValue,
  PacketCode,
  type EncodedRequest,
  type OutgoingAttribute,
  type Secret,
} from '../protocol/packet.ts';
import { formatIpv6, parseIpv6 } from '../protocol/values.ts';

/** The dynamic-authorization port of RFC 5176 §3, for NASes configured without one. */
export const COA_PORT = 3799;

export interface CoaClientOptions {
  readonly dictionary: Dictionary;
  /** How long to wait for an answer before sending again. Default 3000 ms. */
  readonly timeoutMs?: number;
  /** Transmissions in all (the first one included) before giving up. Default 3. */
  readonly attempts?: number;
  readonly log?: Log;
}

/** Where to send, and the secret shared with that NAS. */
export interface CoaNas {
  /** An IPv4 or IPv6 address (no host names). */
  readonly address: string;
  /** Default `COA_PORT` (3799). */
  readonly port?: number;
  readonly secret: Secret;
}

/** What identifies the session to the NAS; optional fields are sent when known. */
export interface CoaSession {
  readonly userName: string;
  readonly acctSessionId: string;
  /** IPv4 → NAS-IP-Address, IPv6 → NAS-IPv6-Address. */
  readonly nasIpAddress?: string;
  /** IPv4 only (Framed-IP-Address). */
  readonly framedIpAddress?: string;
  readonly callingStationId?: string;
  readonly nasPortId?: string;
}

export interface CoaRequest {
  readonly kind: 'disconnect' | 'coa';
  readonly nas: CoaNas;
  readonly session: CoaSession;
  /** Sent after the identifying attributes: for a CoA the new values (e.g. Mikrotik-Rate-Limit). */
  readonly attributes?: readonly OutgoingAttribute[];
}

export interface CoaOutcome {
  readonly result: 'ACK' | 'NAK' | 'TIMEOUT';
  /** Error-Cause (RFC 5176 §3.5) of the reply, when it had one (NAKs, and 201 in a Disconnect-ACK). */
  readonly errorCause: number | null;
  /** Its name in the dictionary (`Session-Context-Not-Found` for 503), or null. */
  readonly errorCauseName: string | null;
  /** Transmissions made (0 if the client was closed before the request was sent). */
  readonly attempts: number;
  /** Milliseconds from the last transmission to the accepted reply; null on TIMEOUT. */
  readonly rttMs: number | null;
}

export interface CoaClient {
  /** Sends the request and resolves with the outcome; never rejects for network errors. */
  send(request: CoaRequest): Promise<CoaOutcome>;
  /** Closes the sockets; requests still waiting resolve as TIMEOUT. */
  close(): Promise<void>;
}

/** One request from `send` until it resolves. */
interface Pending {
  readonly request: CoaRequest;
  readonly address: string;
  readonly port: number;
  readonly resolve: (outcome: CoaOutcome) => void;
  readonly reject: (error: unknown) => void;
  packet?: EncodedRequest;
  attempts: number;
  sentAt: number;
  timer?: NodeJS.Timeout;
}

/** The identifier space of one NAS (address and port). */
interface Peer {
  readonly key: string;
  readonly inFlight: Map<number, Pending>;
  readonly queue: Pending[];
  /** Where the search for a free identifier starts, so identifiers are not reused at once. */
  next: number;
}

/** Creates a client; the dictionary definitions it needs are looked up now, so a gap fails at boot. */
export function createCoaClient(options: CoaClientOptions): CoaClient {
  const { dictionary, timeoutMs = 3000, attempts: maxAttempts = 3, log } = options;
  if (!(timeoutMs > 0) || !Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('timeoutMs must be > 0 and attempts a positive integer');
  const defs = {
    userName: dictionary.attribute('User-Name', 'string'),
    acctSessionId: dictionary.attribute('Acct-Session-Id', 'string'),
    nasIpAddress: dictionary.attribute('NAS-IP-Address', 'ipaddr'),
    nasIpv6Address: dictionary.attribute('NAS-IPv6-Address', 'ipv6addr'),
    framedIpAddress: dictionary.attribute('Framed-IP-Address', 'ipaddr'),
    callingStationId: dictionary.attribute('Calling-Station-Id', 'string'),
    nasPortId: dictionary.attribute('NAS-Port-Id', 'string'),
    eventTimestamp: dictionary.attribute('Event-Timestamp', 'date'),
    errorCause: dictionary.attribute('Error-Cause', 'integer'),
  };
  const peers = new Map<string, Peer>();
  const sockets = new Map<'udp4' | 'udp6', Socket>();
  let closed = false;

  function socketFor(type: 'udp4' | 'udp6'): Socket {
    let socket = sockets.get(type);
    if (socket === undefined) {
      // Bound implicitly to an ephemeral port by the first send.
      socket = createSocket(type);
      socket.on('message', receive);
      socket.on('error', (error) => log?.warn('CoA socket error', { type, error: String(error) }));
      sockets.set(type, socket);
    }
    return socket;
  }

  function send(request: CoaRequest): Promise<CoaOutcome> {
    const { address: given, port = COA_PORT } = request.nas;
    const address = canonicalAddress(given);
    if (address === undefined) return Promise.reject(new TypeError(`CoA: NAS address ${given} is not an IP address`));
    if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.reject(new RangeError(`CoA: NAS port ${port} out of range`));
    if (closed) return Promise.resolve(timeout(0));
    return new Promise((resolve, reject) => {
      const key = peerKey(address, port);
      let peer = peers.get(key);
      if (peer === undefined) {
        peer = { key, inFlight: new Map(), queue: [], next: 0 };
        peers.set(key, peer);
      }
      peer.queue.push({ request, address, port, resolve, reject, attempts: 0, sentAt: 0 });
      pump(peer);
    });
  }

  /** Sends queued requests while the NAS has free identifiers; forgets a NAS with nothing left. */
  function pump(peer: Peer): void {
    while (peer.inFlight.size < 256) {
      const pending = peer.queue.shift();
      if (pending === undefined) break;
      let identifier = peer.next;
      while (peer.inFlight.has(identifier)) identifier = (identifier + 1) & 0xff;
      const { kind, nas } = pending.request;
      try {
        const code = kind === 'disconnect' ? PacketCode.DisconnectRequest : PacketCode.CoaRequest;
        pending.packet = encodeRequest(code, identifier, attributesOf(pending.request), nas.secret);
      } catch (error) {
        pending.reject(error);
        continue;
      }
      peer.next = (identifier + 1) & 0xff;
      peer.inFlight.set(identifier, pending);
      transmit(pending);
    }
    if (peer.inFlight.size === 0) peers.delete(peer.key);
  }

  function attributesOf({ session, attributes = [] }: CoaRequest): OutgoingAttribute[] {
    const list: OutgoingAttribute[] = [attribute(defs.userName, session.userName), attribute(defs.acctSessionId, session.acctSessionId)];
    const { nasIpAddress, framedIpAddress, callingStationId, nasPortId } = session;
    if (nasIpAddress !== undefined) list.push(isIPv6(nasIpAddress) ? attribute(defs.nasIpv6Address, nasIpAddress) : attribute(defs.nasIpAddress, nasIpAddress));
    if (framedIpAddress !== undefined) list.push(attribute(defs.framedIpAddress, framedIpAddress));
    if (callingStationId !== undefined) list.push(attribute(defs.callingStationId, callingStationId));
    if (nasPortId !== undefined) list.push(attribute(defs.nasPortId, nasPortId));
    list.push(attribute(defs.eventTimestamp, new Date()), ...attributes);
    return list;
  }

  function transmit(pending: Pending): void {
    const packet = pending.packet!;
    pending.attempts++;
    pending.sentAt = performance.now();
    pending.timer = setTimeout(() => {
      if (pending.attempts < maxAttempts) transmit(pending);
      else finish(pending, timeout(pending.attempts));
    }, timeoutMs);
    const socket = socketFor(isIPv4(pending.address) ? 'udp4' : 'udp6');
    const attempt = pending.attempts;
    try {
      socket.send(packet.raw, pending.port, pending.address, (error) => {
        if (error) log?.debug('CoA send failed', { nas: pending.address, port: pending.port, identifier: packet.identifier, attempt, error: String(error) });
      });
    } catch (error) {
      // Node throws synchronously when the socket is closing; the timer still ends the request.
      log?.debug('CoA send failed', { nas: pending.address, port: pending.port, identifier: packet.identifier, attempt, error: String(error) });
    }
  }

  function receive(datagram: Buffer, from: RemoteInfo): void {
    const ignore = (why: string) => log?.debug(`CoA reply ignored: ${why}`, { from: from.address, port: from.port });
    const peer = peers.get(peerKey(canonicalAddress(from.address) ?? from.address, from.port));
    if (peer === undefined) return ignore('not from a NAS we are waiting for');
    const pending = datagram.length >= 2 ? peer.inFlight.get(datagram[1]!) : undefined;
    if (pending?.packet === undefined) return ignore('no request with that identifier');
    const result = decodeResponse(datagram, pending.packet, pending.request.nas.secret);
    if (!result.ok) return ignore(result.reason);
    const { packet } = result;
    const errorCause = getValue(packet, defs.errorCause) ?? null;
    const acked = packet.code === PacketCode.DisconnectAck || packet.code === PacketCode.CoaAck;
    finish(pending, {
      result: acked ? 'ACK' : 'NAK',
      errorCause,
      errorCauseName: errorCause === null ? null : (defs.errorCause.valueNames.get(errorCause) ?? null),
      attempts: pending.attempts,
      rttMs: performance.now() - pending.sentAt,
    });
  }

  /** Resolves a dispatched request, frees its identifier and lets the next queued one go. */
  function finish(pending: Pending, outcome: CoaOutcome): void {
    clearTimeout(pending.timer);
    const peer = peers.get(peerKey(pending.address, pending.port));
    if (peer !== undefined && pending.packet !== undefined) {
      peer.inFlight.delete(pending.packet.identifier);
      pump(peer);
    }
    pending.resolve(outcome);
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const peer of peers.values()) {
      for (const pending of peer.inFlight.values()) {
        clearTimeout(pending.timer);
        pending.resolve(timeout(pending.attempts));
      }
      for (const pending of peer.queue) pending.resolve(timeout(0));
    }
    peers.clear();
    await Promise.all([...sockets.values()].map((socket) => new Promise<void>((done) => socket.close(() => done()))));
    sockets.clear();
  }

  return { send, close };
}

function timeout(attempts: number): CoaOutcome {
  return { result: 'TIMEOUT', errorCause: null, errorCauseName: null, attempts, rttMs: null };
}

/** One spelling per address, so `::1` and `0:0::1` (and what node:dgram reports) meet. */
function canonicalAddress(address: string): string | undefined {
  if (isIPv4(address)) return address;
  if (isIPv6(address) && !address.includes('%')) return formatIpv6(parseIpv6(address));
  return undefined;
}

function peerKey(address: string, port: number): string {
  return `[${address}]:${port}`;
}
