/** One point of a time series: x is a timestamp in ms. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A time series with a bounded window: points older than `windowMs` before the newest are
 * dropped, and never more than `maxPoints` are kept, so a chart fed 10 times a second for hours
 * holds the same memory as one fed for a minute. With `resolutionMs`, points are kept that far
 * apart: until the newest is, each sample moves it (a gauge's latest value wins), so the line
 * still ends at the latest sample. `points` is mutated in place (chart.js reads the same array)
 * and `version` counts changes, for the chart to know when to redraw.
 */
export class RollingSeries {
  readonly points: Point[] = [];
  version = 0;
  readonly windowMs: number;
  readonly maxPoints: number;
  readonly resolutionMs: number;

  constructor(windowMs: number, maxPoints = 2_000, resolutionMs = 0) {
    this.windowMs = windowMs;
    this.maxPoints = maxPoints;
    this.resolutionMs = resolutionMs;
  }

  push(x: number, y: number): void {
    const last = this.points.at(-1);
    if (last && x < last.x) return; // out of order: a late sample from before a reconnect
    const before = this.points.at(-2);
    if (last && (x === last.x || (before !== undefined && last.x - before.x < this.resolutionMs))) {
      last.x = x;
      last.y = y;
    } else this.points.push({ x, y });
    this.#trim(x);
    this.version++;
  }

  /** Replaces the whole series (a re-fetch after a reconnect). */
  reset(points: readonly Point[]): void {
    this.points.length = 0;
    for (const p of points) this.points.push({ x: p.x, y: p.y });
    this.points.sort((a, b) => a.x - b.x);
    const newest = this.points.at(-1);
    if (newest) this.#trim(newest.x);
    this.version++;
  }

  #trim(newest: number): void {
    const oldest = newest - this.windowMs;
    let drop = 0;
    while (drop < this.points.length && this.points[drop]!.x < oldest) drop++;
    drop = Math.max(drop, this.points.length - this.maxPoints);
    if (drop > 0) this.points.splice(0, drop);
  }
}
