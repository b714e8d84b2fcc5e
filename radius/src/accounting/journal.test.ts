import { spawnSync } from 'node:child_process';
import type pg from 'pg';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { Journal } from './journal.ts';
import type { NasRecord } from './record.ts';
import { Spool } from './spool.ts';
import { AccountingWriter } from './writer.ts';

const record = (routerId: number): NasRecord => ({ kind: 'nas', status: 'ON', routerId, at: '2026-11-30T08:00:00.000Z' });
const log = createLog('test', 'silent');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backhaul-journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const files = async () => (await readdir(dir)).filter((f) => !f.startsWith('quarantine')).sort();
const lines = async (name: string) => (await readFile(path.join(dir, name), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as NasRecord);

describe('accounting journal', () => {
  it('has every appended record on disk when append resolves, and deletes a segment once it is handed over with nothing left to apply', async () => {
    const journal = new Journal(dir);
    const first = await journal.append([record(1), record(2)]);
    const second = await journal.append([record(3)]);
    expect(second).toBe(first); // one segment, synced twice
    const [open] = await files();
    expect(open).toMatch(new RegExp(`-${process.pid}-000000\\.open$`));
    expect((await lines(open!)).map((r) => r.routerId)).toEqual([1, 2, 3]);
    expect(journal.owns(path.join(dir, open!))).toBe(true);

    await journal.applied(first, 3);
    expect(await files()).toEqual([open]); // still the segment being written
    expect(await journal.handOver()).toBe(0);
    expect(await files()).toEqual([]);
  });

  it('hands the records not yet applied to the spool, which replays them', async () => {
    const journal = new Journal(dir);
    const segment = await journal.append([record(1), record(2)]);
    await journal.applied(segment, 1);
    expect(await journal.handOver()).toBe(1);
    const [spooled] = await files();
    expect(spooled).toMatch(/\.jsonl$/);
    expect(journal.owns(path.join(dir, spooled!))).toBe(false);

    const replayed: number[] = [];
    const spool = new Spool(dir, log, (p) => journal.owns(p));
    await spool.start(async (records) => void replayed.push(...records.map((r) => r.routerId)));
    await spool.stop();
    expect(replayed).toEqual([1, 2]); // the statement is idempotent: the applied one again is harmless
    expect(await files()).toEqual([]);
  });

  it('replays what a process that died left open, without the line it never finished, and leaves live processes’ segments alone', async () => {
    const dead = spawnSync('true').pid!;
    const body = `${JSON.stringify(record(7))}\n${JSON.stringify(record(8))}\n{"kind":"nas","sta`;
    await writeFile(path.join(dir, `000000000000001-${dead}-000000.open`), body);
    await writeFile(path.join(dir, `000000000000002-${process.pid}-000000.open`), `${JSON.stringify(record(9))}\n`); // our pid, a previous run
    await writeFile(path.join(dir, `000000000000003-${process.ppid}-000000.open`), `${JSON.stringify(record(10))}\n`); // alive

    const replayed: number[] = [];
    const spool = new Spool(dir, log, () => false);
    await spool.start(async (records) => void replayed.push(...records.map((r) => r.routerId)));
    await spool.stop();
    expect(replayed).toEqual([7, 8, 9]);
    expect(await files()).toEqual([`000000000000003-${process.ppid}-000000.open`]);
  });

  it('quarantines a spool file that is not JSON lines instead of losing or retrying it forever', async () => {
    await writeFile(path.join(dir, '000000000000001-1-000000.jsonl'), `${JSON.stringify(record(1))}\nnot json\n${JSON.stringify(record(2))}\n`);
    const spool = new Spool(dir, log, () => false);
    let applied = 0;
    await spool.start(async () => void applied++);
    await spool.stop();
    expect(applied).toBe(0);
    expect(await readdir(path.join(dir, 'quarantine'))).toEqual(['000000000000001-1-000000.jsonl']);
  });

  it('acknowledges a record once it is on disk, and a process that dies before the database took it loses nothing', async () => {
    // A database that never answers: the records are acknowledged from the journal alone.
    const hung = { connect: () => new Promise(() => undefined) } as unknown as pg.Pool;
    const journal = new Journal(dir);
    const writer = new AccountingWriter(hung, journal, new Spool(dir, log, (p) => journal.owns(p)), log, () => undefined);
    await Promise.all([writer.submit(record(1)), writer.submit(record(2))]);
    await writer.submit(record(3));

    // The process dies here. The next one (with the same pid, as in a container) replays the journal.
    const replayed: number[] = [];
    const next = new Spool(dir, log, () => false);
    await next.start(async (records) => void replayed.push(...records.map((r) => r.routerId)));
    await next.stop();
    expect(replayed).toEqual([1, 2, 3]);
  });
});
