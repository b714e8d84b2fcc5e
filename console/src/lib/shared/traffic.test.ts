import { describe, expect, it } from 'vitest';
import { addDays, bucketLabel, changesTraffic, dailyBuckets, monthlyBuckets, trafficBuckets, trafficRange, trafficTotal, utcToday } from './traffic';

const day = (d: string, down: string, up: string) => ({ day: d, outputOctets: down, inputOctets: up });

describe('trafficRange', () => {
  it('covers the last 30 days including today, and the current month', () => {
    expect(trafficRange('30d', '2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31', periodFrom: '2026-03-02', monthFrom: '2026-03-01' });
    expect(trafficRange('30d', '2026-03-10')).toEqual({ from: '2026-02-09', to: '2026-03-10', periodFrom: '2026-02-09', monthFrom: '2026-03-01' });
  });

  it('covers 90 days', () => {
    expect(trafficRange('90d', '2026-03-31').periodFrom).toBe('2026-01-01');
  });

  it('covers 12 whole months up to this one, within the API’s 366 days', () => {
    const range = trafficRange('12m', '2024-02-29');
    expect(range.periodFrom).toBe('2023-03-01');
    expect(dailyBuckets([], range.from, range.to)).toHaveLength(366);
    expect(trafficRange('12m', '2026-01-15').from).toBe('2025-02-01');
  });

  it('takes today from UTC, the calendar the API sums in', () => {
    expect(utcToday(new Date('2026-03-31T23:30:00-05:00'))).toBe('2026-04-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});

describe('traffic buckets', () => {
  it('shows every day, days without traffic as zero', () => {
    expect(dailyBuckets([day('2026-03-02', '5', '1')], '2026-03-01', '2026-03-03')).toEqual([
      { key: '2026-03-01', download: 0, upload: 0 },
      { key: '2026-03-02', download: 5, upload: 1 },
      { key: '2026-03-03', download: 0, upload: 0 },
    ]);
  });

  it('adds the days of each month, across a year end', () => {
    const days = [day('2025-12-31', '10', '1'), day('2026-01-01', '20', '2'), day('2026-01-31', '30', '3'), day('2026-02-01', '1', '1')];
    expect(monthlyBuckets(days, '2025-12-01', '2026-02-10')).toEqual([
      { key: '2025-12', download: 10, upload: 1 },
      { key: '2026-01', download: 50, upload: 5 },
      { key: '2026-02', download: 1, upload: 1 },
    ]);
  });

  it('leaves out days outside the range and shows empty months', () => {
    expect(monthlyBuckets([day('2026-01-01', '20', '2')], '2026-01-02', '2026-02-10')).toEqual([
      { key: '2026-01', download: 0, upload: 0 },
      { key: '2026-02', download: 0, upload: 0 },
    ]);
  });

  it('shows 12 months per month and 30 days per day', () => {
    expect(trafficBuckets([], '12m', trafficRange('12m', '2026-03-31')).map((b) => b.key)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    // The current month is loaded too (for its total), but the bars are the period's.
    expect(trafficBuckets([], '30d', trafficRange('30d', '2026-03-10'))).toHaveLength(30);
  });
});

describe('trafficTotal', () => {
  it('sums exactly beyond 2^53 from the given day on', () => {
    const days = [day('2026-02-28', '1', '1'), day('2026-03-01', '9007199254740993', '2'), day('2026-03-02', '1', '3')];
    expect(trafficTotal(days, '2026-03-01')).toEqual({ download: 9007199254740994n, upload: 5n });
  });
});

describe('bucketLabel', () => {
  it('names days and months in UTC, whatever the viewer’s time zone', () => {
    expect(bucketLabel('2026-03-01', 'en-US')).toBe('Mar 1');
    expect(bucketLabel('2026-03', 'en-US')).toBe('Mar 2026');
  });
});

describe('changesTraffic', () => {
  it('is true for an update or a stop of the service shown, not a start or another service', () => {
    expect(changesTraffic([{ kind: 'UPDATED', serviceId: 3 }], 3)).toBe(true);
    expect(changesTraffic([{ kind: 'STOPPED', serviceId: 3 }], 3)).toBe(true);
    expect(changesTraffic([{ kind: 'STARTED', serviceId: 3 }, { kind: 'UPDATED', serviceId: 4 }], 3)).toBe(false);
  });
});
