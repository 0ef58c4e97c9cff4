/**
 * Small statistics every figure of the lab is made with, one definition each:
 * - non-finite values (NaN for "not measured", infinities) are ignored by mean, sd and the quantiles;
 * - an empty input has no figure: null, never 0 or NaN;
 * - quantiles interpolate linearly between order statistics (Hyndman-Fan type 7, numpy's and R's default);
 * - the Wilson score interval has no figure at n = 0 either (null): a caller whose format needs a value there
 *   (a profile's "nothing measured" cell is [0, 1]) says so where it calls.
 */

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** The Wilson score interval [lo, hi] for `successes` out of `n`; null when n = 0. */
export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
  if (!(n > 0)) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The finite values, sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  return finiteCopy(values).sort();
}

/** Quantile q (0..1) of values already sorted ascending (all finite); null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The finite values, in a new array (unsorted). */
function finiteCopy(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out;
}

/** Reorders `a` so that a[k] is its k-th smallest value, everything before it <= and after it >= (Hoare's selection). */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Quantile q (0..1) of the finite values; null when there are none. The two order statistics it interpolates are
 * found by selection, O(n), not by sorting: the same value quantileSorted gives on the sorted values.
 */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  const a = finiteCopy(values);
  const n = a.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  selectInPlace(a, lo);
  let next = a[lo]!;
  if (lo + 1 < n) {
    next = a[lo + 1]!;
    for (let i = lo + 2; i < n; i++) if (a[i]! < next) next = a[i]!;
  }
  return a[lo]! + (h - lo) * (next - a[lo]!);
}

/** Median of the finite values (the mean of the two middle ones for an even count); null when there are none. */
export function median(values: ArrayLike<number>): number | null {
  return quantile(values, 0.5);
}

/** Mean of the finite values; null when there are none. */
export function mean(values: ArrayLike<number>): number | null {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    s += v;
    n++;
  }
  return n ? s / n : null;
}

/** Sample standard deviation (n - 1 in the denominator) of the finite values; null with fewer than two. */
export function sd(values: ArrayLike<number>): number | null {
  const m = mean(values);
  if (m === null) return null;
  let ss = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    ss += (v - m) * (v - m);
    n++;
  }
  return n > 1 ? Math.sqrt(ss / (n - 1)) : null;
}
