import { describe, expect, it } from 'vitest';
import { RollingSeries } from './series';

describe('RollingSeries', () => {
  it('keeps only the window before the newest point', () => {
    const s = new RollingSeries(1_000);
    for (let t = 0; t <= 5_000; t += 100) s.push(t, t);
    expect(s.points[0]?.x).toBe(4_000);
    expect(s.points.at(-1)?.x).toBe(5_000);
  });

  it('never holds more than maxPoints, whatever the rate', () => {
    const s = new RollingSeries(60_000, 50);
    for (let t = 0; t < 10_000; t++) s.push(t, 1);
    expect(s.points).toHaveLength(50);
  });

  it('keeps points a resolution apart, the newest moving with the latest sample', () => {
    const s = new RollingSeries(60_000, 100, 10_000);
    for (let t = 0; t <= 35_000; t += 1_000) s.push(t, t);
    expect(s.points.map((p) => p.x)).toEqual([0, 10_000, 20_000, 30_000, 35_000]);
    expect(s.points.at(-1)?.y).toBe(35_000);
  });

  it('ignores late samples and replaces one with the same time', () => {
    const s = new RollingSeries(1_000);
    s.push(10, 1);
    s.push(5, 2);
    s.push(10, 3);
    expect(s.points).toEqual([{ x: 10, y: 3 }]);
    expect(s.version).toBe(2);
  });
});
