import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Proves the benchmarks still run: each one in its short mode, as a child process, must end by
 * printing its closing line with a figure and the ratio to its target. Whether the target is
 * met is the benchmark's report, not this test's business.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 180_000;

function bench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', ...args],
      { cwd: root, timeout: TIMEOUT_MS - 10_000, killSignal: 'SIGINT', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** `<name…>: <figures with a number>; target <…>: <ratio>x of target — PASS|MISS…` */
const closingLine = (name: string) => new RegExp(`^${name}[^:]*: .*\\d.*; target .+: [\\d.,]+x of target — (PASS|MISS)`);

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('npm run bench', () => {
  it('lists the benchmarks', async () => {
    const { code, stdout } = await bench('--list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^console\t/m);
    expect(stdout).toMatch(/^customer-search\t/m);
    expect(stdout).toMatch(/^fanout\t/m);
    expect(stdout).toMatch(/^radius\t/m);
  });

  // The whole stack (it builds the console when its sources changed) and Debian's Chromium and
  // radclient, which e2e/tools/ensure-system-packages.sh installs as `npm test` runs it.
  it('runs console in smoke mode against the stack in Chromium and prints its closing line', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await bench('console', '--smoke');
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(lastLine(stdout)).toMatch(closingLine('console'));
    expect(lastLine(stdout)).toMatch(/dashboard cold p50 [\d.,]+ ms.*customers cold p50 [\d.,]+ ms.*Accounting-Start → dashboard p99 [\d.,]+ ms.*frames p1 \d+ fps.*heap [\d.]+ MB → [\d.]+ MB/);
    // The soak's packets were all answered.
    expect(stderr).toMatch(/soak: [\d,]+ packets in .*, 0 timeouts, 0 wrong, 0 not sent/);
  });

  it('runs customer-search in smoke mode and prints its closing line', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await bench('customer-search', '--smoke');
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(lastLine(stdout)).toMatch(closingLine('customer-search'));
    expect(lastLine(stdout)).toMatch(/p99 [\d.,]+ ms/);
  });

  it('runs fanout in smoke mode over PostgreSQL and prints its closing line', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await bench('fanout', '--smoke');
    expect(code, stderr).toBe(0);
    expect(lastLine(stdout)).toMatch(closingLine('fanout \\(postgres\\)'));
    expect(lastLine(stdout)).toMatch(/p99 delay [\d.,]+ ms, [\d,]+ events\/s delivered/);
  });

  it.skipIf(!existsSync('/usr/bin/redis-server'))('runs fanout in smoke mode over Redis and prints its closing line', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await bench('fanout', '--smoke', '--redis');
    expect(code, stderr).toBe(0);
    expect(lastLine(stdout)).toMatch(closingLine('fanout \\(redis\\)'));
  });

  // FreeRADIUS comes from e2e/tools/ensure-system-packages.sh, as `npm test` runs it.
  it('runs radius in smoke mode beside FreeRADIUS and prints its closing line', { timeout: TIMEOUT_MS }, async () => {
    const { code, stdout, stderr } = await bench('radius', '--smoke');
    expect(code, stderr).toBe(0);
    expect(lastLine(stdout)).toMatch(closingLine('radius'));
    expect(lastLine(stdout)).toMatch(/FreeRADIUS users file PAP [\d,]+\/s, CHAP [\d,]+\/s, MS-CHAPv2 [\d,]+\/s, detail file [\d,]+\/s; rlm_sql PAP [\d,]+\/s/);
    // Every FreeRADIUS measurement got answers, and none was wrong.
    expect(stderr).not.toMatch(/freeradius-\S+\s+0\/s/);
    expect(stderr).not.toMatch(/freeradius-.*[1-9][\d,]* wrong/);
  });

  it('refuses an unknown benchmark with a usage message', async () => {
    const { code, stderr } = await bench('no-such-benchmark');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no benchmark named no-such-benchmark/);
  });
});
