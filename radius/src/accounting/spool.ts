/**
 * Accounting that the database could not take, on disk: one file per batch, written to a
 * temporary name, fsynced and renamed, so a file is either whole or absent. Replayed in order
 * once the database is back (the writer's statement is idempotent, so a replay interrupted
 * half-way is simply replayed again). Batches the database refused for their data go to
 * `quarantine/` for a person to look at, never silently away.
 */
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { AccountingRecord } from './record.ts';

const REPLAY_EVERY_MS = 2_000;

export class Spool {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private replaying: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly log: Log,
  ) {}

  async start(apply: (records: readonly AccountingRecord[]) => Promise<void>): Promise<void> {
    await mkdir(path.join(this.dir, 'quarantine'), { recursive: true });
    const replay = () => {
      this.replaying ??= this.replay(apply).finally(() => (this.replaying = undefined));
    };
    replay();
    this.timer = setInterval(replay, REPLAY_EVERY_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.replaying;
  }

  append(records: readonly AccountingRecord[]): Promise<void> {
    return this.write(this.dir, records);
  }

  quarantine(records: readonly AccountingRecord[]): Promise<void> {
    return this.write(path.join(this.dir, 'quarantine'), records);
  }

  /** Spooled batch files waiting for the database, oldest first. */
  private async pending(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).sort();
  }

  private async write(dir: string, records: readonly AccountingRecord[]): Promise<void> {
    const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(this.seq++).padStart(6, '0')}.jsonl`;
    const temporary = path.join(dir, `.${name}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temporary, path.join(dir, name));
    const directory = await open(dir, 'r');
    try {
      await directory.sync(); // the rename itself must survive a crash
    } finally {
      await directory.close();
    }
  }

  private async replay(apply: (records: readonly AccountingRecord[]) => Promise<void>): Promise<void> {
    const files = await this.pending();
    if (files.length === 0) return;
    let replayed = 0;
    for (const name of files) {
      const file = path.join(this.dir, name);
      // Another worker of this process may have replayed the file already.
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const records = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AccountingRecord);
      try {
        await apply(records);
      } catch (error) {
        if (isDataError(error)) {
          this.log.error('accounting: a spooled batch is refused by the database; moved to quarantine', { file: name, error: (error as Error).message });
          await rename(file, path.join(this.dir, 'quarantine', name)).catch(() => undefined);
          continue;
        }
        if (replayed > 0) this.log.info(`accounting: replayed ${replayed} spooled batches; the rest waits for the database`);
        return;
      }
      await unlink(file).catch(() => undefined);
      replayed++;
    }
    this.log.info(`accounting: replayed ${replayed} spooled batches from ${this.dir}`);
  }
}

/** Errors about the data (SQLSTATE classes 22 and 23), not the connection: retrying will not help. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
