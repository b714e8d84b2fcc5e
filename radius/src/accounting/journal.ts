/**
 * The accounting journal: each batch of records is appended to a segment file of this process
 * and fdatasync'ed before any of its Accounting-Responses go out (group commit: one sync for
 * every record that arrived during the previous one). The writer then applies the records to
 * PostgreSQL in the background, and a segment is deleted once it is closed and all its records
 * are applied. FreeRADIUS's "buffered SQL" (detail file, then SQL) works the same way, except
 * that its detail file is not synced.
 *
 * Segments are JSON lines, as the spool's files are: `<time>-<pid>-<seq>.open` while this
 * process owns it. When PostgreSQL cannot keep up or is down, `handOver` renames the segments
 * still unapplied to `.jsonl` and the spool replays them; a segment left open by a process
 * that died is adopted by the spool the same way (spool.ts).
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { AccountingRecord } from './record.ts';

/** A new segment after this many records or this long, so applied ones can be deleted. */
const SEGMENT_RECORDS = 20_000;
const SEGMENT_MS = 2_000;

export interface Segment {
  readonly path: string;
  /** Records appended and not yet applied to the database. */
  pending: number;
  file: FileHandle | undefined;
  readonly openedAt: number;
  appended: number;
}

export const OPEN_SUFFIX = '.open';

/** A journal or spool file's name: time, pid and sequence, so names sort by age and never clash. */
export function fileName(seq: number, suffix: string): string {
  return `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(seq).padStart(6, '0')}${suffix}`;
}

/** The spool file a journal segment becomes when handed over (spool.ts replays `.jsonl`). */
export function spoolPathOf(segmentPath: string): string {
  return segmentPath.slice(0, -OPEN_SUFFIX.length) + '.jsonl';
}

export class Journal {
  private current: Segment | undefined;
  private readonly owned = new Set<Segment>();
  private seq = 0;
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  /** Appends the records and syncs them to disk; resolves with their segment. */
  append(records: readonly AccountingRecord[]): Promise<Segment> {
    return this.exclusive(() => this.write(records));
  }

  /** Gives every segment with unapplied records to the spool (renamed to `.jsonl`), and starts a new one on the next append. */
  handOver(): Promise<number> {
    return this.exclusive(() => this.giveAway());
  }

  /** `count` records of `segment` are in the database; a closed segment with none left goes. */
  async applied(segment: Segment, count: number): Promise<void> {
    segment.pending -= count;
    if (segment.pending === 0 && segment !== this.current && this.owned.delete(segment)) await unlink(segment.path).catch(() => undefined);
  }

  /** Whether the segment file at `segmentPath` is this journal's, still being written or applied. */
  owns(segmentPath: string): boolean {
    for (const segment of this.owned) if (segment.path === segmentPath) return true;
    return false;
  }

  /** One file operation at a time: an append must not meet a segment being closed. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work);
    this.last = next.catch(() => undefined);
    return next;
  }

  private async write(records: readonly AccountingRecord[]): Promise<Segment> {
    let segment = this.current;
    if (!segment || segment.appended >= SEGMENT_RECORDS || Date.now() - segment.openedAt > SEGMENT_MS) segment = await this.rotate();
    await segment.file!.write(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await segment.file!.datasync();
    segment.appended += records.length;
    segment.pending += records.length;
    return segment;
  }

  private async giveAway(): Promise<number> {
    await this.seal();
    let records = 0;
    for (const segment of this.owned) {
      if (segment.pending > 0) {
        records += segment.pending;
        // Applied and deleted meanwhile (applied() below): nothing left to hand over.
        await rename(segment.path, spoolPathOf(segment.path)).catch(ignoreMissing);
      } else {
        await unlink(segment.path).catch(() => undefined);
      }
    }
    this.owned.clear();
    return records;
  }

  private async rotate(): Promise<Segment> {
    await this.seal();
    const name = fileName(this.seq++, OPEN_SUFFIX);
    const file = await open(path.join(this.dir, name), 'wx', 0o600);
    await syncDirectory(this.dir); // the new file's name must survive a crash too
    const segment: Segment = { path: path.join(this.dir, name), pending: 0, file, openedAt: Date.now(), appended: 0 };
    this.owned.add(segment);
    this.current = segment;
    return segment;
  }

  private async seal(): Promise<void> {
    const segment = this.current;
    if (!segment) return;
    this.current = undefined;
    await segment.file?.close();
    segment.file = undefined;
    if (segment.pending === 0 && this.owned.delete(segment)) await unlink(segment.path).catch(() => undefined);
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

export async function syncDirectory(dir: string): Promise<void> {
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
