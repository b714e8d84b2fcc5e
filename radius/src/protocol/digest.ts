/**
 * One-shot MD5 and SHA-1 over the concatenation of their parts. The hot path computes several
 * digests per request; a Hash object per digest cost the garbage collector more than the
 * hashing itself.
 */
import { hash } from 'node:crypto';

type Part = Buffer | string;

export function md5(...parts: Part[]): Buffer {
  return hash('md5', join(parts), 'buffer');
}

export function sha1(...parts: Part[]): Buffer {
  return hash('sha1', join(parts), 'buffer');
}

function join(parts: Part[]): Buffer | string {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}
