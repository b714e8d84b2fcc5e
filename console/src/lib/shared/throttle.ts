/** A function that runs at most once per interval however often it is called; `cancel` drops a pending run. */
export interface Throttled {
  (): void;
  cancel(): void;
}

/**
 * Runs `run` at once when it has not run for `intervalMs`, otherwise once when the interval is
 * over: a burst of calls costs one run now and one at the end, and the last call is never lost.
 */
export function throttle(run: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    timer = undefined;
    last = now();
    run();
  };
  const throttled = (): void => {
    if (timer !== undefined) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  throttled.cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
