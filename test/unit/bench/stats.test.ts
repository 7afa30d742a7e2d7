import { describe, expect, it } from 'vitest';
import { bytesBetween, figure, MIB, mibs, percentile, recovery } from '../../bench/stats.js';

describe('bench stats helpers', () => {
  it('percentile picks the nearest-rank value', () => {
    const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 99)).toBe(10);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('figure reports the ratio to the baseline and whether the target is met', () => {
    const f = figure(
      12,
      'MiB/s',
      { name: 'raw', value: 20 },
      { text: '≥ 0.5', met: (_v, r) => (r ?? 0) >= 0.5 },
    );
    expect(f.ratio).toBe(0.6);
    expect(f.met).toBe(true);
    expect(
      figure(9, 'MiB/s', { name: 'raw', value: 20 }, { text: '≥ 0.5', met: (_v, r) => (r ?? 0) >= 0.5 }).met,
    ).toBe(false);
    expect(figure(1, 'ms').ratio).toBeUndefined();
  });

  it('bytesBetween reads cumulative samples', () => {
    const s = [
      { t: 0, bytes: 0 },
      { t: 10, bytes: 100 },
      { t: 20, bytes: 300 },
      { t: 30, bytes: 600 },
    ];
    expect(bytesBetween(s, 10, 30)).toBe(500);
    expect(bytesBetween(s, 15, 25)).toBe(200);
    expect(bytesBetween(s, 40, 50)).toBe(0);
  });

  it('recovery finds the first window back at 80 % of the pre-drop rate', () => {
    // 10 MiB/s for 1 s, stalled 500 ms (drop at 1000, new socket at 1300), then 2 MiB/s for 200 ms,
    // then 10 MiB/s again from t = 1700.
    const s: { t: number; bytes: number }[] = [];
    let bytes = 0;
    for (let t = 0; t <= 3000; t += 10) {
      const rate = t <= 1000 ? 10 : t <= 1500 ? 0 : t <= 1700 ? 2 : 10;
      if (t > 0) bytes += (rate * MIB) / 100;
      s.push({ t, bytes });
    }
    const r = recovery(s, 1000, 1300);
    expect(r.preMiBs).toBeCloseTo(10, 5);
    // The first 100 ms window averaging ≥ 8 MiB/s ends at 1780 (8 of its 10 steps at full rate).
    expect(r.recoveryMs).toBe(480);
    expect(r.afterMiBs).toBeCloseTo(mibs(bytesBetween(s, 1300, 3000), 1.7), 5);
  });

  it('recovery reports undefined when the rate never comes back', () => {
    const s = [
      { t: 0, bytes: 0 },
      { t: 100, bytes: MIB },
      { t: 1000, bytes: MIB + 10 },
    ];
    expect(recovery(s, 100, 200).recoveryMs).toBeUndefined();
  });
});
