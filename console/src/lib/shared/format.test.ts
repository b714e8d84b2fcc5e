import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatKbps, formatMoney } from './format';

describe('formats', () => {
  it('shows a capped count with a plus', () => {
    expect(formatCount(1000, false)).toBe('1,000+');
    expect(formatCount(999)).toBe('999');
  });

  it('groups money without turning the decimal string into a float', () => {
    expect(formatMoney('1234567.5')).toBe('1,234,567.50');
    expect(formatMoney('-105.24')).toBe('−105.24');
    expect(formatMoney('0.125')).toBe('0.125');
  });

  it('shows durations, traffic and speeds the way a technician reads them', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 5)).toBe('3 d 4 h');
    expect(formatBytes('1234567890')).toBe('1.2 GB');
    expect(formatKbps(100_000)).toBe('100 Mbit/s');
    expect(formatKbps(512)).toBe('512 kbit/s');
  });
});
