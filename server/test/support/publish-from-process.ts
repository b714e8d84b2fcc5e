import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EventPayload, Topic } from '@backhaul/schema/events/catalogue.ts';

const script = fileURLToPath(new URL('./publisher.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Publishes `payloads` on `topic`, in order, from a separate Node process (support/publisher.ts),
 * and resolves when that process has exited successfully.
 */
export function publishFromProcess<T extends Topic>(
  transport: 'postgres' | 'redis',
  url: string,
  topic: T,
  ...payloads: EventPayload<T>[]
): Promise<void> {
  const args = ['--import', 'tsx', script, transport, url, topic, ...payloads.map((p) => JSON.stringify(p))];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: repoRoot, timeout: 20_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`publisher process failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}
