import type pg from 'pg';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { Nas } from '../nas-table.ts';
import type { AccessLogEntry } from './access.ts';

const FLUSH_EVERY_MS = 250;
const MAX_BUFFERED = 100_000;

const INSERT = `
INSERT INTO "RadiusAuthLog" (at, "routerId", "nasIp", login, mac, method, result, reason, "serviceId", "customerId", "partnerId")
SELECT at, "routerId", "nasIp", login, mac, method, result::"RadiusAuthResult", reason, "serviceId", "customerId", "partnerId"
FROM jsonb_to_recordset($1::jsonb) AS t(at timestamp, "routerId" int, "nasIp" inet, login text, mac text, method text,
  result text, reason text, "serviceId" int, "customerId" int, "partnerId" int)`;

/**
 * The RADIUS log (every accept and reject, with the reason), written in batches a few times a
 * second. It is a log, not accounting: when the database is down its rows are counted and
 * dropped rather than held up, and the process log keeps every reject.
 */
export class AuthLogWriter {
  private buffer: object[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  add(nas: Nas, entry: AccessLogEntry): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.buffer.push({
      at: new Date().toISOString(),
      routerId: nas.routerId,
      nasIp: nas.address,
      login: entry.login,
      mac: entry.mac,
      method: entry.method,
      result: entry.result,
      reason: entry.reason,
      serviceId: entry.subscriber?.serviceId ?? null,
      customerId: entry.subscriber?.customerId ?? null,
      partnerId: entry.subscriber?.partnerId ?? null,
    });
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    try {
      await this.pool.query(INSERT, [JSON.stringify(rows)]);
      if (this.dropped > 0) {
        this.log.warn(`RADIUS log: ${this.dropped} entries were dropped while the database was unreachable`);
        this.dropped = 0;
      }
    } catch (error) {
      if (this.dropped === 0) this.log.warn('RADIUS log: cannot write to the database; dropping entries until it is back', { error: (error as Error).message });
      this.dropped += rows.length;
    }
  }
}
