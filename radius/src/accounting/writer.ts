/**
 * The accounting pipeline's durable half. Records are appended to the journal in batches (group
 * commit: one fdatasync for every record that arrived during the previous one), and each
 * caller's promise resolves once its record is on disk: the Accounting-Response waits for that.
 * The records then go to PostgreSQL in the background, in batches as large as the backlog
 * allows. When the journal cannot be written, the records go straight to the database and the
 * response waits for the commit; when neither works, there is no response.
 *
 * The statement is idempotent: counters only grow (GREATEST), a stop time once set stays, so a
 * retransmit, a duplicate or a replayed journal or spool file changes nothing. Traffic per
 * service per day is summed from each update's growth of the counters, which the row itself
 * remembers (previous*Octets, set under the row lock of ON CONFLICT), so concurrent writers
 * never count the same bytes twice.
 */
import type pg from 'pg';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { Journal, Segment } from './journal.ts';
import type { AccountingRecord, NasRecord, SessionRecord } from './record.ts';
import { isDataError, type Spool } from './spool.ts';

/** A session row as the batch left it, with what happened to it. */
export interface StoredSession {
  readonly id: string;
  readonly routerId: number | null;
  readonly serviceId: number | null;
  readonly customerId: number | null;
  readonly partnerId: number | null;
  readonly mac: string | null;
  readonly change: 'started' | 'updated' | 'stopped';
}

const MAX_BATCH = 2_000;
/** Records waiting for the database beyond this go to the spool instead of memory. */
const MAX_BACKLOG = 200_000;
const RETRY_DB_EVERY_MS = 2_000;

