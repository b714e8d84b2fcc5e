/**
 * Access-Request → Access-Accept or Access-Reject. The credentials decide the method (PAP,
 * CHAP, MS-CHAPv1/v2, or MAC authentication when the request carries only a MAC), the policy
 * (schema/src/radius/policy.ts) decides accept / blocked / reject, and the NAS vendor's
 * template (schema/src/radius/templates.ts) the reply attributes.
 */
import { decide, needsLease, REJECT_REASONS, type RejectReason, type Subscriber } from '@backhaul/schema/radius/policy.ts';
import { checkChapPassword } from '../protocol/chap.ts';
import { normaliseMac } from '@backhaul/schema/services/mac.ts';
import { macAuthIdentity } from '../protocol/mac.ts';
import { MppeEncryptionPolicy, MppeEncryptionTypes, msChapV1MppeKeys, msChapV2MppeKeys } from '../protocol/mppe.ts';
import { msChapError, msChapUserName, ntPasswordHash, verifyMsChapV1, verifyMsChapV2 } from '../protocol/mschap.ts';
import { attribute, findAttribute, getValue, PacketCode, type OutgoingAttribute, type RadiusPacket } from '../protocol/packet.ts';
import { checkPassword } from '../protocol/pap.ts';
import type { Nas } from '../nas-table.ts';
import type { OnlineSessions } from '../online.ts';
import type { SubscriberCache } from '../subscribers.ts';
import type { TemplateStore } from '../template-store.ts';
import type { Vocabulary } from '../vocabulary.ts';

export type AuthMethod = 'PAP' | 'CHAP' | 'MSCHAPV1' | 'MSCHAPV2' | 'MAC';

export interface AccessLogEntry {
  readonly login: string;
  readonly mac: string | null;
  readonly method: AuthMethod | 'NONE';
  readonly result: 'ACCEPT' | 'BLOCKED' | 'REJECT';
  readonly reason: RejectReason | null;
  readonly subscriber: Subscriber | undefined;
}

export interface AccessOutcome {
  readonly code: typeof PacketCode.AccessAccept | typeof PacketCode.AccessReject;
  readonly attributes: OutgoingAttribute[];
  readonly log: AccessLogEntry;
}

export interface AccessDeps {
  readonly v: Vocabulary;
  readonly subscribers: SubscriberCache;
  readonly online: OnlineSessions;
  readonly templates: TemplateStore;
}

