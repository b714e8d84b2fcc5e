/**
 * Counts failures per key in a fixed window and refuses a key once it reaches the limit, until
 * its window ends. In memory: each server process counts on its own, so with N servers an
 * attacker gets at most N times the limit (documented in the README).
 */
export interface RateLimiter {
  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string): number;
  fail(key: string): void;
  reset(key: string): void;
}

export interface RateLimitOptions {
  limit: number;
  windowSeconds: number;
  /** For tests. */
  now?: () => number;
}

export function createRateLimiter({ limit, windowSeconds, now = Date.now }: RateLimitOptions): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && w.endsAt <= now()) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  return {
    retryAfter(key) {
      const w = current(key);
      return w && w.count >= limit ? Math.ceil((w.endsAt - now()) / 1000) : 0;
    },
    fail(key) {
      const w = current(key);
      if (w) w.count++;
      else windows.set(key, { count: 1, endsAt: now() + windowSeconds * 1000 });
      // Bound memory under a spray of distinct keys: forget the oldest windows.
      if (windows.size > 100_000) {
        for (const k of [...windows.keys()].slice(0, 10_000)) windows.delete(k);
      }
    },
    reset(key) {
      windows.delete(key);
    },
  };
}

/** Failed sign-ins, counted per username and (more loosely, for shared offices) per address. */
export interface LoginLimiter {
  byUser: RateLimiter;
  byIp: RateLimiter;
}

export function createLoginLimiter(perUser: number, perIp: number, windowSeconds = 15 * 60): LoginLimiter {
  return { byUser: createRateLimiter({ limit: perUser, windowSeconds }), byIp: createRateLimiter({ limit: perIp, windowSeconds }) };
}