const UPSERT = `
WITH input AS (
  SELECT r->>0 AS "uniqueId",
    r->>1 AS "acctSessionId",
    (r->>2)::int AS "routerId",
    (r->>3)::inet AS "nasIp",
    (r->>4)::int AS "serviceId",
    (r->>5)::int AS "customerId",
    (r->>6)::int AS "partnerId",
    r->>7 AS "login",
    (r->>8)::inet AS "framedIp",
    r->>9 AS "framedIpv6Prefix",
    r->>10 AS "mac",
    r->>11 AS "nasPortId",
    r->>12 AS "nasPortType",
    (r->>13)::timestamp AS "startedAt",
    (r->>14)::timestamp AS "at",
    (r->>15)::timestamp AS "stoppedAt",
    (r->>16)::bigint AS "inputOctets",
    (r->>17)::bigint AS "outputOctets",
    (r->>18)::int AS "sessionTime",
    (r->>19)::int AS "interimInterval",
    r->>20 AS "terminateCause",
    r->>21 AS "rateLimit",
    (r->>22)::boolean AS "blocked",
    (r->>23)::date AS "day"
  FROM jsonb_array_elements($1::jsonb) AS r
),
upserted AS (
  INSERT INTO "RadiusSession" AS s ("uniqueId", "acctSessionId", "routerId", "nasIp", "serviceId", "customerId", "partnerId", login,
    "framedIp", "framedIpv6Prefix", mac, "nasPortId", "nasPortType", "startedAt", "updatedAt", "stoppedAt", "inputOctets",
    "outputOctets", "sessionTime", "interimInterval", "terminateCause", "rateLimit", blocked)
  SELECT "uniqueId", "acctSessionId", "routerId", "nasIp", "serviceId", "customerId", "partnerId", login,
    "framedIp", "framedIpv6Prefix", mac, "nasPortId", "nasPortType", "startedAt", "at", "stoppedAt", "inputOctets",
    "outputOctets", "sessionTime", "interimInterval", "terminateCause", "rateLimit", blocked
  FROM input ORDER BY "uniqueId"
  ON CONFLICT ("uniqueId") DO UPDATE SET
    "previousInputOctets" = s."inputOctets",
    "previousOutputOctets" = s."outputOctets",
    "updatedAt" = GREATEST(s."updatedAt", EXCLUDED."updatedAt"),
    "stoppedAt" = COALESCE(s."stoppedAt", EXCLUDED."stoppedAt"),
    "terminateCause" = COALESCE(s."terminateCause", EXCLUDED."terminateCause"),
    "inputOctets" = GREATEST(s."inputOctets", EXCLUDED."inputOctets"),
    "outputOctets" = GREATEST(s."outputOctets", EXCLUDED."outputOctets"),
    "sessionTime" = GREATEST(s."sessionTime", EXCLUDED."sessionTime"),
    "startedAt" = LEAST(s."startedAt", EXCLUDED."startedAt"),
    "framedIp" = COALESCE(EXCLUDED."framedIp", s."framedIp"),
    "framedIpv6Prefix" = COALESCE(EXCLUDED."framedIpv6Prefix", s."framedIpv6Prefix"),
    "serviceId" = COALESCE(s."serviceId", EXCLUDED."serviceId"),
    "customerId" = COALESCE(s."customerId", EXCLUDED."customerId"),
    "partnerId" = COALESCE(s."partnerId", EXCLUDED."partnerId")
  RETURNING s.id, s."uniqueId", s."routerId", s."serviceId", s."customerId", s."partnerId", s.mac, s."stoppedAt", (xmax = 0) AS inserted,
    GREATEST(s."inputOctets" - s."previousInputOctets", 0) AS "inputGrowth", GREATEST(s."outputOctets" - s."previousOutputOctets", 0) AS "outputGrowth"
),
traffic AS (
  INSERT INTO "TrafficDaily" ("serviceId", day, "inputOctets", "outputOctets")
  SELECT u."serviceId", i.day, sum(u."inputGrowth"), sum(u."outputGrowth")
  FROM upserted u JOIN input i ON i."uniqueId" = u."uniqueId"
  WHERE u."serviceId" IS NOT NULL AND (u."inputGrowth" > 0 OR u."outputGrowth" > 0)
  GROUP BY u."serviceId", i.day
  ORDER BY u."serviceId", i.day
  ON CONFLICT ("serviceId", day) DO UPDATE SET
    "inputOctets" = "TrafficDaily"."inputOctets" + EXCLUDED."inputOctets",
    "outputOctets" = "TrafficDaily"."outputOctets" + EXCLUDED."outputOctets"
)
SELECT id::text AS id, "routerId", "serviceId", "customerId", "partnerId", mac, inserted, "stoppedAt" IS NOT NULL AS stopped FROM upserted`;

const CLOSE_NAS = `
UPDATE "RadiusSession" SET "stoppedAt" = $2, "updatedAt" = GREATEST("updatedAt", $2), "terminateCause" = 'NAS-Reboot'
WHERE "routerId" = $1 AND "stoppedAt" IS NULL AND "startedAt" <= $2
RETURNING id::text AS id, "routerId", "serviceId", "customerId", "partnerId", mac`;

interface Pending {
  readonly record: AccountingRecord;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Journaled records on their way to the database. */
interface Backlog {
  readonly segment: Segment;
  readonly records: readonly AccountingRecord[];
}

export class AccountingWriter {
  private queue: Pending[] = [];
  private journaling = false;
  private backlog: Backlog[] = [];
  private backlogRecords = 0;
  private applying: Promise<void> | undefined;
  private databaseDownSince: number | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly journal: Journal,
    private readonly spool: Spool,
    private readonly log: Log,
    private readonly onStored: (sessions: readonly StoredSession[]) => void,
  ) {}

