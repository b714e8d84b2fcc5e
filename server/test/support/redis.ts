import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@backhaul/prisma/embedded';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). Safe to call when already stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port, e.g. after stop() to simulate an outage. */
  start(): Promise<void>;
  /** Stops the server for good and removes its working directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a throwaway `redis-server` on a free 127.0.0.1 port with persistence off. Resolves once
 * it accepts connections. Needs the redis-server binary (Debian package `redis-server`).
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'backhaul-test-redis-'));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('redis-server did not become ready within 10 s')), 10_000);
      function fail(error: Error) {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        child = undefined;
        reject(new Error(`${error.message}\n${output}`));
      }
      proc.once('error', (error) => fail(error)); // ENOENT when the binary is missing
      proc.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}`)));
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          proc.removeAllListeners('exit');
          proc.removeAllListeners('error');
          proc.stdout?.off('data', onData);
          proc.stdout?.resume();
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
