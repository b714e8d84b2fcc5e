import { availableParallelism } from 'node:os';

/**
 * Worker processes unless RADIUS_WORKERS says otherwise: one per CPU core but one, at most 8.
 * The stack runs PostgreSQL, which every accounting record reaches, and the API on the same
 * machine; on 2 cores, a second worker measured slower than one (the benchmark's notes).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}
