import { createHash, randomBytes } from 'node:crypto';

/** Staff session tokens and API keys: 256 random bits, stored only as SHA-256. */
export const SESSION_PREFIX = 'bhs_';
export const API_KEY_PREFIX = 'bhk_';

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
