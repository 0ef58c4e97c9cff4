/** Distributions for the run detail: quantiles (the kit's) and an equal-width histogram. */
import type { Distribution } from '../../shared/api/campaigns';
import { mean, quantileSorted, sortedFinite } from '../../shared/kit/stats';

/** Quantiles and an equal-width histogram of `values` (non-finite values ignored, as everywhere in the kit). */
export function distribution(values: ArrayLike<number>, bins = 20): Distribution {
  const xs = sortedFinite(values);
  const n = xs.length;
  if (n === 0) return { n: 0, min: null, max: null, mean: null, p10: null, p50: null, p90: null, p95: null, p99: null, bins: [] };
  const min = xs[0]!;
  const max = xs[n - 1]!;
  const width = max > min ? (max - min) / bins : 0;
  const counts = new Array<number>(width > 0 ? bins : 1).fill(0);
  if (width > 0) {
    for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((xs[i]! - min) / width))]!++;
  } else counts[0] = n;
  return {
    n,
    min,
    max,
    mean: mean(xs),
    p10: quantileSorted(xs, 0.1),
    p50: quantileSorted(xs, 0.5),
    p90: quantileSorted(xs, 0.9),
    p95: quantileSorted(xs, 0.95),
    p99: quantileSorted(xs, 0.99),
    bins: counts.map((c, i) => ({ lo: width > 0 ? min + i * width : min, hi: width > 0 ? (i === counts.length - 1 ? max : min + (i + 1) * width) : max, count: c })),
  };
}
