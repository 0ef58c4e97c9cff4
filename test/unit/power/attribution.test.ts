import { describe, expect, it } from 'vitest';
import { attributeIntervals, counterIntervals, intervalsOverlapping, meanPowerInside } from '../../../src/main/power/attribution';
import { energyBetween } from '../../../src/main/power/energy';

/** Ground truth: idle 1 W, busy 3 W during [1000, 4000] ms. */
const truth = (a: number, b: number) => {
  const busy = Math.max(0, Math.min(b, 4000) - Math.max(a, 1000));
  return ((b - a - busy) * 1 + busy * 3) / 1000;
};
/** A meter reporting every 300 ms, phase-shifted so boundaries fall inside intervals. */
const metered = (phase: number) => {
  const out = [];
  for (let t = phase; t < 6000; t += 300) out.push({ from: t, to: t + 300, joules: truth(t, t + 300) });
  return out;
};

describe('energy attribution to prompt windows', () => {
  it('with the idle baseline, recovers the prompt energy exactly wherever the boundaries fall', () => {
    for (const phase of [0, 70, 150, 299]) {
      const steps = attributeIntervals(metered(phase), [{ from: 1000, to: 4000 }], 1);
      expect(energyBetween(steps, 1000, 4000).joules).toBeCloseTo(9, 9);
    }
  });

  it('uniform proration (no baseline) under-counts both ends, which is why the baseline is used', () => {
    const steps = attributeIntervals(metered(150), [{ from: 1000, to: 4000 }], null);
    const j = energyBetween(steps, 1000, 4000).joules;
    expect(j).toBeLessThan(9);
    expect(j).toBeGreaterThan(8.5);
  });

  it('conserves every interval\'s energy and never gives idle parts more than the interval had', () => {
    const intervals = metered(70);
    const steps = attributeIntervals(intervals, [{ from: 1000, to: 4000 }], 5);
    const total = intervals.reduce((n, iv) => n + iv.joules, 0);
    expect(energyBetween(steps, -1e9, 1e9).joules).toBeCloseTo(total, 9);
    expect(steps.every((s) => s.watts >= 0)).toBe(true);
  });

  it('treats back-to-back prompts as one busy stretch', () => {
    const steps = attributeIntervals(metered(150), [{ from: 1000, to: 2500 }, { from: 2500, to: 4000 }], 1);
    expect(energyBetween(steps, 1000, 2500).joules).toBeCloseTo(4.5, 6);
    expect(energyBetween(steps, 2500, 4000).joules).toBeCloseTo(4.5, 6);
  });

  it('counts the meter updates behind a window, and measures a baseline from intervals inside it', () => {
    const iv = metered(0);
    expect(intervalsOverlapping(iv, 1000, 4000)).toBe(11);
    expect(meanPowerInside(iv, 4200, 6000)).toMatchObject({ watts: 1, intervals: 6 });
    expect(meanPowerInside(iv, 100, 200)).toBeNull();
  });

  it('turns ODPM cumulative reads into intervals and attributes them the same way', () => {
    const reads = [0, 400, 1150, 2000, 3900, 4100, 5000].map((t) => ({ t, joules: truth(0, t) + 100 }));
    const iv = counterIntervals(reads);
    expect(iv).toHaveLength(6);
    const steps = attributeIntervals(iv, [{ from: 1000, to: 4000 }], 1);
    expect(energyBetween(steps, 1000, 4000).joules).toBeCloseTo(9, 9);
  });
});
