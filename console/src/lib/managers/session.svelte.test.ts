import { describe, expect, it } from 'vitest';
import { SESSION_STORAGE_KEY, SessionManager } from './session.svelte';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('SessionManager', () => {
  it('keeps the token in storage and reads it back in a new page', () => {
    const storage = memoryStorage();
    new SessionManager(storage).start('abc', new Date(Date.now() + 60_000).toISOString());
    expect(new SessionManager(storage).token).toBe('abc');
  });

  it('drops a stored token that has expired', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify({ token: 'old', expiresAt: '2000-01-01T00:00:00Z' }) });
    expect(new SessionManager(storage).signedIn).toBe(false);
    expect(storage.map.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it('answers permission checks from the signed-in role and forgets them on sign-out', () => {
    const session = new SessionManager(memoryStorage());
    session.start('abc', new Date(Date.now() + 60_000).toISOString());
    session.identify({ id: '1', number: 1, username: 'tech', name: 'Tech', totpEnabled: true, preferences: {}, partner: null, role: { id: 'r', name: 'Technician' } }, ['customers:read']);
    expect(session.can('customers:read')).toBe(true);
    expect(session.canAny('customers:block', 'customers:read')).toBe(true);
    session.clear();
    expect(session.can('customers:read')).toBe(false);
  });
});
