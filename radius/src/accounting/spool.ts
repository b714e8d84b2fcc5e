/**
 * Accounting that the database could not take yet, on disk: journal segments handed over by
 * the writer, or left open by a process that died (journal.ts), as `.jsonl` files of JSON
 * lines. Replayed in order once the database takes them (the writer's statement is
 * idempotent, so a replay interrupted half-way is simply replayed again). Batches the database
 * refused for their data go to `quarantine/` (written to a temporary name, synced and renamed,
 * so a file is either whole or absent) for a person to look at, never silently away.
 */
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from '@backhaul/schema/shared/log.ts';
import { fileName, OPEN_SUFFIX, spoolPathOf, syncDirectory } from './journal.ts';
import type { AccountingRecord } from './record.ts';

const REPLAY_EVERY_MS = 2_000;

export class Spool {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private replaying: Promise<void> | undefined;

  /** `owns(path)`: the journal segment is this process's, still being written or applied. */
  constructor(
    readonly dir: string,
    private readonly log: Log,
    private readonly owns: (segmentPath: string) => boolean,
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

  async quarantine(records: readonly AccountingRecord[]): Promise<void> {
    const dir = path.join(this.dir, 'quarantine');
    const name = fileName(this.seq++, '.jsonl');
    const temporary = path.join(dir, `.${name}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temporary, path.join(dir, name));
    await syncDirectory(dir); // the rename itself must survive a crash
  }

  /** Journal segments of a process that is gone become spool files. */
  private async adoptOrphans(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(OPEN_SUFFIX))) {
      const file = path.join(this.dir, name);
      const pid = Number(name.split('-')[1]);
      // The same pid as ours but not our segment: a previous run's (containers reuse pids).
      if (pid === process.pid ? this.owns(file) : isAlive(pid)) continue;
      await rename(file, spoolPathOf(file)).catch(() => undefined);
    }
  }

  /** Spooled batch files waiting for the database, oldest first. */
  private async pending(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).sort();
  }

  private async replay(apply: (records: readonly AccountingRecord[]) => Promise<void>): Promise<void> {
    await this.adoptOrphans();
    const files = await this.pending();
    if (files.length === 0) return;
    let replayed = 0;
    for (const name of files) {
      const file = path.join(this.dir, name);
      // Another worker of this process may have replayed the file already.
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        await apply(parseLines(text));
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

/**
 * The records of a spool file. A last line without its newline is an append that never
 * finished, so it was never acknowledged: dropped. Any other line that is not JSON fails the
 * file as a data error.
 */
function parseLines(text: string): AccountingRecord[] {
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  try {
    return whole.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AccountingRecord);
  } catch (error) {
    throw Object.assign(new Error(`not a spool file: ${(error as Error).message}`), { code: '22P02' });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Errors about the data (SQLSTATE classes 22 and 23), not the connection: retrying will not help. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
