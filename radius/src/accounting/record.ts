import { decide, serviceIdFromClass } from '@backhaul/schema/radius/policy.ts';
import { md5 } from '../protocol/digest.ts';
import { macAuthIdentity } from '../protocol/mac.ts';
import { getValue, type RadiusPacket } from '../protocol/packet.ts';
import type { Nas } from '../nas-table.ts';
import type { SubscriberCache } from '../subscribers.ts';
import type { TemplateStore } from '../template-store.ts';
import type { Vocabulary } from '../vocabulary.ts';

/** One session's state after an Accounting-Request, as the writer stores it (JSON-safe: it may be spooled). */
export interface SessionRecord {
  readonly kind: 'session';
  readonly status: 'START' | 'INTERIM' | 'STOP';
  readonly uniqueId: string;
  readonly acctSessionId: string;
  readonly routerId: number;
  readonly nasIp: string;
  readonly serviceId: number | null;
  readonly customerId: number | null;
  readonly partnerId: number | null;
  readonly login: string;
  readonly framedIp: string | null;
  readonly framedIpv6Prefix: string | null;
  readonly mac: string | null;
  readonly nasPortId: string | null;
  readonly nasPortType: string | null;
  /** ISO timestamps (UTC). */
  readonly startedAt: string;
  readonly at: string;
  readonly stoppedAt: string | null;
  readonly inputOctets: number;
  readonly outputOctets: number;
  readonly sessionTime: number;
  readonly interimInterval: number | null;
  readonly terminateCause: string | null;
  readonly rateLimit: string | null;
  readonly blocked: boolean;
  /** The UTC day the traffic is counted on. */
  readonly day: string;
}

/** Accounting-On/Off: the NAS (re)started or shuts down; all its sessions are over. */
export interface NasRecord {
  readonly kind: 'nas';
  readonly status: 'ON' | 'OFF';
  readonly routerId: number;
  readonly at: string;
}

export type AccountingRecord = SessionRecord | NasRecord;

const STATUS = { 1: 'START', 2: 'STOP', 3: 'INTERIM', 7: 'ON', 8: 'OFF' } as const;
const GIGAWORD = 2 ** 32;

export type ParseResult = { readonly ok: true; readonly record: AccountingRecord } | { readonly ok: false; readonly reason: string };

/**
 * Reads an Accounting-Request. The session key is the NAS, Acct-Session-Id, User-Name and port
 * hashed (what FreeRADIUS calls Acct-Unique-Session-Id): retransmits and duplicates map to the
 * same row. The service is found from Class (bh:<id>, which we hand out), the login or the MAC.
 */
export function parseAccounting(packet: RadiusPacket, nas: Nas, v: Vocabulary, subscribers: SubscriberCache, templates: TemplateStore, now = new Date()): ParseResult {
  const settings = templates.settings();
  const statusType = getValue(packet, v.AcctStatusType);
  const status = statusType === undefined ? undefined : STATUS[statusType as keyof typeof STATUS];
  if (status === undefined) return { ok: false, reason: `Acct-Status-Type ${statusType ?? 'missing'} is not handled` };
  const eventTime = getValue(packet, v.EventTimestamp);
  const delay = getValue(packet, v.AcctDelayTime) ?? 0;
  const at = eventTime && Math.abs(eventTime.getTime() - now.getTime()) < 86_400_000 ? eventTime : new Date(now.getTime() - delay * 1000);
  if (status === 'ON' || status === 'OFF') return { ok: true, record: { kind: 'nas', status, routerId: nas.routerId, at: at.toISOString() } };

  const acctSessionId = getValue(packet, v.AcctSessionId);
  if (!acctSessionId) return { ok: false, reason: 'no Acct-Session-Id' };
  const login = getValue(packet, v.UserName) ?? '';
  const port = getValue(packet, v.NasPortId) ?? String(getValue(packet, v.NasPort) ?? '');
  const mac = macAuthIdentity(undefined, getValue(packet, v.CallingStationId))?.mac ?? null;
  const classValue = getValue(packet, v.Class)?.toString('latin1');

  const subscriber =
    subscribers.byServiceId(serviceIdFromClass(classValue) ?? -1) ??
    subscribers.peekLogin(login) ??
    (mac ? subscribers.peekMac(mac) : undefined);
  const decision = subscriber ? decide(subscriber, { routerId: nas.routerId, online: 0, now, settings }) : undefined;
  const granted = subscriber && decision && decision.result !== 'REJECT' ? templates.grant(subscriber, decision.result === 'BLOCKED') : undefined;

  const sessionTime = getValue(packet, v.AcctSessionTime) ?? 0;
  const cause = getValue(packet, v.AcctTerminateCause);
  const ipv6 = getValue(packet, v.FramedIpv6Prefix);
  const portType = getValue(packet, v.NasPortType);
  const atText = at.toISOString();
  return {
    ok: true,
    record: {
      kind: 'session',
      status,
      uniqueId: md5(`${nas.address}\0${acctSessionId}\0${login}\0${port}`).toString('hex'),
      acctSessionId,
      routerId: nas.routerId,
      nasIp: nas.address,
      serviceId: subscriber?.serviceId ?? null,
      customerId: subscriber?.customerId ?? null,
      partnerId: subscriber?.partnerId ?? null,
      login,
      framedIp: getValue(packet, v.FramedIpAddress) ?? null,
      framedIpv6Prefix: ipv6 ?? null,
      mac,
      nasPortId: port || null,
      nasPortType: portType === undefined ? null : (v.NasPortType.valueNames.get(portType) ?? String(portType)),
      startedAt: new Date(at.getTime() - sessionTime * 1000).toISOString(),
      at: atText,
      stoppedAt: status === 'STOP' ? atText : null,
      inputOctets: octets(getValue(packet, v.AcctInputOctets), getValue(packet, v.AcctInputGigawords)),
      outputOctets: octets(getValue(packet, v.AcctOutputOctets), getValue(packet, v.AcctOutputGigawords)),
      sessionTime,
      interimInterval: settings.interimIntervalSeconds,
      terminateCause: status === 'STOP' ? (cause === undefined ? 'Unknown' : (v.AcctTerminateCause.valueNames.get(cause) ?? String(cause))) : null,
      rateLimit: granted?.rateLimit ?? null,
      blocked: decision?.result === 'BLOCKED',
      day: atText.slice(0, 10),
    },
  };
}

/** A 64-bit counter from its low 32 bits and its Gigawords (RFC 2869 §5.1). */
function octets(low: number | undefined, high: number | undefined): number {
  return (high ?? 0) * GIGAWORD + (low ?? 0);
}
