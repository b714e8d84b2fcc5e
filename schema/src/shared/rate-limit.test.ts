import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
  it('refuses a key after the limit until its window ends', () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 3, windowSeconds: 60, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('alice')).toBe(0);
      limiter.fail('alice');
    }
    expect(limiter.retryAfter('alice')).toBe(60);
    expect(limiter.retryAfter('bob')).toBe(0);
    t = 59_000;
    expect(limiter.retryAfter('alice')).toBe(1);
    t = 60_000;
    expect(limiter.retryAfter('alice')).toBe(0);
  });

  it('forgets failures on reset (a successful login)', () => {
    const limiter = createRateLimiter({ limit: 1, windowSeconds: 60 });
    limiter.fail('alice');
    limiter.reset('alice');
    expect(limiter.retryAfter('alice')).toBe(0);
  });
});
