import { describe, expect, it } from 'vitest';
import { energyFlagFor, findGaps, gapInWindow, gapThresholdMs, GAP_MIN_MS } from '../../../src/main/power/meter-gaps';

describe('meter gaps', () => {
  it('a gap is no reading for ten periods and at least the floor', () => {
    expect(gapThresholdMs(300)).toBe(GAP_MIN_MS);
    expect(gapThresholdMs(1000)).toBe(10_000);
    const reads = [0, 300, 600, 900, 13_000, 13_300];
    expect(findGaps(reads, gapThresholdMs(300))).toEqual([{ from: 900, to: 13_000 }]);
    expect(findGaps([0, 300, 600, 5_500], gapThresholdMs(300)), 'a 4.9 s stall is not a gap').toEqual([]);
  });

  it('finds the longest gap overlapping a window, and none outside it', () => {
    const gaps = [{ from: 1000, to: 7000 }, { from: 20_000, to: 40_000 }];
    expect(gapInWindow(gaps, 500, 1000)).toBeNull();
    expect(gapInWindow(gaps, 6000, 25_000)).toEqual({ from: 20_000, to: 40_000 });
    expect(gapInWindow(gaps, 7000, 20_000)).toBeNull();
    expect(gapInWindow(gaps, 0, 1200, 300), 'grazing by less than a meter period').toBeNull();
    expect(gapInWindow(gaps, 0, 1400, 300)).toEqual({ from: 1000, to: 7000 });
  });

  it('flags a window across a gap, and one below the idle baseline; a measurement is not flagged', () => {
    const w = { joules: 3, netJoules: 1, averageWatts: 1.5 };
    const gap = energyFlagFor(w, { from: 0, to: 20_000 }, 300, 1, 'fuel gauge');
    expect(gap).toMatchObject({ kind: 'meter-gap', energyJ: 3, netEnergyJ: 1 });
    expect(gap!.reason).toMatch(/fuel gauge gave no reading for 20\.0 s .* every 300 ms/);
    const below = energyFlagFor({ joules: 1.8, netJoules: -0.211, averageWatts: 0.9 }, null, 300, 1, 'ODPM meter');
    expect(below).toMatchObject({ kind: 'below-idle', netEnergyJ: -0.211 });
    expect(below!.reason).toMatch(/0\.900 W is below the idle baseline 1\.000 W \(net -0\.211 J\)/);
    expect(energyFlagFor(w, null, 300, 1, 'fuel gauge')).toBeNull();
    expect(energyFlagFor({ ...w, netJoules: null }, null, 300, null, 'fuel gauge'), 'no baseline: nothing to compare').toBeNull();
  });
});
