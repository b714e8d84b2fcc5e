import type { Outcome } from './report.ts';

export interface BenchContext {
  /** Short mode for CI: small data, a few seconds of load. */
  smoke: boolean;
  /** Arguments after the benchmark's name, e.g. `--redis`. */
  args: readonly string[];
  /** Registers clean-up (stop a server, delete a directory); run in reverse order, also on Ctrl-C. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
}

export interface Benchmark {
  name: string;
  /** What it measures, for `--list`. */
  description: string;
  run(context: BenchContext): Promise<Outcome>;
}
