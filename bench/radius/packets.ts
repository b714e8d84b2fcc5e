/**
 * The requests the RADIUS benchmark sends, built with our own codec (radius/src/protocol) and
 * dictionary: a template per subscriber, encoded once, then stamped per send with what must
 * change — the Identifier, a fresh Request Authenticator (and with it the hidden User-Password
 * and the Message-Authenticator), and for accounting the counters, the time and the
 * authenticator computed over them. Every send is a different packet, so no server can answer
 * it from its duplicate cache. Pure: no I/O.
 *
 * Kinds, as a PPPoE BRAS sends them (User-Name, NAS-IP-Address 127.0.0.1, NAS-Port,
 * NAS-Port-Type Ethernet, Service-Type Framed-User, Framed-Protocol PPP, Calling-Station-Id):
 * - `pap`: User-Password; Message-Authenticator.
 * - `chap`: CHAP-Password over a CHAP-Challenge of its own (fixed per subscriber, so the
 *   response is computed once); Message-Authenticator.
 * - `mschapv2`: MS-CHAP-Challenge and MS-CHAP2-Response (fixed per subscriber);
 *   Message-Authenticator.
 * - `interim`: Accounting-Request Interim-Update for the subscriber's session (Acct-Session-Id,
 *   Framed-IP-Address, Acct-Session-Time, Acct-Input/Output-Octets and -Gigawords,
 *   Event-Timestamp), the counters growing with every send. Each send stands for 5 minutes of
 *   the session: its Acct-Session-Time grows by 300 s and so does its Event-Timestamp, as a
 *   NAS's would (the session's start, Event-Timestamp − Acct-Session-Time, stays put).
 * - `start`: Accounting-Request Start of that session.
 * - `stop`: Accounting-Request Stop of that session (the counters of an interim, and
 *   Acct-Terminate-Cause User-Request).
 */
import { createHash, createHmac, randomBytes, randomFillSync } from 'node:crypto';
import type { Dictionary } from '@backhaul/schema/radius/dictionary.ts';
import { chapResponse } from '../../radius/src/protocol/chap.ts';
import { generateNtResponse, ntPasswordHash } from '../../radius/src/protocol/mschap.ts';
import { attribute, encodeRequest, PacketCode, type AttributeInput } from '../../radius/src/protocol/packet.ts';
import { hidePassword } from '../../radius/src/protocol/pap.ts';
import type { Subscriber } from './subscribers.ts';

export type RequestKind = 'pap' | 'chap' | 'mschapv2' | 'interim' | 'start' | 'stop';

export const AUTH_KINDS = ['pap', 'chap', 'mschapv2'] as const;

/** How the report names a kind. */
export const KIND_LABEL: Record<RequestKind, string> = {
  pap: 'PAP',
  chap: 'CHAP',
  mschapv2: 'MS-CHAPv2',
  interim: 'accounting',
  start: 'Accounting-Start',
  stop: 'Accounting-Stop',
};

/** Acct-Session-Ids, 8 hex digits as MikroTik writes them, one namespace per use. */
export const SessionSpace = {
  /** The sessions the throughput runs start once and then send interim updates for. */
  bench: 0xa,
  /** Sessions opened by the reconnect storm's logins. */
  stormLogin: 0xb,
  /** Sessions that send interim updates during the reconnect storm. */
  stormInterim: 0xc,
  /** Sessions the console benchmark starts and stops. */
  console: 0xd,
} as const;

export function sessionId(space: number, subscriberNumber: number): string {
  return `${space.toString(16)}${subscriberNumber.toString(16).padStart(7, '0')}`;
}

/** One subscriber's request of one kind, ready to stamp. */
export interface Template {
  readonly code: PacketCode;
  readonly raw: Buffer;
  /** Offsets (into `raw`) of values rewritten per send; -1 where the kind has none. */
  readonly passwordAt: number;
  readonly password: Buffer;
  readonly sessionTimeAt: number;
  readonly inputOctetsAt: number;
  readonly outputOctetsAt: number;
  readonly inputGigawordsAt: number;
  readonly outputGigawordsAt: number;
  readonly eventTimestampAt: number;
  /** Sends so far (the accounting counters grow with it). */
  sends: number;
  /** Interim and Stop: the Event-Timestamp of send 0 (Unix seconds), set at the first send. */
  epoch: number;
}

/** A stamped request: what goes on the wire and what `decodeResponse` needs to check the reply. */
export interface Stamped {
  readonly code: PacketCode;
  readonly identifier: number;
  readonly authenticator: Buffer;
  readonly raw: Buffer;
}

const STATUS_TYPE = { start: 'Start', interim: 'Interim-Update', stop: 'Stop' } as const;

const HEADER = 20;
const MESSAGE_AUTHENTICATOR_VALUE = HEADER + 2;
const ZERO = Buffer.alloc(16);
/** Interim counters per send: 5 minutes and ~1.5 GB down, so gigawords come into play. */
const INTERIM_SECONDS = 300;
const INPUT_BYTES_PER_INTERIM = 150_000_000;
const OUTPUT_BYTES_PER_INTERIM = 1_500_000_000;

