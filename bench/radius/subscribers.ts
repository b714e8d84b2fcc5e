/**
 * The subscribers every target is configured with, the same on every run: `bench-00001`,
 * `bench-00002`, … with a password, a MAC address and an IPv4 address derived from the number.
 * The load generator rebuilds them from the count alone, so only counts cross process bounds.
 */
import { createHash } from 'node:crypto';

export interface Subscriber {
  /** 1-based. */
  readonly number: number;
  /** `bench-00001`: the PPPoE login (User-Name). */
  readonly name: string;
  /** 12 characters of [A-Za-z0-9_-]; safe in a FreeRADIUS users file and in SQL without escaping. */
  readonly password: string;
  /** `02:00:00:00:00:01` (locally administered), sent as Calling-Station-Id. */
  readonly mac: string;
  /** 10.0.0.1 upwards, sent as Framed-IP-Address. */
  readonly ip: string;
}

/** Subscriber number `n` (1-based). */
export function subscriber(n: number): Subscriber {
  const octets = [(n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return {
    number: n,
    name: `bench-${String(n).padStart(5, '0')}`,
    password: createHash('sha256').update(`backhaul-bench-${n}`).digest('base64url').slice(0, 12),
    mac: `02:00:00:${octets.map((o) => o.toString(16).padStart(2, '0')).join(':')}`,
    ip: `10.${octets.join('.')}`,
  };
}

/** Subscribers `first` … `first + count - 1`. */
export function subscribers(count: number, first = 1): Subscriber[] {
  return Array.from({ length: count }, (_, i) => subscriber(first + i));
}
