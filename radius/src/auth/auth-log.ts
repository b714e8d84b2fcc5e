import type pg from 'pg';
import type { EventPayload } from '@backhaul/schema/events/catalogue.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { Nas } from '../nas-table.ts';
import type { AccessLogEntry } from './access.ts';

const FLUSH_EVERY_MS = 250;
const MAX_BUFFERED = 100_000;
/** A repeat of the same outcome (same service or login, NAS, result and reason) within this window is counted, not written again. */
const FOLD_ACCEPTS_MS = 60_000;
const FOLD_REJECTS_MS = 10_000;

/** Rows travel as one JSON array of arrays (the cheapest thing to build per request), in this column order. */
const INSERT = `
INSERT INTO "RadiusAuthLog" (at, "routerId", "nasIp", login, mac, method, result, reason, "serviceId", "customerId", "partnerId")
SELECT to_timestamp((r->>0)::float8 / 1000) AT TIME ZONE 'UTC', (r->>1)::int, (r->>2)::inet, r->>3, r->>4, r->>5,
  (r->>6)::"RadiusAuthResult", r->>7, (r->>8)::int, (r->>9)::int, (r->>10)::int
FROM jsonb_array_elements($1::jsonb) AS r
RETURNING id::text AS id, result, reason, login, "routerId", "customerId", "partnerId"`;

export type LoggedEntry = EventPayload<'RadiusLogged'>['entries'][number];

/**
 * The RADIUS log (accepts and rejects, with the reason), written in batches a few times a
 * second. Repeats are folded: a CPE stuck in a login loop writes one row per login, NAS, method
 * and outcome a minute (a reject and its reason: one every 10 s), while the
 * per-second rates still count every request. It is a log, not accounting: when the database is
 * down its rows are counted and dropped rather than held up, and the process log keeps every
 * reject.
 */
export class AuthLogWriter {
  private buffer: unknown[][] = [];
  private recent = new Map<string, number>();
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
    /** The rows once written, for the live RADIUS log. */
    private readonly onWritten: (entries: LoggedEntry[]) => void = () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  add(nas: Nas, entry: AccessLogEntry): void {
    const now = Date.now();
    const s = entry.subscriber;
    const key = `${nas.routerId}/${entry.method}/${entry.result}/${entry.reason}/${entry.login}`;
    const until = this.recent.get(key);
    if (until !== undefined && until > now) return;
    this.recent.set(key, now + (entry.result === 'REJECT' ? FOLD_REJECTS_MS : FOLD_ACCEPTS_MS));
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.buffer.push([now, nas.routerId, nas.address, entry.login, entry.mac, entry.method, entry.result, entry.reason, s?.serviceId, s?.customerId, s?.partnerId]);
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.recent.size > 200_000) this.forgetExpired();
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    try {
      const written = await this.pool.query<LoggedEntry>({ name: 'radius-auth-log', text: INSERT, values: [JSON.stringify(rows)] });
      this.onWritten(written.rows);
      if (this.dropped > 0) {
        this.log.warn(`RADIUS log: ${this.dropped} entries were dropped while the database was unreachable`);
        this.dropped = 0;
      }
    } catch (error) {
      if (this.dropped === 0) this.log.warn('RADIUS log: cannot write to the database; dropping entries until it is back', { error: (error as Error).message });
      this.dropped += rows.length;
    }
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [key, until] of this.recent) if (until <= now) this.recent.delete(key);
  }
}