/** Builds and stamps requests for one shared secret. */
export class PacketFactory {
  readonly #secret: Buffer;
  readonly #d: ReturnType<typeof attributes>;
  /** Random octets for Request Authenticators, refilled in bulk (one syscall per 4,096 requests). */
  readonly #random = Buffer.allocUnsafe(16 * 4096);
  #randomAt = this.#random.length;

  constructor(dictionary: Dictionary, secret: string) {
    this.#secret = Buffer.from(secret, 'utf8');
    this.#d = attributes(dictionary);
  }

  /** The template of `kind` for `s`; accounting kinds for the session `sessionId(space, s.number)`. */
  template(kind: RequestKind, s: Subscriber, space: number = SessionSpace.bench): Template {
    const d = this.#d;
    const common: AttributeInput[] = [
      attribute(d.userName, s.name),
      attribute(d.nasIpAddress, '127.0.0.1'),
      attribute(d.nasPort, s.number),
      attribute(d.nasPortType, 'Ethernet'),
      attribute(d.serviceType, 'Framed-User'),
      attribute(d.framedProtocol, 'PPP'),
      attribute(d.callingStationId, s.mac),
      attribute(d.calledStationId, 'bench-bras'),
    ];
    if (kind === 'interim' || kind === 'start' || kind === 'stop') {
      // Interim and Stop carry the counters.
      const interim = kind !== 'start';
      const counters: AttributeInput[] = interim
        ? [
            attribute(d.acctSessionTime, 0),
            attribute(d.acctInputOctets, 0),
            attribute(d.acctOutputOctets, 0),
            attribute(d.acctInputGigawords, 0),
            attribute(d.acctOutputGigawords, 0),
          ]
        : [];
      const raw = encodeRequest(
        PacketCode.AccountingRequest,
        0,
        [
          ...common,
          attribute(d.acctStatusType, STATUS_TYPE[kind]),
          attribute(d.acctSessionId, sessionId(space, s.number)),
          attribute(d.acctAuthentic, 'RADIUS'),
          attribute(d.framedIpAddress, s.ip),
          ...counters,
          ...(kind === 'stop' ? [attribute(d.acctTerminateCause, 'User-Request')] : []),
          attribute(d.eventTimestamp, 0),
          attribute(d.acctDelayTime, 0),
        ],
        this.#secret,
        { messageAuthenticator: false },
      ).raw;
      return {
        code: PacketCode.AccountingRequest,
        raw,
        passwordAt: -1,
        password: ZERO,
        sessionTimeAt: interim ? valueAt(raw, d.acctSessionTime.type) : -1,
        inputOctetsAt: interim ? valueAt(raw, d.acctInputOctets.type) : -1,
        outputOctetsAt: interim ? valueAt(raw, d.acctOutputOctets.type) : -1,
        inputGigawordsAt: interim ? valueAt(raw, d.acctInputGigawords.type) : -1,
        outputGigawordsAt: interim ? valueAt(raw, d.acctOutputGigawords.type) : -1,
        eventTimestampAt: valueAt(raw, d.eventTimestamp.type),
        sends: 0,
        epoch: 0,
      };
    }

    let credentials: AttributeInput[];
    if (kind === 'pap') credentials = [attribute(d.userPassword, s.password)];
    else if (kind === 'chap') {
      const challenge = randomBytes(16);
      const ident = s.number & 0xff;
      credentials = [
        attribute(d.chapChallenge, challenge),
        attribute(d.chapPassword, Buffer.concat([Buffer.of(ident), chapResponse(ident, s.password, challenge)])),
      ];
    } else {
      const challenge = randomBytes(16);
      const peerChallenge = randomBytes(16);
      const ntResponse = generateNtResponse(challenge, peerChallenge, s.name, ntPasswordHash(s.password));
      // RFC 2548 §2.3.2: Ident, Flags, Peer-Challenge, 8 reserved octets, NT-Response.
      const response = Buffer.concat([Buffer.of(s.number & 0xff, 0), peerChallenge, Buffer.alloc(8), ntResponse]);
      credentials = [attribute(d.msChapChallenge, challenge), attribute(d.msChap2Response, response)];
    }
    const raw = encodeRequest(PacketCode.AccessRequest, 0, [common[0]!, ...credentials, ...common.slice(1)], this.#secret, {
      authenticator: ZERO,
    }).raw;
    return {
      code: PacketCode.AccessRequest,
      raw,
      passwordAt: kind === 'pap' ? valueAt(raw, d.userPassword.type) : -1,
      password: Buffer.from(s.password, 'utf8'),
      sessionTimeAt: -1,
      inputOctetsAt: -1,
      outputOctetsAt: -1,
      inputGigawordsAt: -1,
      outputGigawordsAt: -1,
      eventTimestampAt: -1,
      sends: 0,
      epoch: 0,
    };
  }

  /** A new packet from `t` with `identifier`: a fresh Buffer, so packets in flight never share one. */
  stamp(t: Template, identifier: number): Stamped {
    const raw = Buffer.allocUnsafe(t.raw.length);
    t.raw.copy(raw);
    raw[1] = identifier;
    const sends = ++t.sends;
    if (t.code === PacketCode.AccessRequest) {
      if (this.#randomAt === this.#random.length) {
        randomFillSync(this.#random);
        this.#randomAt = 0;
      }
      this.#random.copy(raw, 4, this.#randomAt, this.#randomAt + 16);
      this.#randomAt += 16;
      const authenticator = raw.subarray(4, HEADER);
      if (t.passwordAt >= 0) hidePassword(t.password, this.#secret, authenticator).copy(raw, t.passwordAt);
      // The template has its Message-Authenticator zeroed: sign the packet as it now is.
      ZERO.copy(raw, MESSAGE_AUTHENTICATOR_VALUE);
      createHmac('md5', this.#secret).update(raw).digest().copy(raw, MESSAGE_AUTHENTICATOR_VALUE);
      return { code: t.code, identifier, authenticator, raw };
    }
    if (t.sessionTimeAt >= 0) {
      raw.writeUInt32BE(sends * INTERIM_SECONDS, t.sessionTimeAt);
      const input = sends * INPUT_BYTES_PER_INTERIM;
      const output = sends * OUTPUT_BYTES_PER_INTERIM;
      raw.writeUInt32BE(input % 2 ** 32, t.inputOctetsAt);
      raw.writeUInt32BE(Math.floor(input / 2 ** 32) % 2 ** 32, t.inputGigawordsAt);
      raw.writeUInt32BE(output % 2 ** 32, t.outputOctetsAt);
      raw.writeUInt32BE(Math.floor(output / 2 ** 32) % 2 ** 32, t.outputGigawordsAt);
    }
    const now = Math.floor(Date.now() / 1000);
    if (t.sessionTimeAt >= 0 && t.epoch === 0) t.epoch = now;
    raw.writeUInt32BE(t.sessionTimeAt >= 0 ? t.epoch + sends * INTERIM_SECONDS : now, t.eventTimestampAt);
    // RFC 2866 §3: MD5 over the packet with a zeroed authenticator, then the secret.
    ZERO.copy(raw, 4);
    createHash('md5').update(raw).update(this.#secret).digest().copy(raw, 4);
    return { code: t.code, identifier, authenticator: raw.subarray(4, HEADER), raw };
  }
}

/** The dictionary definitions the benchmark uses, looked up once (a typo fails at start). */
function attributes(d: Dictionary) {
  return {
    userName: d.attribute('User-Name', 'string'),
    userPassword: d.attribute('User-Password', 'string'),
    chapPassword: d.attribute('CHAP-Password', 'octets'),
    chapChallenge: d.attribute('CHAP-Challenge', 'octets'),
    msChapChallenge: d.attribute('MS-CHAP-Challenge', 'octets'),
    msChap2Response: d.attribute('MS-CHAP2-Response', 'octets'),
    nasIpAddress: d.attribute('NAS-IP-Address', 'ipaddr'),
    nasPort: d.attribute('NAS-Port', 'integer'),
    nasPortType: d.attribute('NAS-Port-Type', 'integer'),
    serviceType: d.attribute('Service-Type', 'integer'),
    framedProtocol: d.attribute('Framed-Protocol', 'integer'),
    callingStationId: d.attribute('Calling-Station-Id', 'string'),
    calledStationId: d.attribute('Called-Station-Id', 'string'),
    framedIpAddress: d.attribute('Framed-IP-Address', 'ipaddr'),
    acctStatusType: d.attribute('Acct-Status-Type', 'integer'),
    acctSessionId: d.attribute('Acct-Session-Id', 'string'),
    acctAuthentic: d.attribute('Acct-Authentic', 'integer'),
    acctSessionTime: d.attribute('Acct-Session-Time', 'integer'),
    acctInputOctets: d.attribute('Acct-Input-Octets', 'integer'),
    acctOutputOctets: d.attribute('Acct-Output-Octets', 'integer'),
    acctInputGigawords: d.attribute('Acct-Input-Gigawords', 'integer'),
    acctOutputGigawords: d.attribute('Acct-Output-Gigawords', 'integer'),
    eventTimestamp: d.attribute('Event-Timestamp', 'date'),
    acctDelayTime: d.attribute('Acct-Delay-Time', 'integer'),
    acctTerminateCause: d.attribute('Acct-Terminate-Cause', 'integer'),
  };
}

/** Offset of the value of the first standard attribute `type` in an encoded packet. */
function valueAt(raw: Buffer, type: number): number {
  for (let at = HEADER; at + 2 <= raw.length; at += raw[at + 1]!) {
    if (raw[at] === type) return at + 2;
  }
  throw new Error(`attribute ${type} is not in the template`);
}
