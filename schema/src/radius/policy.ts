/**
 * The RADIUS decision for a subscriber whose credentials checked out: accept, accept into the
 * blocked state, or reject with a reason. Pure: the RADIUS process passes in what its cache
 * holds; the tests need no database.
 */
import type { RadiusSettings } from './settings.ts';
import type { TemplateValues } from './templates.ts';

/** Why an Access-Request was rejected; logged, stored in the RADIUS log and shown to staff. */
export const REJECT_REASONS = {
  UNKNOWN_USER: 'no service with this login',
  UNKNOWN_MAC: 'no service with this MAC address',
  BAD_PASSWORD: 'wrong password',
  NO_PASSWORD: 'the service has no password set',
  UNSUPPORTED_METHOD: 'no PAP, CHAP, MS-CHAP or MAC credentials in the request (EAP is not supported)',
  SERVICE_PENDING: 'the service is not activated yet',
  SERVICE_STOPPED: 'the service is stopped',
  SERVICE_DISABLED: 'the service is disabled',
  SERVICE_NOT_STARTED: 'the service starts later',
  SERVICE_ENDED: 'the service has ended',
  CUSTOMER_INACTIVE: 'the customer is inactive',
  CUSTOMER_BLOCKED: 'the customer is blocked and the settings reject blocked customers',
  WRONG_NAS: 'the service is bound to another NAS',
  SIMULTANEOUS_USE: 'the simultaneous-use limit is reached',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** What the RADIUS process caches per service. */
export interface Subscriber {
  readonly serviceId: number;
  readonly customerId: number;
  readonly partnerId: number;
  readonly login: string;
  /** The plain password (decrypted once when cached), or null when the service has none. */
  readonly password: string | null;
  readonly mac: string | null;
  readonly serviceStatus: 'PENDING' | 'ACTIVE' | 'STOPPED' | 'DISABLED';
  readonly customerStatus: 'NEW' | 'ACTIVE' | 'BLOCKED' | 'INACTIVE';
  /** Calendar days (UTC midnight), as Prisma returns DATE columns. */
  readonly startDate: Date;
  readonly endDate: Date | null;
  readonly routerId: number | null;
  readonly bindToRouter: boolean;
  readonly simultaneousUse: number;
  readonly tariff: Tariff;
  readonly staticIpv4: string | null;
  readonly staticIpv6Prefix: string | null;
  /** The address Backhaul leased to the service from its router's pool (settings `poolAddresses: BACKHAUL`). */
  readonly leasedIpv4: string | null;
  /** The Framed-Pool of the service's router (its POOL network), if any, and that network's id. */
  readonly pool: string | null;
  readonly poolNetworkId: number | null;
  /** The router's blocked pool (its BLOCKED network), if it has one; else the settings name one. */
  readonly blockedPool: string | null;
  readonly ipv6Pool: string | null;
}

export interface Tariff {
  readonly name: string;
  readonly downloadKbps: number;
  readonly uploadKbps: number;
  readonly burstDownloadKbps: number | null;
  readonly burstUploadKbps: number | null;
  readonly burstThresholdDownKbps: number | null;
  readonly burstThresholdUpKbps: number | null;
  readonly burstTimeSeconds: number | null;
  readonly priority: number;
}

export interface Situation {
  /** The NAS the request came from. */
  readonly routerId: number;
  /** The service's sessions online now. */
  readonly online: number;
  readonly now: Date;
  readonly settings: RadiusSettings;
}

export type Decision = { readonly result: 'ACCEPT' | 'BLOCKED' } | { readonly result: 'REJECT'; readonly reason: RejectReason };

/** What an accepted session gets: the values for the reply template, and its rate limit. */
export interface Grant {
  readonly rateLimit: string;
  readonly values: TemplateValues;
}

const ACCEPT: Decision = { result: 'ACCEPT' };
const BLOCKED: Decision = { result: 'BLOCKED' };
const rejections = new Map<RejectReason, Decision>(
  (Object.keys(REJECT_REASONS) as RejectReason[]).map((reason) => [reason, { result: 'REJECT', reason }]),
);

function reject(reason: RejectReason): Decision {
  return rejections.get(reason)!;
}

/** Whether the subscriber may be online now, and in which state. Allocates nothing: it runs for every Access-Request. */
export function decide(subscriber: Subscriber, situation: Situation): Decision {
  switch (subscriber.serviceStatus) {
    case 'PENDING':
      return reject('SERVICE_PENDING');
    case 'STOPPED':
      return reject('SERVICE_STOPPED');
    case 'DISABLED':
      return reject('SERVICE_DISABLED');
    case 'ACTIVE':
      break;
  }
  const today = utcDay(situation.now);
  if (subscriber.startDate.getTime() > today) return reject('SERVICE_NOT_STARTED');
  if (subscriber.endDate && subscriber.endDate.getTime() < today) return reject('SERVICE_ENDED');
  if (subscriber.customerStatus === 'INACTIVE') return reject('CUSTOMER_INACTIVE');
  const blocked = subscriber.customerStatus === 'BLOCKED';
  if (blocked && situation.settings.blockedMode === 'REJECT') return reject('CUSTOMER_BLOCKED');
  if (subscriber.bindToRouter && subscriber.routerId !== null && subscriber.routerId !== situation.routerId) return reject('WRONG_NAS');
  if (subscriber.simultaneousUse > 0 && situation.online >= subscriber.simultaneousUse) return reject('SIMULTANEOUS_USE');
  return blocked ? BLOCKED : ACCEPT;
}

/** The reply of an accepted subscriber (in the blocked state or not): the same for every request until the subscriber or the settings change, so callers cache it. */
export function grant(subscriber: Subscriber, blocked: boolean, settings: RadiusSettings): Grant {
  const tariff = blocked ? blockedTariff(subscriber.tariff, settings.blockedRateKbps) : subscriber.tariff;
  const rateLimit = mikrotikRateLimit(tariff);
  const inBlockedPool = blocked && settings.blockedMode === 'POOL';
  const address = subscriber.staticIpv4 ?? (settings.poolAddresses === 'BACKHAUL' ? subscriber.leasedIpv4 : null);
  return {
    rateLimit,
    values: {
      login: subscriber.login,
      framedIp: inBlockedPool ? null : address,
      framedIpv6Prefix: inBlockedPool ? null : subscriber.staticIpv6Prefix,
      pool: inBlockedPool ? (subscriber.blockedPool ?? settings.blockedPool) : address ? null : subscriber.pool,
      ipv6Pool: inBlockedPool ? null : subscriber.ipv6Pool,
      rateLimit,
      downloadKbps: tariff.downloadKbps,
      uploadKbps: tariff.uploadKbps,
      downloadBps: tariff.downloadKbps * 1000,
      uploadBps: tariff.uploadKbps * 1000,
      priority: tariff.priority,
      addressList: blocked && settings.blockedMode === 'ADDRESS_LIST' ? settings.blockedAddressList : null,
      sessionTimeout: settings.sessionTimeoutSeconds > 0 ? settings.sessionTimeoutSeconds : null,
      interimInterval: settings.interimIntervalSeconds,
      class: serviceClass(subscriber.serviceId),
      tariff: tariff.name,
    },
  };
}

/**
 * MikroTik's rate-limit syntax, from the router's side of the link (rx = the subscriber's
 * upload): "rx/tx [burst-rx/burst-tx [threshold-rx/threshold-tx [time-rx/time-tx [priority]]]]".
 */
export function mikrotikRateLimit(tariff: Tariff): string {
  const base = pair(tariff.uploadKbps, tariff.downloadKbps);
  if (!tariff.burstDownloadKbps || !tariff.burstUploadKbps) return base;
  const threshold = pair(tariff.burstThresholdUpKbps ?? tariff.uploadKbps, tariff.burstThresholdDownKbps ?? tariff.downloadKbps);
  const time = tariff.burstTimeSeconds ?? 0;
  return `${base} ${pair(tariff.burstUploadKbps, tariff.burstDownloadKbps)} ${threshold} ${time}/${time} ${tariff.priority}`;
}

function pair(up: number, down: number): string {
  return `${up}k/${down}k`;
}

function blockedTariff(tariff: Tariff, kbps: number): Tariff {
  return {
    ...tariff,
    downloadKbps: Math.min(tariff.downloadKbps, kbps),
    uploadKbps: Math.min(tariff.uploadKbps, kbps),
    burstDownloadKbps: null,
    burstUploadKbps: null,
    burstThresholdDownKbps: null,
    burstThresholdUpKbps: null,
    burstTimeSeconds: null,
  };
}

/** NAS types that change a live session's rate on a CoA-Request; the others are disconnected to take a new rate. */
const COA_RATE_VENDORS: ReadonlySet<string> = new Set(['MIKROTIK', 'CISCO', 'JUNIPER']);

/** What a session that is online needs after its subscriber changed, and why. */
export type SessionAction = { readonly action: 'DISCONNECT' | 'RATE'; readonly why: string; readonly rateLimit: string | null } | undefined;

/**
 * Brings an online session in line with its subscriber as it is now: disconnect what may no
 * longer be online or moves in or out of the blocked state (the NAS re-authenticates it into its
 * new state), send a new rate where the NAS takes a CoA for it, disconnect elsewhere.
 */
export function sessionAction(
  subscriber: Subscriber | undefined,
  session: { readonly routerId: number; readonly vendor: string; readonly blocked: boolean; readonly rateLimit: string | null },
  settings: RadiusSettings,
  now: Date,
): SessionAction {
  if (!subscriber) return { action: 'DISCONNECT', why: 'UNKNOWN_USER', rateLimit: null };
  const decision = decide(subscriber, { routerId: session.routerId, online: 0, now, settings });
  if (decision.result === 'REJECT') return { action: 'DISCONNECT', why: decision.reason, rateLimit: null };
  const blocked = decision.result === 'BLOCKED';
  if (blocked !== session.blocked) return { action: 'DISCONNECT', why: blocked ? 'blocked' : 'unblocked', rateLimit: null };
  const { rateLimit } = grant(subscriber, blocked, settings);
  if (rateLimit === session.rateLimit) return undefined;
  return COA_RATE_VENDORS.has(session.vendor) ? { action: 'RATE', why: 'rate changed', rateLimit } : { action: 'DISCONNECT', why: 'rate changed', rateLimit: null };
}

/** Whether Backhaul should lease this subscriber an address from its router's pool before answering. */
export function needsLease(subscriber: Subscriber, blocked: boolean, settings: RadiusSettings): boolean {
  return (
    settings.poolAddresses === 'BACKHAUL' &&
    subscriber.staticIpv4 === null &&
    subscriber.leasedIpv4 === null &&
    subscriber.poolNetworkId !== null &&
    !(blocked && settings.blockedMode === 'POOL')
  );
}

/** The Class attribute we give a session, and how accounting finds the service from it. */
export function serviceClass(serviceId: number): string {
  return `bh:${serviceId}`;
}

export function serviceIdFromClass(value: string | undefined): number | undefined {
  const match = value ? /^bh:(\d+)$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

function utcDay(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}
