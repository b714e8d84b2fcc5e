/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, which process.hrtime reads):
 * one clock for every process on the machine, unaffected by NTP steps, so a time taken in the
 * publisher process and one taken in the clients process subtract correctly.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000n) / 1_000;
}
