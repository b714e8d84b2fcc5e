/**
 * Access-Request → Access-Accept or Access-Reject. The credentials decide the method (PAP,
 * CHAP, MS-CHAPv1/v2, or MAC authentication when the request carries only a MAC), the policy
 * (schema/src/radius/policy.ts) decides accept / blocked / reject, and the NAS vendor's
 * template (schema/src/radius/templates.ts) the reply attributes.
 */
import { decide, REJECT_REASONS, type RejectReason, type Subscriber } from '@backhaul/schema/radius/policy.ts';
import type { RadiusSettings } from '@backhaul/schema/radius/settings.ts';
import { checkChapPassword } from '../protocol/chap.ts';
import { macAuthIdentity } from '../protocol/mac.ts';
import { MppeEncryptionPolicy, MppeEncryptionTypes, msChapV1MppeKeys, msChapV2MppeKeys } from '../protocol/mppe.ts';
import { msChapError, msChapUserName, verifyMsChapV1, verifyMsChapV2 } from '../protocol/mschap.ts';
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
  readonly settings: () => RadiusSettings;
}

export async function handleAccessRequest(packet: RadiusPacket, nas: Nas, deps: AccessDeps): Promise<AccessOutcome> {
  const { v } = deps;
  const userName = getValue(packet, v.UserName) ?? '';
  const callingStation = getValue(packet, v.CallingStationId);
  const macIdentity = macAuthIdentity(userName, callingStation);
  const mac = macAuthIdentity(undefined, callingStation)?.mac ?? macIdentity?.mac ?? null;
  const base = { login: userName, mac };

  const papPassword = findAttribute(packet, v.UserPassword);
  const chapPassword = findAttribute(packet, v.ChapPassword);
  const msChap2 = findAttribute(packet, v.MsChap2Response);
  const msChap1 = findAttribute(packet, v.MsChapResponse);

  let subscriber = userName ? await deps.subscribers.findByLogin(userName) : undefined;
  let method: AuthMethod | 'NONE' = 'NONE';
  const reply: OutgoingAttribute[] = [];
  const reject = (reason: RejectReason, extra: OutgoingAttribute[] = []): AccessOutcome => ({
    code: PacketCode.AccessReject,
    attributes: [...extra, ...(isCredentialFailure(reason) ? [] : [attribute(v.ReplyMessage, REJECT_REASONS[reason])])],
    log: { ...base, method, result: 'REJECT', reason, subscriber },
  });

  if (findAttribute(packet, v.EapMessage)) return reject('UNSUPPORTED_METHOD'); // EAP (802.1X) is not supported
  if (msChap2) method = 'MSCHAPV2';
  else if (msChap1) method = 'MSCHAPV1';
  else if (chapPassword) method = 'CHAP';
  else if (!subscriber && macIdentity) method = 'MAC';
  else if (papPassword) method = 'PAP';
  else return reject('UNSUPPORTED_METHOD');

  if (method === 'MAC') {
    subscriber = await deps.subscribers.findByMac(macIdentity!.mac);
    if (!subscriber) return reject('UNKNOWN_MAC');
  } else {
    if (!subscriber) return reject('UNKNOWN_USER');
    const password = subscriber.password;
    if (password === null) return reject('NO_PASSWORD');
    const challenge = getValue(packet, v.MsChapChallenge);
    switch (method) {
      case 'PAP':
        if (!checkPassword(papPassword!.value, nas.secret, packet.authenticator, password)) return reject('BAD_PASSWORD');
        break;
      case 'CHAP': {
        const chapChallenge = getValue(packet, v.ChapChallenge) ?? packet.authenticator;
        if (!checkChapPassword(chapPassword!.value, chapChallenge, password)) return reject('BAD_PASSWORD');
        break;
      }
      case 'MSCHAPV2': {
        const result = verifyMsChapV2({ userName: msChapUserName(userName), challenge: challenge ?? Buffer.alloc(0), response: msChap2!.value, credential: { password } });
        if (!result.ok) return reject('BAD_PASSWORD', [attribute(v.MsChapError, msChapError(result.ident ?? 0))]);
        const keys = msChapV2MppeKeys(result.ntHash, result.ntResponse);
        reply.push(
          attribute(v.MsChap2Success, result.success),
          attribute(v.MsMppeRecvKey, keys.recvKey),
          attribute(v.MsMppeSendKey, keys.sendKey),
          attribute(v.MsMppeEncryptionPolicy, MppeEncryptionPolicy.Allowed),
          attribute(v.MsMppeEncryptionTypes, MppeEncryptionTypes.Rc4_40or128),
        );
        break;
      }
      case 'MSCHAPV1': {
        const result = verifyMsChapV1({ challenge: challenge ?? Buffer.alloc(0), response: msChap1!.value, credential: { password } });
        if (!result.ok) return reject('BAD_PASSWORD', [attribute(v.MsChapError, msChapError(result.ident ?? 0))]);
        reply.push(
          attribute(v.MsChapMppeKeys, msChapV1MppeKeys(result.ntHash)),
          attribute(v.MsMppeEncryptionPolicy, MppeEncryptionPolicy.Allowed),
          attribute(v.MsMppeEncryptionTypes, MppeEncryptionTypes.Rc4_40or128),
        );
        break;
      }
    }
  }

  const decision = decide(subscriber, {
    routerId: nas.routerId,
    online: deps.online.countFor(subscriber.serviceId, nas.routerId, mac),
    now: new Date(),
    settings: deps.settings(),
  });
  if (decision.result === 'REJECT') return reject(decision.reason);
  reply.push(...deps.templates.render(nas.vendor, decision.result === 'BLOCKED' ? 'BLOCKED' : 'ACCEPT', decision.values));
  return {
    code: PacketCode.AccessAccept,
    attributes: reply,
    log: { ...base, login: userName || subscriber.login, method, result: decision.result, reason: null, subscriber },
  };
}

/** Credential failures get no Reply-Message: it would tell a guesser which logins exist. */
function isCredentialFailure(reason: RejectReason): boolean {
  return reason === 'UNKNOWN_USER' || reason === 'BAD_PASSWORD' || reason === 'UNKNOWN_MAC' || reason === 'NO_PASSWORD';
}
