/**
 * The MAC address a MAC-authentication request is about. NASes put it in User-Name (MikroTik
 * DHCP and hotspot MAC login, UBNT) or only in Calling-Station-Id, in their own spelling
 * (`AA:BB:CC:DD:EE:FF`, `aabb.ccdd.eeff`, `AA-BB-CC-DD-EE-FF`, bare hex); the result is always
 * `aa:bb:cc:dd:ee:ff`, the form the database stores (schema's `normaliseMac`).
 */
import { normaliseMac } from '@backhaul/schema/services/mac.ts';

export interface MacIdentity {
  /** `aa:bb:cc:dd:ee:ff` */
  readonly mac: string;
  readonly source: 'User-Name' | 'Calling-Station-Id';
}

/**
 * User-Name when it is a MAC address, else Calling-Station-Id when that is one, else
 * `undefined`. Whether a NAS or service does MAC authentication at all is the handler's policy;
 * a PPPoE request also carries the subscriber's MAC in Calling-Station-Id.
 */
export function macAuthIdentity(userName: string | undefined, callingStationId: string | undefined): MacIdentity | undefined {
  const fromUserName = userName === undefined ? null : normaliseMac(userName);
  if (fromUserName !== null) return { mac: fromUserName, source: 'User-Name' };
  const fromStation = callingStationId === undefined ? null : normaliseMac(callingStationId);
  return fromStation === null ? undefined : { mac: fromStation, source: 'Calling-Station-Id' };
}
