import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/shared/kit/prng';
import { mean, median, quantile, quantileSorted, sd, sortedFinite, wilson } from '../../../../src/shared/kit/stats';

describe('wilson', () => {
  it('matches scipy.stats.binomtest(...).proportion_ci(method="wilson")', () => {
    const [lo, hi] = wilson(8, 10)!;
    expect(lo).toBeCloseTo(0.4901624715366418, 12);
    expect(hi).toBeCloseTo(0.9433178485456248, 12);
    expect(wilson(0, 5)![0]).toBe(0);
    expect(wilson(0, 5)![1]).toBeCloseTo(0.43448246478317476, 12);
    expect(wilson(5, 5)![1]).toBe(1);
  });

  it('matches a hand computation: 5/6 -> [.4365, .9699]; 0/10 starts at exactly 0', () => {
    // p = .8333, z^2 = 3.8415, denom = 1.6402, centre = .7032, half = .2667
    expect(wilson(5, 6)![0]).toBeCloseTo(0.4365, 4);
    expect(wilson(5, 6)![1]).toBeCloseTo(0.9699, 4);
    expect(wilson(0, 10)![0]).toBe(0);
  });

  it('has no interval at n = 0', () => {
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('quantiles, median, mean, sd', () => {
  const xs = [3, 1, 4, 1, 5, 9, 2, 6];

  it('interpolate like numpy.quantile (type 7)', () => {
    // numpy.quantile([3,1,4,1,5,9,2,6], [0.1, 0.25, 0.5, 0.9, 0.95])
    const expected = [1, 1.75, 3.5, 6.9, 7.95];
    [0.1, 0.25, 0.5, 0.9, 0.95].forEach((q, i) => expect(quantile(xs, q)).toBeCloseTo(expected[i]!, 12));
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    // sorted [100, 130, 220, 300, 480, 900]: h = 4.75 -> 480 + .75 * 420 = 795
    expect(quantile([100, 220, 480, 130, 900, 300], 0.95)).toBeCloseTo(795, 9);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  it('found by selection, equal to the sorted values\' quantile (duplicates, any length, any q)', () => {
    const rand = mulberry32(7).next;
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rand() * 60);
      // Few distinct values half the time: selection must handle runs of equal values.
      const v = Array.from({ length: n }, () => (t % 2 ? Math.floor(rand() * 4) : rand() * 1000 - 500));
      for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1]) expect(quantile(v, q)).toBe(quantileSorted(sortedFinite(v), q));
    }
  });

  it('ignore non-finite values and have no figure for an empty input', () => {
    expect(quantile([NaN, 2, Infinity, 1], 0.5)).toBe(1.5);
    expect([...sortedFinite([3, NaN, -Infinity, 1])]).toEqual([1, 3]);
    expect(median([])).toBeNull();
    expect(median([NaN])).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([1, NaN, 3])).toBe(2);
    expect(sd([1])).toBeNull();
  });

  it('sd is the sample standard deviation (numpy.std(ddof=1))', () => {
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12);
    expect(sd([5, 5, 5])).toBe(0);
  });
});
