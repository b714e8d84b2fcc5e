import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then once at the end of the interval however many calls came', () => {
    const run = vi.fn();
    const throttled = throttle(run, 30_000);
    throttled();
    expect(run).toHaveBeenCalledTimes(1);
    throttled();
    throttled();
    vi.advanceTimersByTime(29_999);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet interval', () => {
    const run = vi.fn();
    const throttled = throttle(run, 1_000);
    throttled();
    vi.advanceTimersByTime(1_500);
    throttled();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops the pending run when cancelled', () => {
    const run = vi.fn();
    const throttled = throttle(run, 1_000);
    throttled();
    throttled();
    throttled.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
