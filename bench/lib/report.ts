/** Figures and the one closing line every benchmark prints. */

/** The value at quantile `q` (0–1) of ascending `sorted` values (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** `12,345` */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `4.1 ms`, `12 ms`, `1,234 ms` */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return `${value} ms`;
  return `${value < 100 ? value.toFixed(1) : count(value)} ms`;
}

/** `0.25x` */
export function ratio(value: number): string {
  return `${value < 10 ? value.toFixed(2) : count(value)}x`;
}

export interface Outcome {
  /** The closing line, `<name>: <figures>; target <target>: <ratio> of target — PASS|MISS`. */
  line: string;
  pass: boolean;
}

/**
 * Builds the closing line. `measured / target` is the ratio (below 1 is inside the target);
 * `extraFailure` (e.g. dropped events) fails the target whatever the ratio.
 */
export function outcome(name: string, figures: string, target: string, measured: number, limit: number, extraFailure?: string): Outcome {
  const r = measured / limit;
  const pass = r < 1 && !extraFailure;
  const verdict = pass ? 'PASS' : `MISS${extraFailure ? ` (${extraFailure})` : ''}`;
  return { line: `${name}: ${figures}; target ${target}: ${ratio(r)} of target — ${verdict}`, pass };
}

const started = performance.now();

/** Progress for people watching, with the seconds since start; stdout carries only the closing line. */
export function progress(line: string): void {
  process.stderr.write(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}\n`);
}
