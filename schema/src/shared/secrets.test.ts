import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secrets.ts';

describe('createSecretBox', () => {
  const box = createSecretBox('a-server-key-of-some-length');

  it('opens what it sealed, and never stores the plain text', () => {
    const sealed = box.seal('radius-secret-123');
    expect(sealed).not.toContain('radius-secret-123');
    expect(box.open(sealed)).toBe('radius-secret-123');
  });

  it('seals the same secret differently each time', () => {
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses a secret sealed under another key, or tampered with', () => {
    const sealed = box.seal('secret');
    expect(() => createSecretBox('another-server-key-entirely').open(sealed)).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow();
  });
});