export async function handleAccessRequest(packet: RadiusPacket, nas: Nas, deps: AccessDeps): Promise<AccessOutcome> {
  const { v } = deps;
  const userName = getValue(packet, v.UserName) ?? '';
  const callingStation = getValue(packet, v.CallingStationId);
  const stationMac = callingStation === undefined ? null : normaliseMac(callingStation);
  if (findAttribute(packet, v.EapMessage)) return rejected(v, 'UNSUPPORTED_METHOD', userName, stationMac, 'NONE', undefined); // EAP (802.1X) is not supported

  const msChap2 = findAttribute(packet, v.MsChap2Response);
  const msChap1 = msChap2 ? undefined : findAttribute(packet, v.MsChapResponse);
  const chapPassword = msChap2 || msChap1 ? undefined : findAttribute(packet, v.ChapPassword);
  const papPassword = findAttribute(packet, v.UserPassword);
  let subscriber = userName ? await deps.subscribers.findByLogin(userName) : undefined;
  let mac = stationMac;
  let method: AuthMethod;
  if (msChap2) method = 'MSCHAPV2';
  else if (msChap1) method = 'MSCHAPV1';
  else if (chapPassword) method = 'CHAP';
  else if (!subscriber && macAuthIdentity(userName, callingStation)) method = 'MAC';
  else if (papPassword) method = 'PAP';
  else return rejected(v, 'UNSUPPORTED_METHOD', userName, mac, 'NONE', subscriber);

  const reply: OutgoingAttribute[] = [];
  if (method === 'MAC') {
    const identity = macAuthIdentity(userName, callingStation)!;
    mac = identity.mac;
    subscriber = await deps.subscribers.findByMac(identity.mac);
    if (!subscriber) return rejected(v, 'UNKNOWN_MAC', userName, mac, method, undefined);
  } else {
    if (!subscriber) return rejected(v, 'UNKNOWN_USER', userName, mac, method, undefined);
    const password = subscriber.password;
    if (password === null) return rejected(v, 'NO_PASSWORD', userName, mac, method, subscriber);
    if (method === 'PAP') {
      if (!checkPassword(papPassword!.value, nas.secret, packet.authenticator, password)) return rejected(v, 'BAD_PASSWORD', userName, mac, method, subscriber);
    } else if (method === 'CHAP') {
      const chapChallenge = getValue(packet, v.ChapChallenge) ?? packet.authenticator;
      if (!checkChapPassword(chapPassword!.value, chapChallenge, password)) return rejected(v, 'BAD_PASSWORD', userName, mac, method, subscriber);
    } else if (method === 'MSCHAPV2') {
      const challenge = getValue(packet, v.MsChapChallenge) ?? Buffer.alloc(0);
      const result = verifyMsChapV2({ userName: msChapUserName(userName), challenge, response: msChap2!.value, credential: { ntHash: ntHashOf(subscriber, password) } });
      if (!result.ok) return rejected(v, 'BAD_PASSWORD', userName, mac, method, subscriber, [attribute(v.MsChapError, msChapError(result.ident ?? 0))]);
      const keys = msChapV2MppeKeys(result.ntHash, result.ntResponse);
      reply.push(
        attribute(v.MsChap2Success, result.success),
        attribute(v.MsMppeRecvKey, keys.recvKey),
        attribute(v.MsMppeSendKey, keys.sendKey),
        attribute(v.MsMppeEncryptionPolicy, MppeEncryptionPolicy.Allowed),
        attribute(v.MsMppeEncryptionTypes, MppeEncryptionTypes.Rc4_40or128),
      );
    } else {
      const challenge = getValue(packet, v.MsChapChallenge) ?? Buffer.alloc(0);
      const result = verifyMsChapV1({ challenge, response: msChap1!.value, credential: { ntHash: ntHashOf(subscriber, password) } });
      if (!result.ok) return rejected(v, 'BAD_PASSWORD', userName, mac, method, subscriber, [attribute(v.MsChapError, msChapError(result.ident ?? 0))]);
      reply.push(
        attribute(v.MsChapMppeKeys, msChapV1MppeKeys(result.ntHash)),
        attribute(v.MsMppeEncryptionPolicy, MppeEncryptionPolicy.Allowed),
        attribute(v.MsMppeEncryptionTypes, MppeEncryptionTypes.Rc4_40or128),
      );
    }
  }

  const decision = decide(subscriber, {
    routerId: nas.routerId,
    online: deps.online.countFor(subscriber.serviceId, nas.routerId, mac),
    now: new Date(),
    settings: deps.templates.settings(),
  });
  if (decision.result === 'REJECT') return rejected(v, decision.reason, userName, mac, method, subscriber);
  const blocked = decision.result === 'BLOCKED';
  if (needsLease(subscriber, blocked, deps.templates.settings())) subscriber = (await deps.subscribers.lease(subscriber)) ?? subscriber;
  const attributes = deps.templates.reply(nas.vendor, subscriber, blocked);
  return {
    code: PacketCode.AccessAccept,
    attributes: reply.length === 0 ? attributes : [...reply, ...attributes],
    log: { login: userName || subscriber.login, mac, method, result: decision.result, reason: null, subscriber },
  };
}

/** The NT hash (MD4, in JavaScript) of a subscriber's password, once per cached subscriber rather than per request. */
const ntHashes = new WeakMap<Subscriber, Buffer>();
function ntHashOf(subscriber: Subscriber, password: string): Buffer {
  let hash = ntHashes.get(subscriber);
  if (!hash) ntHashes.set(subscriber, (hash = ntPasswordHash(password)));
  return hash;
}

function rejected(
  v: Vocabulary,
  reason: RejectReason,
  login: string,
  mac: string | null,
  method: AuthMethod | 'NONE',
  subscriber: Subscriber | undefined,
  extra: OutgoingAttribute[] = [],
): AccessOutcome {
  return {
    code: PacketCode.AccessReject,
    attributes: isCredentialFailure(reason) ? extra : [...extra, attribute(v.ReplyMessage, REJECT_REASONS[reason])],
    log: { login, mac, method, result: 'REJECT', reason, subscriber },
  };
}

/** Credential failures get no Reply-Message: it would tell a guesser which logins exist. */
function isCredentialFailure(reason: RejectReason): boolean {
  return reason === 'UNKNOWN_USER' || reason === 'BAD_PASSWORD' || reason === 'UNKNOWN_MAC' || reason === 'NO_PASSWORD';
}
