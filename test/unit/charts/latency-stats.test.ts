import { describe, expect, it } from 'vitest';
import { latencyRows, latencyStats } from '../../../src/main/charts/latency-stats';

describe('latencyStats', () => {
  it('gives type-7 quartiles (numpy default), min, max and mean', () => {
    // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 75, 100]) = 1, 2, 3, 4, 10
    expect(latencyStats([10, 3, 1, 4, 2])).toEqual({ n: 5, min: 1, q1: 2, median: 3, q3: 4, max: 10, mean: 4 });
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75
    expect(latencyStats([1, 2, 3, 4])?.q1).toBeCloseTo(1.75);
  });

  it('drops values that are not measurements, and gives null when nothing is left', () => {
    expect(latencyStats([Number.NaN, 5, Number.POSITIVE_INFINITY])).toMatchObject({ n: 1, min: 5, max: 5 });
    expect(latencyStats([Number.NaN])).toBeNull();
    expect(latencyStats([])).toBeNull();
  });

  it('makes one chart row per model', () => {
    expect(latencyRows([{ id: 'a', sizeMb: 10, latenciesMs: [1, 2] }, { id: 'b', latenciesMs: [] }])).toEqual([
      { model: 'a', sizeMb: 10, stats: { n: 2, min: 1, q1: 1.25, median: 1.5, q3: 1.75, max: 2, mean: 1.5 } },
      { model: 'b', stats: null },
    ]);
  });
});
