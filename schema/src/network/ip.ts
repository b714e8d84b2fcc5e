import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** An address block: an IPv4/IPv6 network or a single address (a /32 or /128 block). */
export interface Block {
  family: 4 | 6;
  start: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `10.0.0.0/24`, `2001:db8::/32` or a bare address; null when it is not one. */
export function parseBlock(text: string): Block | null {
  try {
    const [address, prefixText] = text.trim().split('/');
    // node's isIP is strict (ipaddr.js would also take classful shorthands like 10.0.0).
    if (!address || isIP(address) === 0) return null;
    const ip = ipaddr.parse(address);
    const family = ip.kind() === 'ipv4' ? 4 : 6;
    const prefix = prefixText === undefined ? BITS[family] : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? '0') || prefix < 0 || prefix > BITS[family]) return null;
    return { family, start: toBigInt(ip.toByteArray()), prefix };
  } catch {
    return null;
  }
}

/** The block's canonical text: host bits cleared, a bare address for /32 and /128. */
export function formatBlock(block: Block): string {
  const bytes = fromBigInt(block.start, block.family === 4 ? 4 : 16);
  const text = ipaddr.fromByteArray(bytes).toString();
  return block.prefix === BITS[block.family] ? text : `${text}/${block.prefix}`;
}

/** Always with the prefix length: `10.0.0.5/32`, the form PostgreSQL's inet columns hold. */
export function formatCidr(block: Block): string {
  return `${formatBlock({ ...block, prefix: BITS[block.family] })}/${block.prefix}`;
}

export function size(block: Block): bigint {
  return 1n << BigInt(BITS[block.family] - block.prefix);
}

export function end(block: Block): bigint {
  return block.start + size(block) - 1n;
}

/** Clears the host bits (10.0.0.7/24 becomes 10.0.0.0/24). */
export function canonical(block: Block): Block {
  const hostBits = BigInt(BITS[block.family] - block.prefix);
  return { ...block, start: (block.start >> hostBits) << hostBits };
}

export function contains(outer: Block, inner: Block): boolean {
  return outer.family === inner.family && inner.prefix >= outer.prefix && inner.start >= outer.start && end(inner) <= end(outer);
}

export function overlaps(a: Block, b: Block): boolean {
  return a.family === b.family && a.start <= end(b) && b.start <= end(a);
}

/**
 * The first free block of `prefix` bits inside `network`, avoiding `used` blocks. For IPv4
 * host addresses in a network larger than /31 the network and broadcast addresses are never
 * handed out. Null when the network is full.
 */
export function firstFree(network: Block, prefix: number, used: readonly Block[]): Block | null {
  const step = 1n << BigInt(BITS[network.family] - prefix);
  const taken = used.filter((b) => overlaps(b, network)).map((b) => ({ start: b.start, end: end(b) }));
  if (network.family === 4 && prefix === 32 && network.prefix < 31) {
    taken.push({ start: network.start, end: network.start }, { start: end(network), end: end(network) });
  }
  taken.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let candidate = network.start;
  for (const t of taken) {
    if (candidate + step - 1n < t.start) break;
    if (t.end >= candidate) candidate = ((t.end + 1n + step - 1n) / step) * step;
  }
  return candidate + step - 1n <= end(network) ? { family: network.family, start: candidate, prefix } : null;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function fromBigInt(n: bigint, length: number): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return bytes;
}
