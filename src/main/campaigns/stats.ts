/** Small statistics for the run detail: Wilson intervals, quantiles and histograms. */
import type { Distribution } from '../../shared/api/campaigns';

const Z95 = 1.959963984540054;

/** The Wilson score interval for `correct` successes out of `n` (95 % by default); null when n = 0. */
export function wilson(correct: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = correct / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** Quantile of sorted values, linear interpolation between closest ranks (R type 7 / numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Quantiles and an equal-width histogram of `values` (non-finite values ignored). */
export function distribution(values: ArrayLike<number>, bins = 20): Distribution {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) count++;
  const xs = new Float64Array(count);
  let k = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      xs[k++] = v;
      sum += v;
    }
  }
  xs.sort();
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
    mean: sum / n,
    p10: quantileSorted(xs, 0.1),
    p50: quantileSorted(xs, 0.5),
    p90: quantileSorted(xs, 0.9),
    p95: quantileSorted(xs, 0.95),
    p99: quantileSorted(xs, 0.99),
    bins: counts.map((c, i) => ({ lo: width > 0 ? min + i * width : min, hi: width > 0 ? (i === counts.length - 1 ? max : min + (i + 1) * width) : max, count: c })),
  };
}
