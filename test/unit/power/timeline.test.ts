import { describe, expect, it } from 'vitest';
import { chartTimeline, counterPowerIntervals, gaugePowerIntervals } from '../../../src/main/power/timeline';
import { timelineSeries } from '../../../src/shared/charts/power-series';

/** ODPM reads every 200 ms at 2 W, cumulative joules. */
function odpm(fromMs: number, toMs: number, startJ: number, watts = 2): Array<{ t: number; joules: number }> {
  const out = [];
  for (let t = fromMs; t <= toMs; t += 200) out.push({ t, joules: startJ + ((t - fromMs) / 1000) * watts });
  return out;
}

describe('chartTimeline', () => {
  it('never plots two reads 1 ms apart as power: the step is folded into its neighbour, energy kept', () => {
    const reads = odpm(0, 2000, 0);
    // A read 1 ms after the one at 1000 ms that caught a counter step: 0.054 J in 1 ms reads as 54 W.
    reads.splice(6, 0, { t: 1001, joules: reads[5]!.joules + 0.054 });
    for (const r of reads.slice(7)) r.joules += 0.054;
    const iv = counterPowerIntervals(reads);
    expect(Math.max(...iv.map((i) => i.watts))).toBeGreaterThan(50);
    const c = chartTimeline(iv, reads.map((r) => r.t));
    expect(c.meterPeriodMs).toBe(200);
    expect(c.merged).toBe(1);
    expect(Math.max(...c.points.map((p) => p.watts))).toBeLessThan(2.5);
    // Energy under the line is unchanged.
    const energy = c.points.slice(1).reduce((n, p, i) => n + (p.watts * (p.t - c.points[i]!.t)) / 1000, 0);
    expect(energy).toBeCloseTo(reads.at(-1)!.joules - reads[0]!.joules, 9);
  });

  it('returns a gap as a gap: no interval across it, the line starts again after it', () => {
    const before = odpm(0, 2000, 0);
    const after = odpm(22_000, 24_000, 4 + 20 * 0.7);
    const reads = [...before, ...after];
    const c = chartTimeline(counterPowerIntervals(reads), reads.map((r) => r.t));
    expect(c.gaps).toEqual([{ from: 2000, to: 22_000 }]);
    expect(c.points.some((p) => p.t > 2000 && p.t < 22_000)).toBe(false);
    expect(c.points.find((p) => p.t === 22_000)?.watts).toBeCloseTo(2, 9);
  });

  it('downsamples energy-weighted, never across a gap', () => {
    // Alternating 100 ms at 10 W and 300 ms at 2 W: the plain mean of the points is 6 W, the true mean 4 W.
    const updates = [{ t: 0, watts: 2 }];
    let t = 0;
    for (let i = 0; i < 400; i++) {
      t += i % 2 ? 300 : 100;
      updates.push({ t, watts: i % 2 ? 2 : 10 });
    }
    const iv = gaugePowerIntervals(updates);
    const c = chartTimeline(iv, updates.map((u) => u.t), 21);
    expect(c.points.length).toBeLessThanOrEqual(21);
    for (const p of c.points.slice(1, -1)) expect(p.watts).toBeCloseTo(4, 6);
  });
});

describe('the page draws the server’s chart with the server’s facts (shared/charts/power-series.ts)', () => {
  it('finds no gap in a long run the server downsampled, whose points are further apart than the gap threshold', () => {
    // 40,000 gauge updates 300 ms apart (3 h 20 min) with readings all along: the server's 2,000 points are ~6 s
    // apart, over the 5 s floor. Judged by its spacing alone the page drew every interval as a gap.
    const intervals = Array.from({ length: 40_000 }, (_, i) => ({ from: i * 300, to: (i + 1) * 300, watts: 2 + (i % 7) / 10 }));
    const chart = chartTimeline(intervals, intervals.map((x) => x.to), 2000);
    expect(chart.gaps).toEqual([]);
    const s = timelineSeries(chart);
    expect(s.gaps).toEqual([]);
    expect(s.steps.length).toBe(chart.points.length - 1);
    // With one real gap the server lists it and the page draws exactly that one.
    const withGap = intervals.filter((x) => x.from < 3_000_000 || x.from >= 3_060_000);
    const gapped = chartTimeline(withGap, withGap.map((x) => x.to), 2000);
    expect(gapped.gaps).toHaveLength(1);
    expect(timelineSeries(gapped).gaps).toHaveLength(1);
  });
});
