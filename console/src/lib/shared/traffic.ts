/**
 * A service's traffic per day (UTC, as the API sums it) turned into what the traffic card shows:
 * the days to ask for, bars per day or per month with the missing ones as zero, and totals.
 * Pure functions on `YYYY-MM-DD` strings: tested without a browser or a time zone.
 */

export type TrafficPeriod = '30d' | '90d' | '12m';

export const TRAFFIC_PERIODS: ReadonlyArray<{ value: TrafficPeriod; label: string; total: string }> = [
  { value: '30d', label: '30 days', total: 'Last 30 days' },
  { value: '90d', label: '90 days', total: 'Last 90 days' },
  { value: '12m', label: '12 months', total: 'Last 12 months' },
];

/** One day as the API returns it: octets as BigInt strings; input is upload, output download. */
export interface TrafficDayLike {
  day: string;
  inputOctets: string;
  outputOctets: string;
}

/** One bar: a day (`YYYY-MM-DD`) or a month (`YYYY-MM`). */
export interface TrafficBucket {
  key: string;
  download: number;
  upload: number;
}

export interface TrafficTotal {
  download: bigint;
  upload: bigint;
}

export interface TrafficRange {
  /** The days to load: the period, and the current month if it began earlier. */
  from: string;
  to: string;
  /** The first day of the period shown. */
  periodFrom: string;
  /** The first day of the current month. */
  monthFrom: string;
}

function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + days);
  return formatDay(date);
}

function addMonths(month: string, months: number): string {
  const date = parseDay(`${month}-01`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return formatDay(date).slice(0, 7);
}

/** Today in UTC, the calendar the API sums traffic in. */
export function utcToday(now: Date = new Date()): string {
  return formatDay(now);
}

/** The days to load for `period`, ending `today`. */
export function trafficRange(period: TrafficPeriod, today: string): TrafficRange {
  const monthFrom = `${today.slice(0, 7)}-01`;
  const periodFrom =
    period === '12m' ? `${addMonths(today.slice(0, 7), -11)}-01` : addDays(today, period === '90d' ? -89 : -29);
  return { from: periodFrom < monthFrom ? periodFrom : monthFrom, to: today, periodFrom, monthFrom };
}

function toNumber(octets: string): number {
  const n = Number(octets);
  return Number.isFinite(n) ? n : 0;
}

/** One bar per day from `from` to `to`, days without traffic as zero. */
export function dailyBuckets(days: readonly TrafficDayLike[], from: string, to: string): TrafficBucket[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const buckets: TrafficBucket[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const found = byDay.get(day);
    buckets.push({ key: day, download: found ? toNumber(found.outputOctets) : 0, upload: found ? toNumber(found.inputOctets) : 0 });
  }
  return buckets;
}

/** One bar per calendar month from `from`'s month to `to`'s, each the sum of its days. */
export function monthlyBuckets(days: readonly TrafficDayLike[], from: string, to: string): TrafficBucket[] {
  const buckets = new Map<string, TrafficBucket>();
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addMonths(month, 1)) {
    buckets.set(month, { key: month, download: 0, upload: 0 });
  }
  for (const d of days) {
    const bucket = buckets.get(d.day.slice(0, 7));
    if (!bucket || d.day < from || d.day > to) continue;
    bucket.download += toNumber(d.outputOctets);
    bucket.upload += toNumber(d.inputOctets);
  }
  return [...buckets.values()];
}

/** The bars of `period`: per day for 30 and 90 days, per month for 12 months. */
export function trafficBuckets(days: readonly TrafficDayLike[], period: TrafficPeriod, range: TrafficRange): TrafficBucket[] {
  return period === '12m' ? monthlyBuckets(days, range.periodFrom, range.to) : dailyBuckets(days, range.periodFrom, range.to);
}

/** Exact sums (BigInt) of the days from `from` on. */
export function trafficTotal(days: readonly TrafficDayLike[], from: string): TrafficTotal {
  let download = 0n;
  let upload = 0n;
  for (const d of days) {
    if (d.day < from) continue;
    download += BigInt(d.outputOctets);
    upload += BigInt(d.inputOctets);
  }
  return { download, upload };
}

/** A bar's label: "Mar 2" for a day, "Mar 2025" for a month (the API's UTC calendar). */
export function bucketLabel(key: string, locale?: string): string {
  const date = parseDay(key.length === 7 ? `${key}-01` : key);
  const options: Intl.DateTimeFormatOptions =
    key.length === 7 ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return date.toLocaleDateString(locale, options);
}

/** Whether live session changes may have changed `serviceId`'s traffic (an interim update or a stop). */
export function changesTraffic(changes: ReadonlyArray<{ kind: string; serviceId: number | null }>, serviceId: number): boolean {
  return changes.some((c) => c.serviceId === serviceId && c.kind !== 'STARTED');
}