  /** Resolves once the record is on disk (or, without a journal, committed): only then may the NAS get its Accounting-Response. */
  submit(record: AccountingRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.journaling) void this.journalQueue();
    });
  }

  /** Writes already-parsed records straight to the database (spool replay); throws when it cannot. */
  async apply(records: readonly AccountingRecord[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      const stored: StoredSession[] = [];
      for (const segment of segments(records)) {
        if (Array.isArray(segment)) stored.push(...(await this.upsert(client, segment)));
        else stored.push(...(await this.closeNas(client, segment)));
      }
      this.onStored(stored);
    } finally {
      client.release();
    }
  }

  /** Resolves once every record submitted so far is in the database, or waits in the spool for it. */
  async settled(): Promise<void> {
    while (this.queue.length > 0 || this.journaling || this.applying || (this.backlog.length > 0 && this.databaseDownSince === undefined)) {
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Journals what is queued, tries to apply the backlog for up to `ms`, and hands the rest to the spool. */
  async drain(ms = 5_000): Promise<void> {
    while (this.queue.length > 0 || this.journaling) await new Promise((r) => setTimeout(r, 5));
    const deadline = Date.now() + ms;
    while (this.backlog.length > 0 && this.databaseDownSince === undefined && Date.now() < deadline) await (this.applying ?? this.startApplying());
    await this.applying;
    await this.handOver();
  }

  /** One journal write at a time; the records that arrive meanwhile make the next batch. */
  private async journalQueue(): Promise<void> {
    this.journaling = true;
    try {
      // Let the datagrams already read in this turn of the event loop join the batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.journalBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.journaling = false;
    }
  }

  private async journalBatch(batch: Pending[]): Promise<void> {
    const records = batch.map((p) => p.record);
    try {
      const segment = await this.journal.append(records);
      for (const p of batch) p.resolve();
      this.backlog.push({ segment, records });
      this.backlogRecords += records.length;
    } catch (error) {
      this.log.error('accounting: the journal cannot be written; writing to the database before answering', { error: (error as Error).message });
      await this.apply(records).then(
        () => batch.forEach((p) => p.resolve()),
        (failure: Error) => batch.forEach((p) => p.reject(failure)),
      );
      return;
    }
    const down = this.databaseDownSince;
    if (down !== undefined && Date.now() - down < RETRY_DB_EVERY_MS) {
      await this.handOver(); // the spool tries the database every 2 s
    } else if (this.backlogRecords > MAX_BACKLOG) {
      this.log.warn(`accounting: the database is ${this.backlogRecords} records behind; the spool takes them`);
      await this.handOver();
    } else if (!this.applying) {
      void this.startApplying();
    }
  }

  private startApplying(): Promise<void> {
    this.applying = this.applyBacklog()
      .catch((error: Error) => this.log.error('accounting: applying the journal failed; it waits on disk', { error: error.message }))
      .finally(() => (this.applying = undefined));
    return this.applying;
  }

  /** Applies the backlog in batches, oldest first; when the database fails, the spool takes the backlog over. */
  private async applyBacklog(): Promise<void> {
    while (this.backlog.length > 0) {
      const taken: Backlog[] = [];
      let count = 0;
      while (this.backlog.length > 0 && count < MAX_BATCH) {
        const next = this.backlog.shift()!;
        taken.push(next);
        count += next.records.length;
      }
      this.backlogRecords -= count;
      const records = taken.flatMap((t) => t.records);
      try {
        await this.apply(records);
        if (this.databaseDownSince !== undefined) this.log.info('accounting: the database takes writes again');
        this.databaseDownSince = undefined;
      } catch (error) {
        if (!isDataError(error)) {
          if (this.databaseDownSince === undefined) this.log.warn('accounting: the database is unreachable; the journal keeps the records', { error: (error as Error).message });
          this.databaseDownSince = Date.now();
          await this.handOver();
          return;
        }
        this.log.error('accounting: the database refused a batch; kept in the spool for inspection', { error: (error as Error).message });
        await this.spool.quarantine(records);
      }
      for (const t of taken) await this.journal.applied(t.segment, t.records.length);
    }
  }

  /** The backlog's segments become spool files, replayed when the database is back (spool.ts). */
  private async handOver(): Promise<void> {
    this.backlog = [];
    this.backlogRecords = 0;
    try {
      const records = await this.journal.handOver();
      if (records > 0) this.log.debug(`accounting: ${records} journaled records wait in the spool for the database`);
    } catch (error) {
      // The segments stay on disk as they are; the spool adopts them when this process ends.
      this.log.error('accounting: could not hand the journal to the spool', { error: (error as Error).message });
    }
  }

  private async upsert(client: pg.PoolClient, records: readonly SessionRecord[]): Promise<StoredSession[]> {
    // Named: each connection parses and plans the statement once, not once per batch.
    const { rows } = await withDeadlockRetry(() => client.query({ name: 'radius-accounting', text: UPSERT, values: [JSON.stringify(merge(records).map(toRow))] }));
    return rows.map((r) => ({
      id: r.id,
      routerId: r.routerId,
      serviceId: r.serviceId,
      customerId: r.customerId,
      partnerId: r.partnerId,
      mac: r.mac,
      // A repeated Stop reports the session stopped again: harmless for the registry and the screens.
      change: r.stopped ? 'stopped' : r.inserted ? 'started' : 'updated',
    }));
  }

  private async closeNas(client: pg.PoolClient, record: NasRecord): Promise<StoredSession[]> {
    const { rows } = await client.query(CLOSE_NAS, [record.routerId, record.at]);
    if (rows.length > 0) this.log.info(`accounting: ${record.status === 'ON' ? 'Accounting-On' : 'Accounting-Off'} closed ${rows.length} sessions`, { routerId: record.routerId });
    return rows.map((r) => ({ ...r, change: 'stopped' as const }));
  }
}

/** A record as the statement reads it: an array in COLUMNS order (half the JSON of an object, and cheaper for PostgreSQL to take apart). */
function toRow(r: SessionRecord): unknown[] {
  return [
    r.uniqueId, r.acctSessionId, r.routerId, r.nasIp, r.serviceId, r.customerId, r.partnerId, r.login, r.framedIp, r.framedIpv6Prefix,
    r.mac, r.nasPortId, r.nasPortType, r.startedAt, r.at, r.stoppedAt, r.inputOctets, r.outputOctets, r.sessionTime,
    r.interimInterval, r.terminateCause, r.rateLimit, r.blocked, r.day,
  ];
}

/** Runs of session records, split at Accounting-On/Off so those apply in order. */
function segments(records: readonly AccountingRecord[]): Array<SessionRecord[] | NasRecord> {
  const out: Array<SessionRecord[] | NasRecord> = [];
  let run: SessionRecord[] = [];
  for (const r of records) {
    if (r.kind === 'session') {
      run.push(r);
      continue;
    }
    if (run.length > 0) out.push(run);
    run = [];
    out.push(r);
  }
  if (run.length > 0) out.push(run);
  return out;
}

/** One row per session (ON CONFLICT cannot touch a row twice in one statement): the furthest state of each. */
function merge(records: readonly SessionRecord[]): SessionRecord[] {
  const byId = new Map<string, SessionRecord>();
  for (const r of records) {
    const seen = byId.get(r.uniqueId);
    if (!seen) {
      byId.set(r.uniqueId, r);
      continue;
    }
    byId.set(r.uniqueId, {
      ...(r.at >= seen.at ? r : seen),
      startedAt: r.startedAt < seen.startedAt ? r.startedAt : seen.startedAt,
      stoppedAt: seen.stoppedAt ?? r.stoppedAt,
      terminateCause: seen.terminateCause ?? r.terminateCause,
      inputOctets: Math.max(r.inputOctets, seen.inputOctets),
      outputOctets: Math.max(r.outputOctets, seen.outputOctets),
      sessionTime: Math.max(r.sessionTime, seen.sessionTime),
    });
  }
  return [...byId.values()];
}

async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 3) throw error;
    }
  }
}
